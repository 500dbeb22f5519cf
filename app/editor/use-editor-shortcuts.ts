import { useReactFlow } from "@xyflow/react";
import { useEffect } from "react";
import { copyFragment, deleteElements, isScriptFragment, pasteFragment } from "~/domain/edits";
import type { EditorStore } from "./editor-store";
import { newId } from "./new-id";
import { useEdit } from "./use-edit";

/** True when the key press belongs to a text field (or rich text), so canvas shortcuts must not act on it. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target.tagName === "INPUT" ||
    target.tagName === "TEXTAREA" ||
    target.tagName === "SELECT" ||
    target.closest(".nokey") !== null
  );
}

/**
 * A text field that commits every change to the document (TextField: data-undo="document"). Its typing is
 * already one undo step per field in the store, while the browser's own undo in a controlled field goes
 * back a character at a time, so undo and redo there are the document's.
 */
function isDocumentField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && target.dataset.undo === "document";
}

const FRAGMENT_MIME = "application/x-scriptpilot-fragment";

/**
 * Canvas-wide keys: undo/redo, find, Escape, and copy/paste of steps through the system clipboard
 * (so steps can be pasted into another script or tab). Keys typed in text fields are left alone.
 */
export function useEditorShortcuts(store: EditorStore, root: React.RefObject<HTMLElement | null>, openFind: () => void) {
  const edit = useEdit();
  const flow = useReactFlow();

  useEffect(() => {
    const inEditor = (target: EventTarget | null) =>
      target instanceof Node && (root.current?.contains(target) || target === document.body);

    const onCanvas = (target: EventTarget | null) =>
      target === document.body || (target instanceof Element && target.closest(".react-flow") !== null);

    const onKeyDown = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === "f" && inEditor(e.target)) {
        e.preventDefault();
        openFind();
        return;
      }
      const key = e.key.toLowerCase();
      if (mod && (key === "z" || key === "y") && isDocumentField(e.target) && inEditor(e.target)) {
        e.preventDefault();
        if (key === "z" && !e.shiftKey) store.getState().undo();
        else store.getState().redo();
        return;
      }
      if (isTypingTarget(e.target) || !inEditor(e.target)) return;
      if (mod && key === "z" && !e.shiftKey) {
        e.preventDefault();
        store.getState().undo();
      } else if (mod && ((key === "z" && e.shiftKey) || key === "y")) {
        e.preventDefault();
        store.getState().redo();
      } else if (mod && key === "d") {
        e.preventDefault();
        const ids = store.getState().selection.nodeIds;
        if (ids.length === 0) return;
        const fragment = copyFragment(store.getState().doc, ids);
        const { nodeIds } = edit(pasteFragment, { fragment, offset: { x: 40, y: 40 }, newId: () => newId("n") });
        store.getState().select({ nodeIds, edgeIds: [] });
      } else if ((key === "delete" || key === "backspace") && onCanvas(e.target)) {
        // React Flow's own delete key would also fire on focused buttons elsewhere on the page.
        const { nodeIds, edgeIds } = store.getState().selection;
        if (nodeIds.length === 0 && edgeIds.length === 0) return;
        e.preventDefault();
        edit(deleteElements, { nodeIds, edgeIds });
      } else if (key === "escape") {
        store.getState().select({ nodeIds: [], edgeIds: [] });
        store.getState().setHighlight(null);
      }
    };

    const onCopy = (e: ClipboardEvent) => {
      if (isTypingTarget(e.target) || !inEditor(e.target)) return;
      const ids = store.getState().selection.nodeIds;
      if (ids.length === 0 || !e.clipboardData) return;
      const json = JSON.stringify(copyFragment(store.getState().doc, ids));
      e.clipboardData.setData(FRAGMENT_MIME, json);
      e.clipboardData.setData("text/plain", json);
      e.preventDefault();
    };

    const onPaste = (e: ClipboardEvent) => {
      if (isTypingTarget(e.target) || !inEditor(e.target) || !e.clipboardData) return;
      const text = e.clipboardData.getData(FRAGMENT_MIME) || e.clipboardData.getData("text/plain");
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return;
      }
      if (!isScriptFragment(value)) return;
      e.preventDefault();
      const bounds = root.current?.querySelector(".react-flow")?.getBoundingClientRect();
      const centre = bounds
        ? flow.screenToFlowPosition({ x: bounds.left + bounds.width / 2, y: bounds.top + bounds.height / 3 })
        : { x: 0, y: 0 };
      const minX = Math.min(...value.nodes.map((n) => n.position.x));
      const minY = Math.min(...value.nodes.map((n) => n.position.y));
      const offset = { x: Math.round(centre.x - minX), y: Math.round(centre.y - minY) };
      const { nodeIds } = edit(pasteFragment, { fragment: value, offset, newId: () => newId("n") });
      store.getState().select({ nodeIds, edgeIds: [] });
    };

    window.addEventListener("keydown", onKeyDown);
    document.addEventListener("copy", onCopy);
    document.addEventListener("paste", onPaste);
    return () => {
      window.removeEventListener("keydown", onKeyDown);
      document.removeEventListener("copy", onCopy);
      document.removeEventListener("paste", onPaste);
    };
  }, [store, edit, flow, root, openFind]);
}
