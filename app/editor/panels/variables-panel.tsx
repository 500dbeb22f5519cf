import { useId, useMemo, useRef, useState, type FormEvent } from "react";
import { addVariable, removeVariable, updateVariable } from "~/domain/edits";
import type { Variable } from "~/domain/script-types";
import { useEditor } from "../editor-store";
import {
  CheckboxField,
  DraftField,
  Field,
  KEY_PATTERN,
  KEY_RULE,
  parsers,
  SelectField,
  TextField,
  type Parsed,
} from "../inspector/fields";
import { keepDeleteKeysFromCanvas, useFocusAfterRender } from "../inspector/list-controls";
import { useEdit } from "../use-edit";
import { labelFromKey, mergeFieldUses } from "./merge-field-uses";

const TYPES: readonly { value: Variable["type"]; label: string }[] = [
  { value: "text", label: "Text" },
  { value: "number", label: "Number" },
  { value: "date", label: "Date" },
  { value: "phone", label: "Phone number" },
  { value: "email", label: "Email address" },
  { value: "boolean", label: "Yes / no" },
];

const parseLabel = parsers.required("The label", 100);

/** The script's merge fields: what the contact list fills in, where each is used, renaming and removing. */
export function VariablesPanel() {
  const variables = useEditor((s) => s.doc.variables);
  const nodes = useEditor((s) => s.doc.nodes);
  const objections = useEditor((s) => s.doc.objections);
  const uses = useMemo(() => mergeFieldUses(nodes, objections), [nodes, objections]);
  const base = useId();
  const focusLater = useFocusAfterRender();
  // Cards are keyed by a made-up id that follows a field through renames, so renaming a key does not
  // remount its card and take focus away from the field being typed in next.
  const uids = useRef(new Map<string, string>());
  const uidOf = (key: string) => {
    let uid = uids.current.get(key);
    if (!uid) {
      uid = `${base}-v${uids.current.size}`;
      uids.current.set(key, uid);
    }
    return uid;
  };

  return (
    // The key handler only keeps Delete/Backspace on buttons here from deleting steps on the canvas.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions
    <section
      className="sp-panel-section"
      aria-labelledby={`${base}-title`}
      onKeyDown={keepDeleteKeysFromCanvas}
    >
      <h2 id={`${base}-title`}>Merge fields</h2>
      <p className="hint">
        Filled from each contact’s data. Insert them in any text with the toolbar or by typing{" "}
        <code>{"{{"}</code>.
      </p>
      {variables.length === 0 ? <p className="sp-empty">No merge fields yet.</p> : null}
      <ul className="sp-cards">
        {variables.map((variable, index) => (
          <VariableCard
            key={uidOf(variable.key)}
            variable={variable}
            n={index + 1}
            uses={uses.get(variable.key) ?? 0}
            idBase={uidOf(variable.key)}
            isTaken={(key) => variables.some((v) => v.key === key && v !== variable)}
            onRename={(to) => {
              uids.current.set(to, uidOf(variable.key));
              uids.current.delete(variable.key);
            }}
            onRemoved={() => {
              const neighbour = variables[index + 1] ?? variables[index - 1];
              focusLater(neighbour ? `${uidOf(neighbour.key)}-key` : `${base}-new-key`);
            }}
          />
        ))}
      </ul>
      <AddVariableForm
        inputId={`${base}-new-key`}
        isTaken={(key) => variables.some((v) => v.key === key)}
        onAdded={(key) => focusLater(`${uidOf(key)}-label`)}
      />
    </section>
  );
}

interface VariableCardProps {
  variable: Variable;
  n: number;
  uses: number;
  idBase: string;
  isTaken: (key: string) => boolean;
  onRename: (to: string) => void;
  onRemoved: () => void;
}

