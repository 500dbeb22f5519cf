import { useCallback } from "react";
import { applyEdit } from "~/domain/edits";
import type { Script } from "~/domain/script-types";
import { useEditorStore } from "./editor-store";

/**
 * Applies a pure domain edit to the current document as one undo step, and returns the edit's result.
 * Edits that throw a DomainError change nothing; the error is passed on to the caller. Pass
 * `coalesce` (e.g. `text:<nodeId>`) so that typing in one field makes one undo step, not one per key.
 */
export function useEdit() {
  const store = useEditorStore();
  return useCallback(
    <A, R>(edit: (draft: Script, args: A) => R, args: A, options?: { coalesce?: string }): R => {
      const { script, result } = applyEdit(store.getState().doc, edit, args);
      store.getState().commit(script, options);
      return result;
    },
    [store],
  );
}
