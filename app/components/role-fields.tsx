import { ROLE_DESCRIPTIONS, ROLE_LABELS, ROLES, type Role } from "~/domain/users/roles";

/** One checkbox per role, each with what the role may do; `locked` roles are shown checked and fixed. */
export function RoleFields({
  legend = "Roles",
  checked,
  locked = [],
  idPrefix = "role",
}: {
  legend?: string;
  checked: readonly string[];
  locked?: readonly Role[];
  idPrefix?: string;
}) {
  return (
    <fieldset className="role-choices">
      <legend>{legend}</legend>
      {ROLES.map((role) => {
        const id = `${idPrefix}-${role}`;
        const isLocked = locked.includes(role);
        return (
          <label key={role} htmlFor={id}>
            <input
              id={id}
              type="checkbox"
              name="roles"
              value={role}
              defaultChecked={checked.includes(role) || isLocked}
              disabled={isLocked}
            />
            {/* A disabled box is not submitted; the hidden field sends the fixed role. */}
            {isLocked ? <input type="hidden" name="roles" value={role} /> : null}
            <span>
              {ROLE_LABELS[role]} <span className="hint">— {ROLE_DESCRIPTIONS[role]}</span>
            </span>
          </label>
        );
      })}
    </fieldset>
  );
}

/** The problems of one field from a DomainError's details, for showing beside the field. */
export function fieldErrors(
  details: readonly { path: string; message: string }[] | undefined,
  field: string,
): string[] {
  return (details ?? []).filter((d) => d.path === field).map((d) => d.message);
}

export function FieldErrors({ id, messages }: { id: string; messages: string[] }) {
  if (messages.length === 0) return null;
  return (
    <ul id={id} className="field-errors">
      {messages.map((m) => (
        <li key={m}>{m}</li>
      ))}
    </ul>
  );
}
