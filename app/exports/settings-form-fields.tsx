import { fieldInputValue, SETTING_PREFIX, type SettingsForm } from "./settings-fields";

/** A plugin's settings as labelled inputs, each with its server-side problem beside it. */
export function SettingsFormFields({
  form,
  values,
  errors,
}: {
  form: SettingsForm;
  /** Submitted or default values, by setting name. */
  values: Record<string, unknown>;
  errors: Record<string, string>;
}) {
  if (form.fields.length === 0 && form.unsupported.length === 0) {
    return <p className="meta">This plugin has no settings.</p>;
  }
  return (
    <fieldset className="export-settings">
      <legend>Settings</legend>
      {form.fields.map((field) => {
        const id = `setting-${field.name}`;
        const error = errors[field.name];
        const described = [field.description ? `${id}-help` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
        const common = {
          id,
          name: SETTING_PREFIX + field.name,
          "aria-invalid": error ? true : undefined,
          "aria-describedby": described || undefined,
        } as const;
        const value = values[field.name] ?? field.defaultValue;
        const label = (
          <label htmlFor={id}>
            {field.label}
            {field.required ? (
              <span className="required" aria-hidden="true">
                {" "}
                *
              </span>
            ) : null}
            {field.required ? <span className="visually-hidden"> (required)</span> : null}
          </label>
        );
        return (
          <div className="field" key={field.name}>
            {field.kind === "boolean" ? (
              <label className="checkbox" htmlFor={id}>
                <input type="checkbox" {...common} defaultChecked={value === true} /> {field.label}
              </label>
            ) : (
              label
            )}
            {field.kind === "enum" ? (
              <select {...common} defaultValue={fieldInputValue(value)} required={field.required}>
                {field.required ? null : <option value="">(default)</option>}
                {(field.options ?? []).map((o) => (
                  <option key={o} value={o}>
                    {o === "\t" ? "Tab" : o}
                  </option>
                ))}
              </select>
            ) : field.kind === "string-list" ? (
              <textarea {...common} rows={3} defaultValue={fieldInputValue(value)} />
            ) : field.kind === "boolean" ? null : (
              <input
                {...common}
                type={field.kind === "string" ? "text" : "number"}
                step={field.kind === "integer" ? 1 : "any"}
                defaultValue={fieldInputValue(value)}
              />
            )}
            {field.description ? (
              <p className="hint" id={`${id}-help`}>
                {field.description}
                {field.kind === "string-list" ? " One per line." : ""}
              </p>
            ) : null}
            {error ? (
              <p className="field-error" id={`${id}-error`}>
                {field.label} {error}.
              </p>
            ) : null}
          </div>
        );
      })}
      {form.unsupported.length > 0 ? (
        <p className="meta">
          Settings this form cannot show keep their defaults: {form.unsupported.join(", ")}.
        </p>
      ) : null}
      {errors[""] ? <p className="field-error">{errors[""]}</p> : null}
    </fieldset>
  );
}