function VariableCard({ variable, n, uses, idBase, isTaken, onRename, onRemoved }: VariableCardProps) {
  const edit = useEdit();
  const [confirming, setConfirming] = useState(false);
  const focusLater = useFocusAfterRender();
  const { key } = variable;
  const name = (field: string) => `Merge field ${n} ${field}`;
  const update = (patch: Partial<Variable>, field?: string) =>
    edit(updateVariable, { key, patch }, field ? { coalesce: `variable-${field}:${idBase}` } : undefined);

  const parseKey = (text: string): Parsed<string> => {
    const next = text.trim();
    if (!KEY_PATTERN.test(next)) return { ok: false, message: KEY_RULE };
    if (next !== key && isTaken(next)) return { ok: false, message: `{{${next}}} is already declared.` };
    return { ok: true, value: next };
  };
  const remove = () => {
    edit(removeVariable, { key });
    onRemoved();
  };

  return (
    <li className="card sp-card">
      <fieldset aria-label={`Merge field ${n}`}>
        <legend>
          {variable.label} <code className="merge-field">{`{{${key}}}`}</code>
        </legend>
        <DraftField
          id={`${idBase}-key`}
          label="Key"
          name={name("key")}
          value={key}
          format={(v) => v}
          parse={parseKey}
          commitOn="blur"
          maxLength={64}
          hint={
            uses > 0
              ? `Used in ${plural(uses, "place")}; renaming updates every one. Press Enter to rename.`
              : "Not used yet. Press Enter to rename."
          }
          onCommit={(to) => {
            update({ key: to });
            onRename(to);
          }}
        />
        <DraftField
          id={`${idBase}-label`}
          label="Label"
          name={name("label")}
          value={variable.label}
          format={(v) => v}
          parse={parseLabel}
          maxLength={100}
          onCommit={(label) => update({ label }, "label")}
        />
        <SelectField
          label="Type"
          name={name("type")}
          value={variable.type}
          options={TYPES}
          onChange={(type) => update({ type })}
        />
        <CheckboxField
          label="Required"
          name={name("required")}
          checked={variable.required}
          hint="Contacts without it cannot be called with this script."
          onChange={(required) => update({ required })}
        />
        <TextField
          label="Sample"
          name={name("sample")}
          value={variable.sample ?? ""}
          maxLength={500}
          hint="Shown in previews and run-through."
          onChange={(sample) => update({ sample: sample || undefined }, "sample")}
        />
        <TextField
          label="Fallback"
          name={name("fallback")}
          value={variable.fallback ?? ""}
          maxLength={500}
          hint="Read instead when a contact has no value."
          onChange={(fallback) => update({ fallback: fallback || undefined }, "fallback")}
        />
        {confirming ? (
          <div className="sp-confirm" role="group" aria-label={`Confirm removing {{${key}}}`}>
            <p>
              {`{{${key}}}`} is used in {plural(uses, "place")}. Those uses stay in the texts and will be
              reported as undeclared. Remove it?
            </p>
            <div className="actions">
              <button type="button" className="danger small" onClick={remove}>
                Remove anyway
              </button>
              <button
                type="button"
                id={`${idBase}-keep`}
                className="small"
                onClick={() => {
                  setConfirming(false);
                  focusLater(`${idBase}-remove`);
                }}
              >
                Keep it
              </button>
            </div>
          </div>
        ) : (
          <button
            type="button"
            id={`${idBase}-remove`}
            className="small"
            aria-label={`Remove merge field ${n}`}
            onClick={() => {
              if (uses === 0) return remove();
              setConfirming(true);
              focusLater(`${idBase}-keep`);
            }}
          >
            Remove
          </button>
        )}
      </fieldset>
    </li>
  );
}

interface AddVariableFormProps {
  inputId: string;
  isTaken: (key: string) => boolean;
  onAdded: (key: string) => void;
}

function AddVariableForm({ inputId, isTaken, onAdded }: AddVariableFormProps) {
  const edit = useEdit();
  const [key, setKey] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const trimmed = key.trim();
  const problem =
    trimmed === ""
      ? submitted
        ? "Type a key for the new merge field, e.g. firstName."
        : null
      : !KEY_PATTERN.test(trimmed)
        ? KEY_RULE
        : isTaken(trimmed)
          ? `{{${trimmed}}} is already declared.`
          : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (problem || trimmed === "") return;
    edit(addVariable, { key: trimmed, label: labelFromKey(trimmed), type: "text", required: false });
    setKey("");
    setSubmitted(false);
    onAdded(trimmed);
  };

  return (
    <form className="sp-add-form" onSubmit={submit} noValidate>
      <Field label="New merge field key" id={inputId} error={problem} hint="E.g. firstName or company_name.">
        {(control) => (
          <input
            {...control}
            type="text"
            value={key}
            maxLength={64}
            onChange={(e) => setKey(e.target.value)}
          />
        )}
      </Field>
      <button type="submit">Add merge field</button>
    </form>
  );
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
