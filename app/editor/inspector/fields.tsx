import { useId, useState, type ReactNode } from "react";

// Small labelled form controls shared by the inspector and the side panels. Every control has a visible label
// tied to it with htmlFor (in lists, a fuller accessible name such as "Option 2 label"), and its hint and
// error are announced through aria-describedby.

export interface ControlProps {
  id: string;
  "aria-label"?: string;
  "aria-describedby"?: string;
  "aria-invalid"?: true;
}

interface FieldProps {
  label: string;
  /**
   * The control's accessible name when the visible label is short and repeated in a list ("Label" shown,
   * "Option 2 label" announced). It contains the visible label, so speech input still finds it.
   */
  name?: string;
  hint?: ReactNode;
  error?: string | null;
  className?: string;
  /** A fixed element id for the control, when focus must be moved to it; otherwise one is made up. */
  id?: string;
  children: (control: ControlProps) => ReactNode;
}

/** A label, the control the render function returns, and its hint and error. */
export function Field({ label, name, hint, error, className, id: fixedId, children }: FieldProps) {
  const generatedId = useId();
  const id = fixedId ?? generatedId;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={["field", "sp-field", className].filter(Boolean).join(" ")}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        "aria-label": name,
        "aria-describedby": describedBy,
        "aria-invalid": error ? true : undefined,
      })}
      {error ? (
        <span id={errorId} className="sp-field-error" role="alert">
          {error}
        </span>
      ) : null}
      {hint ? (
        <span id={hintId} className="hint">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

interface TextFieldProps {
  label: string;
  name?: string;
  value: string;
  onChange: (value: string) => void;
  maxLength?: number;
  placeholder?: string;
  hint?: ReactNode;
  multiline?: boolean;
  className?: string;
  id?: string;
}

/**
 * A text input (or textarea) whose every change is passed on; the caller commits it to the document.
 * Ctrl/Cmd+Z in it undoes the document's typing step (use-editor-shortcuts), not one character at a time.
 */
export function TextField({
  label,
  name,
  value,
  onChange,
  multiline,
  hint,
  className,
  id,
  ...rest
}: TextFieldProps) {
  return (
    <Field label={label} name={name} hint={hint} className={className} id={id}>
      {(control) =>
        multiline ? (
          <textarea
            {...control}
            {...rest}
            data-undo="document"
            rows={3}
            value={value}
            onChange={(e) => onChange(e.target.value)}
          />
        ) : (
          <input
            {...control}
            {...rest}
            data-undo="document"
            type="text"
            value={value}
            onChange={(e) => onChange(e.target.value)}
          />
        )
      }
    </Field>
  );
}

interface SelectFieldProps<T extends string> {
  label: string;
  name?: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
  hint?: ReactNode;
  className?: string;
  id?: string;
}

export function SelectField<T extends string>({
  label,
  name,
  value,
  options,
  onChange,
  hint,
  className,
  id,
}: SelectFieldProps<T>) {
  return (
    <Field label={label} name={name} hint={hint} className={className} id={id}>
      {(control) => (
        <select
          {...control}
          value={value}
          onChange={(e) => {
            const chosen = options.find((o) => o.value === e.target.value);
            if (chosen) onChange(chosen.value);
          }}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function CheckboxField({
  label,
  name,
  checked,
  onChange,
  hint,
}: {
  label: string;
  name?: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: ReactNode;
}) {
  const id = useId();
  return (
    <div className="sp-check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        aria-label={name}
        aria-describedby={hint ? `${id}-hint` : undefined}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

interface DraftFieldProps<T> {
  label: string;
  name?: string;
  value: T;
  format: (value: T) => string;
  /** Turns what was typed into a value, or says why it cannot be one. Invalid input is never committed. */
  parse: (text: string) => Parsed<T>;
  onCommit: (value: T) => void;
  /** "change" commits every valid keystroke; "blur" waits for Enter or leaving the field (renames). */
  commitOn?: "change" | "blur";
  type?: "text" | "number";
  min?: number;
  max?: number;
  maxLength?: number;
  placeholder?: string;
  hint?: ReactNode;
  className?: string;
  id?: string;
}

/**
 * A text or number input that keeps what is being typed apart from the committed value, so that input which
 * is not (yet) valid (an empty required name, "1" on the way to "150", a key with a space) shows an inline
 * message instead of reaching the document. Undo and other outside changes replace the draft.
 */
export function DraftField<T>({
  label,
  name,
  value,
  format,
  parse,
  onCommit,
  commitOn = "change",
  type = "text",
  hint,
  className,
  id,
  ...rest
}: DraftFieldProps<T>) {
  const committed = format(value);
  const [draft, setDraft] = useState(committed);
  const [seen, setSeen] = useState(committed);
  let shown = draft;
  if (seen !== committed) {
    // The document changed (our own commit, undo, another panel): keep the draft only if it says the same.
    const parsed = parse(draft);
    const same = parsed.ok && format(parsed.value) === committed;
    setSeen(committed);
    if (!same) {
      setDraft(committed);
      shown = committed;
    }
  }
  const parsed = parse(shown);
  const error = parsed.ok ? null : parsed.message;

  const commit = (text: string) => {
    const result = parse(text);
    if (result.ok && format(result.value) !== committed) onCommit(result.value);
  };

  return (
    <Field
      label={label}
      name={name}
      hint={hint}
      error={error}

      className={className}
      id={id}
    >
      {(control) => (
        <input
          {...control}
          {...rest}
          type={type}
          value={shown}
          onChange={(e) => {
            setDraft(e.target.value);
            if (commitOn === "change") commit(e.target.value);
          }}
          onBlur={() => {
            if (commitOn === "blur") commit(shown);
            // Leaving a valid field shows it as stored ("sales, spring, " becomes "sales, spring").
            else if (parsed.ok) setDraft(format(parsed.value));
          }}
          onKeyDown={(e) => {
            if (commitOn !== "blur") return;
            if (e.key === "Enter") {
              e.preventDefault();
              commit(shown);
            } else if (e.key === "Escape") {
              e.preventDefault();
              e.stopPropagation();
              setDraft(committed);
            }
          }}
        />
      )}
    </Field>
  );
}

/** Parsers shared by several forms. */
export const parsers = {
  /** A name that must not be empty (outcome label, milestone, objection label). */
  required(what: string, maxLength: number) {
    return (text: string): Parsed<string> =>
      text.trim().length === 0
        ? { ok: false, message: `${what} cannot be empty; the last one is kept until you type one.` }
        : text.length > maxLength
          ? { ok: false, message: `${what} can be at most ${maxLength} characters.` }
          : { ok: true, value: text };
  },
  /** A whole or decimal number between min and max. */
  number(min: number, max: number, options: { integer?: boolean } = {}) {
    return (text: string): Parsed<number> => {
      const n = Number(text.trim());
      if (text.trim() === "" || !Number.isFinite(n)) return { ok: false, message: "Enter a number." };
      if (options.integer && !Number.isInteger(n)) return { ok: false, message: "Enter a whole number." };
      if (n < min || n > max) return { ok: false, message: `Enter a number from ${min} to ${max}.` };
      return { ok: true, value: n };
    };
  },
};

export const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
export const KEY_RULE =
  "Start with a letter; then letters, digits or “_” (no spaces), at most 64 characters.";
