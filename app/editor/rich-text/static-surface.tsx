import { RichTextView } from "~/components/rich-text-view";
import type { RichText } from "~/domain/script-types";

/**
 * A rich text field's text, read-only, where the editing area will be: before the editor has mounted
 * (server render, hydration) or before its code has loaded, so nothing jumps. No TipTap here: the field
 * shows it while the editor's own chunk is still on its way.
 */
export function StaticSurface({ value }: { value: RichText }) {
  return (
    <div className="rich-text-editor__surface rich-text-editor__surface--static">
      <RichTextView doc={value} />
    </div>
  );
}
