import { useEffect } from "react";
import type { EditorStore } from "./editor-store";
import { computeChecks, timingStillValid } from "./live-checks";
import { afterPaint } from "./when-idle";

/**
 * Keeps the store's live checks up to date with its document, never inside the render that puts a
 * keystroke on screen, and only for the latest document: changes that arrive while a run is pending share
 * that run. When the edit cannot have changed the speaking time (most keystrokes: timingStillValid), the
 * rest of the checks take a few milliseconds and run right after React has committed the edit, so the
 * canvas and the problems appear in the same frame; otherwise they run in a task of their own, after the
 * browser has had the chance to paint the keystroke.
 */
export function useLiveChecks(store: EditorStore): void {
  useEffect(() => {
    let pending = false;
    let stopped = false;
    const run = () => {
      pending = false;
      if (stopped) return;
      const { doc, version, checks, checkedVersion, setChecks } = store.getState();
      if (checks && checks.doc === doc && checkedVersion === version) return;
      setChecks(computeChecks(doc, checks), version);
    };
    const schedule = () => {
      if (pending) return;
      pending = true;
      const { doc, checks } = store.getState();
      // React renders a store change in a microtask queued before this one (its subscriptions are older).
      if (checks && timingStillValid(checks, doc)) queueMicrotask(run);
      else setTimeout(run, 0);
    };
    // The first run waits until the canvas is on screen and the browser is idle: the script is usable
    // a moment before its problems are listed (a 1,000-step script's first checks take ~100 ms in a
    // fresh page). The canvas shows the markers the page came with meanwhile (initialProblems).
    const first = afterPaint(schedule);
    const unsubscribe = store.subscribe((state, prev) => {
      if (state.doc !== prev.doc) schedule();
    });
    return () => {
      stopped = true;
      first();
      unsubscribe();
    };
  }, [store]);
}
