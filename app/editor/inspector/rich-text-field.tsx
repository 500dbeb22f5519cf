import type { RichText, Variable } from "~/domain/script-types";
import { RichTextEditor } from "../rich-text/rich-text-editor";

interface RichTextFieldProps {
  /** The visible caption. */
  label: string;
  /** The editing area's accessible name, when it must say more than the caption ("Objection 2 reply"). */
  name?: string;
  value: RichText;
  onChange: (value: RichText) => void;
  variables: Variable[];
  placeholder?: string;
  hint?: string;
}

/**
 * A rich text field with a visible caption. The editor names its editing area itself (a contenteditable
 * cannot be the target of <label for>), so the caption is hidden from screen readers to avoid reading the
 * name twice.
 */
export function RichTextField({ label, name, hint, ...editor }: RichTextFieldProps) {
  return (
    <div className="field sp-field sp-rich-field">
      <span className="sp-label" aria-hidden="true">
        {label}
      </span>
      <RichTextEditor label={name ?? label} {...editor} />
      {hint ? <span className="hint">{hint}</span> : null}
    </div>
  );
}
