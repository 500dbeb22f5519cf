import { createContext, useContext } from "react";
import { freeze } from "immer";
import { createStore, useStore, type StoreApi } from "zustand";
import type { Script } from "~/domain/script-types";
import type { LiveChecks } from "./live-checks";
import type { ProblemLevel } from "./to-flow";

/** How many edits undo can go back. Documents share structure (immer), so each step costs only what changed. */
export const HISTORY_LIMIT = 300;

const COALESCE_MS = 1000;

export type SaveStatus = "saved" | "dirty" | "saving" | "offline" | "failed" | "conflict";

export interface Selection {
  nodeIds: string[];
  edgeIds: string[];
}

export interface EditorState {
  doc: Script;
  /** The stored revision the current document is based on; every save sends it. */
  baseRevision: number;
  past: Script[];
  future: Script[];
  selection: Selection;
  /** Nodes and edges to highlight (a chosen path, find results). */
  highlight: { nodeIds: string[]; edgeIds: string[] } | null;
  saveStatus: SaveStatus;
  saveMessage: string | null;
  /** Incremented by every document change, so autosave can tell whether a save is still current. */
  version: number;
  savedVersion: number;
  /** Set when a save was refused because someone else saved in between: the stored revision. */
  conflict: { revision: number } | null;
  lastCommit: { key: string; at: number } | null;
  /**
   * The live checks (graph checks, speaking time, opener checks) of the document at `checkedVersion`; null
   * until they first ran. They are computed after the edit is on screen (use-live-checks), not per render.
   */
  checks: LiveChecks | null;
  checkedVersion: number;
  /** The canvas markers the page came with (the server's graph checks), shown until `checks` first ran. */
  initialProblems: ReadonlyMap<string, ProblemLevel>;
}

export interface EditorActions {
  /**
   * Makes `next` the document as one undo step; a no-op edit (same document back) records nothing.
   * Consecutive commits with the same `coalesce` key within a second (typing in one field) share a step.
   */
  commit(next: Script, options?: { coalesce?: string }): void;
  undo(): void;
  redo(): void;
  select(selection: Selection): void;
  setHighlight(highlight: EditorState["highlight"]): void;
  setSaveStatus(status: SaveStatus, message?: string | null): void;
  markSaved(version: number, revision: number): void;
  setConflict(conflict: { revision: number } | null): void;
  setChecks(checks: LiveChecks, version: number): void;
}

export type EditorStore = StoreApi<EditorState & EditorActions>;

export function createEditorStore(
  doc: Script,
  initialProblems: Readonly<Record<string, ProblemLevel>> = {},
): EditorStore {
  // Frozen from the start, as immer leaves every later version: cached per-step timings rely on it.
  freeze(doc, true);
  return createStore<EditorState & EditorActions>()((set, get) => ({
    doc,
    baseRevision: doc.revision,
    past: [],
    future: [],
    selection: { nodeIds: [], edgeIds: [] },
    highlight: null,
    saveStatus: "saved",
    saveMessage: null,
    version: 0,
    savedVersion: 0,
    conflict: null,
    lastCommit: null,
    checks: null,
    checkedVersion: -1,
    initialProblems: new Map(Object.entries(initialProblems)),

    commit(next, options) {
      const { doc: current, past, version, lastCommit } = get();
      if (next === current) return;
      const now = Date.now();
      const key = options?.coalesce;
      const coalesce = key !== undefined && lastCommit?.key === key && now - lastCommit.at < COALESCE_MS;
      set({
        doc: next,
        past: coalesce ? past : [...past.slice(-(HISTORY_LIMIT - 1)), current],
        lastCommit: key ? { key, at: now } : null,
        future: [],
        version: version + 1,
        saveStatus: "dirty",
        selection: pruneSelection(get().selection, next),
      });
    },
    undo() {
      const { past, future, doc: current, version } = get();
      const previous = past[past.length - 1];
      if (!previous) return;
      set({
        doc: previous,
        past: past.slice(0, -1),
        future: [current, ...future],
        lastCommit: null,
        version: version + 1,
        saveStatus: "dirty",
        selection: pruneSelection(get().selection, previous),
      });
    },
    redo() {
      const { past, future, doc: current, version } = get();
      const next = future[0];
      if (!next) return;
      set({
        doc: next,
        past: [...past, current],
        future: future.slice(1),
        lastCommit: null,
        version: version + 1,
        saveStatus: "dirty",
        selection: pruneSelection(get().selection, next),
      });
    },
    select(selection) {
      const current = get().selection;
      if (sameIds(current.nodeIds, selection.nodeIds) && sameIds(current.edgeIds, selection.edgeIds)) return;
      set({ selection });
    },
    setHighlight(highlight) {
      set({ highlight });
    },
    setSaveStatus(saveStatus, saveMessage = null) {
      set({ saveStatus, saveMessage });
    },
    markSaved(savedVersion, revision) {
      const dirty = get().version !== savedVersion;
      set({ savedVersion, baseRevision: revision, saveStatus: dirty ? "dirty" : "saved", saveMessage: null });
    },
    setConflict(conflict) {
      set({ conflict, saveStatus: conflict ? "conflict" : get().saveStatus });
    },
    setChecks(checks, checkedVersion) {
      set({ checks, checkedVersion });
    },
  }));
}

function pruneSelection(selection: Selection, doc: Script): Selection {
  if (selection.nodeIds.length === 0 && selection.edgeIds.length === 0) return selection;
  const nodes = new Set(doc.nodes.map((n) => n.id));
  const edges = new Set(doc.edges.map((e) => e.id));
  const nodeIds = selection.nodeIds.filter((id) => nodes.has(id));
  const edgeIds = selection.edgeIds.filter((id) => edges.has(id));
  return nodeIds.length === selection.nodeIds.length && edgeIds.length === selection.edgeIds.length
    ? selection
    : { nodeIds, edgeIds };
}

function sameIds(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

export const EditorStoreContext = createContext<EditorStore | null>(null);

/** Reads from the editor's store (the one provided by the nearest ScriptEditor). */
export function useEditor<T>(selector: (state: EditorState & EditorActions) => T): T {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error("useEditor must be used inside a ScriptEditor");
  return useStore(store, selector);
}

export function useEditorStore(): EditorStore {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error("useEditorStore must be used inside a ScriptEditor");
  return store;
}
