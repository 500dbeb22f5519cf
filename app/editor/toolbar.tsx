import { Link } from "@remix-run/react";
import { useReactFlow } from "@xyflow/react";
import { memo, useState } from "react";
import { toElkGraph, positionsFromElk } from "~/domain/auto-layout";
import { moveNodes } from "~/domain/edits";
import type { ReviewState } from "~/domain/versions/review-state";
import { VersionsToolbarLinks } from "~/versions/versions-toolbar-links";
import { useEditor, useEditorStore, type SaveStatus } from "./editor-store";
import { useEdit } from "./use-edit";

const STATUS_TEXT: Record<SaveStatus, string> = {
  saved: "All changes saved",
  dirty: "Unsaved changes",
  saving: "Saving…",
  offline: "Offline",
  failed: "Not saved",
  conflict: "Changed elsewhere",
};

const isMac = typeof navigator !== "undefined" && /Mac|iPhone|iPad/.test(navigator.platform);
const MOD = isMac ? "⌘" : "Ctrl+";

export const EditorToolbar = memo(function EditorToolbar({
  onFind,
  scriptId,
  reviewState,
}: {
  onFind: () => void;
  scriptId: string;
  reviewState?: ReviewState;
}) {
  const title = useEditor((s) => s.doc.title);
  const status = useEditor((s) => s.saveStatus);
  const message = useEditor((s) => s.saveMessage);
  const canUndo = useEditor((s) => s.past.length > 0);
  const canRedo = useEditor((s) => s.future.length > 0);
  const store = useEditorStore();
  const edit = useEdit();
  const flow = useReactFlow();
  const [laying, setLaying] = useState(false);

  const tidy = async () => {
    setLaying(true);
    try {
      const { default: ELK } = await import("elkjs/lib/elk.bundled.js");
      const layout = await new ELK().layout(toElkGraph(store.getState().doc) as never);
      edit(moveNodes, { positions: positionsFromElk(layout as never) });
      requestAnimationFrame(() => void flow.fitView({ padding: 0.15, duration: 300, maxZoom: 1 }));
    } finally {
      setLaying(false);
    }
  };

  return (
    <div className="sp-toolbar" role="toolbar" aria-label="Editor">
      <Link to="/" className="button small">
        ← Scripts
      </Link>
      <h1 className="sp-doc-title">{title}</h1>
      <span className="sp-save" data-status={status} role="status" title={message ?? undefined}>
        {STATUS_TEXT[status]}
        {message && status !== "saved" ? <span className="visually-hidden">: {message}</span> : null}
      </span>
      <span className="sp-toolbar-spacer" />
      <button type="button" className="small" onClick={() => store.getState().undo()} disabled={!canUndo} aria-keyshortcuts="Control+Z Meta+Z" title={`Undo (${MOD}Z)`}>
        Undo
      </button>
      <button type="button" className="small" onClick={() => store.getState().redo()} disabled={!canRedo} aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z" title={`Redo (${MOD}Shift+Z)`}>
        Redo
      </button>
      <button type="button" className="small" onClick={tidy} disabled={laying} title="Arrange the steps top-down (undoable)">
        {laying ? "Arranging…" : "Tidy layout"}
      </button>
      <button type="button" className="small" onClick={() => void flow.fitView({ padding: 0.15, duration: 300, maxZoom: 1 })}>
        Fit view
      </button>
      <button type="button" className="small" onClick={onFind} aria-keyshortcuts="Control+F Meta+F" title={`Find (${MOD}F)`}>
        Find
      </button>
      <a className="button small" href={`/scripts/${scriptId}/export`} download>
        Export
      </a>
      <VersionsToolbarLinks scriptId={scriptId} state={reviewState} />
      <Link className="button small" to={`/scripts/${scriptId}/run`}>
        Preview call
      </Link>
      <Link className="button small" to={`/scripts/${scriptId}/calls`}>
        Preview calls
      </Link>
    </div>
  );
});
