import { useCallback, useEffect, useRef } from "react";
import { useCsrfToken } from "~/components/csrf-field";
import type { Script } from "~/domain/script-types";
import type { EditorStore } from "./editor-store";

export const AUTOSAVE_DELAY_MS = 800;

/**
 * Saves the document shortly after each change, and at once when the tab is hidden. Every save sends
 * the revision it was based on; a 409 puts the editor in conflict instead of overwriting someone's work.
 * Offline or failed saves are retried when the browser is back online and on the next change.
 */
export function useAutosave(store: EditorStore, saveUrl: string): { flush: () => Promise<void> } {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inFlight = useRef<Promise<void> | null>(null);
  const flushRef = useRef<(keepalive?: boolean) => Promise<void>>(async () => {});
  const csrfToken = useCsrfToken();

  flushRef.current = async (keepalive = false) => {
    clearTimeout(timer.current);
    // Several flushes can be waiting for the same save (the timer fired again while it was slow); the
    // first to resume starts the next save, and the others must wait for that one too, or they would all
    // send the same base revision and the server would refuse all but one as a conflict.
    while (inFlight.current) await inFlight.current;
    const state = store.getState();
    if (state.version === state.savedVersion || state.conflict) return;
    const version = state.version;
    state.setSaveStatus("saving");
    const request = save(saveUrl, state.doc, state.baseRevision, keepalive, csrfToken).then((result) => {
      const s = store.getState();
      if (result.kind === "saved") s.markSaved(version, result.revision);
      else if (result.kind === "conflict") s.setConflict({ revision: result.revision });
      else s.setSaveStatus(result.kind, result.message);
    });
    inFlight.current = request.finally(() => {
      inFlight.current = null;
    });
    await inFlight.current;
    // Changes made while this save was in flight go in the next one.
    const after = store.getState();
    if (after.version !== after.savedVersion && after.saveStatus === "dirty") schedule();
  };

  function schedule() {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flushRef.current(), AUTOSAVE_DELAY_MS);
  }

  useEffect(() => {
    const unsubscribe = store.subscribe((state, prev) => {
      if (state.version !== prev.version && state.version !== state.savedVersion) schedule();
    });
    const onHidden = () => {
      if (document.visibilityState === "hidden") void flushRef.current(true);
    };
    const onOnline = () => {
      const s = store.getState();
      if (s.saveStatus === "offline" || s.saveStatus === "failed") void flushRef.current();
    };
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      const s = store.getState();
      if (s.version !== s.savedVersion && !s.conflict) {
        e.preventDefault();
        e.returnValue = "";
      }
    };
    document.addEventListener("visibilitychange", onHidden);
    window.addEventListener("online", onOnline);
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => {
      unsubscribe();
      clearTimeout(timer.current);
      document.removeEventListener("visibilitychange", onHidden);
      window.removeEventListener("online", onOnline);
      window.removeEventListener("beforeunload", onBeforeUnload);
    };
  }, [store]);

  const flush = useCallback(() => flushRef.current(), []);
  return { flush };
}

type SaveResult =
  | { kind: "saved"; revision: number }
  | { kind: "conflict"; revision: number }
  | { kind: "offline" | "failed"; message: string };

async function save(
  url: string,
  script: Script,
  baseRevision: number,
  keepalive: boolean,
  csrfToken: string | null,
): Promise<SaveResult> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "PUT",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        ...(csrfToken ? { "X-CSRF-Token": csrfToken } : {}),
      },
      body: JSON.stringify({ baseRevision, script }),
      // keepalive lets a save finish as the tab closes; browsers cap such bodies at 64 kB.
      keepalive: keepalive && script.nodes.length < 100,
    });
  } catch {
    return { kind: "offline", message: "Offline: changes are kept here and saved when you are back." };
  }
  const body: unknown = await response.json().catch(() => null);
  const field = (name: string): unknown =>
    typeof body === "object" && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  const revision = field("revision");
  if (response.ok && typeof revision === "number") return { kind: "saved", revision };
  const current = field("current");
  if (response.status === 409) {
    const theirs =
      typeof current === "object" && current !== null
        ? (current as Record<string, unknown>)["revision"]
        : undefined;
    return { kind: "conflict", revision: typeof theirs === "number" ? theirs : -1 };
  }
  const detail = field("detail");
  return {
    kind: "failed",
    message: `Not saved: ${typeof detail === "string" ? detail : `HTTP ${response.status}`}`,
  };
}
