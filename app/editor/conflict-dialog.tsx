import { useEffect, useRef, useState } from "react";
import { useEditor } from "./editor-store";

/**
 * Someone else saved this script while it was being edited. Nothing is overwritten: the writer either
 * loads their version (dropping these edits) or keeps this version as a new script.
 */
export function ConflictDialog({ onLoadTheirs, onKeepCopy }: { onLoadTheirs: () => void; onKeepCopy: () => Promise<void> }) {
  const conflict = useEditor((s) => s.conflict);
  const ref = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (conflict && !dialog.open) dialog.showModal();
    if (!conflict && dialog.open) dialog.close();
  }, [conflict]);

  return (
    <dialog
      ref={ref}
      className="sp-dialog"
      aria-labelledby="conflict-title"
      onCancel={(e) => e.preventDefault()}
    >
      <h2 id="conflict-title">Someone else saved this script</h2>
      <p>
        While you were editing, another save reached the server{conflict && conflict.revision > 0 ? ` (revision ${conflict.revision})` : ""}.
        Your changes were not saved over theirs. Choose what to keep:
      </p>
      {error ? (
        <p role="alert" className="alert">
          {error}
        </p>
      ) : null}
      <div className="actions">
        <button type="button" className="primary" disabled={busy} onClick={onLoadTheirs}>
          Load their version
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            setError(null);
            try {
              await onKeepCopy();
            } catch (e) {
              setError(e instanceof Error ? e.message : "The copy could not be saved.");
              setBusy(false);
            }
          }}
        >
          {busy ? "Saving copy…" : "Keep mine as a copy"}
        </button>
      </div>
    </dialog>
  );
}
