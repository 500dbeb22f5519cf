import { useEffect } from "react";
import type { EditorStore } from "./editor-store";
import { computeChecks } from "./live-checks";

/**
 * Keeps the store's live checks up to date with its document. They run in a task of their own after each
 * change, never inside the render that puts a keystroke on screen, and only for the latest document:
 * changes that arrive while a run is pending share that run.
 */
export function useLiveChecks(store: EditorStore): void {
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = () => {
      timer = undefined;
      const { doc, version, checks, checkedVersion, setChecks } = store.getState();
      if (checks && checks.doc === doc && checkedVersion === version) return;
      setChecks(computeChecks(doc, checks), version);
    };
    const schedule = () => {
      timer ??= setTimeout(run, 0);
    };
    schedule();
    const unsubscribe = store.subscribe((state, prev) => {
      if (state.doc !== prev.doc) schedule();
    });
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [store]);
}
