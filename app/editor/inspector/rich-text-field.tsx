import { lazy, Suspense } from "react";
import type { RichText, Variable } from "~/domain/script-types";
import { StaticSurface } from "../rich-text/static-surface";

// TipTap and ProseMirror are most of the editor page's code, and the canvas does not need them: the rich
// text editor is its own chunk, fetched once the canvas is up (preloadRichTextEditor) or on first use.
const loadRichTextEditor = () => import("../rich-text/rich-text-editor");
const RichTextEditor = lazy(() => loadRichTextEditor().then((m) => ({ default: m.RichTextEditor })));

/** Starts fetching the rich text editor's code (no-op once it is loaded). */
export function preloadRichTextEditor(): void {
  void loadRichTextEditor().catch(() => undefined);
}

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
 * name twice. Until the editor's code has arrived, the text is shown read-only in the same frame.
 */
export function RichTextField({ label, name, hint, ...editor }: RichTextFieldProps) {
  return (
    <div className="field sp-field sp-rich-field">
      <span className="sp-label" aria-hidden="true">
        {label}
      </span>
      <Suspense fallback={<LoadingEditor label={name ?? label} value={editor.value} />}>
        <RichTextEditor label={name ?? label} {...editor} />
      </Suspense>
      {hint ? <span className="hint">{hint}</span> : null}
    </div>
  );
}

function LoadingEditor({ label, value }: { label: string; value: RichText }) {
  return (
    <div
      className="rich-text-editor rich-text-editor--loading"
      aria-busy="true"
      aria-label={`${label} (loading the editor)`}
      role="group"
    >
      <div className="rich-text-editor__toolbar" aria-hidden="true" />
      <StaticSurface value={value} />
    </div>
  );
}
