import { afterEach, describe, expect, it, vi } from "vitest";
import { applyEdit, moveNodes, updateNode } from "~/domain/edits";
import { makeScript, sayNode, startNode } from "../../test/factories/script-factory";
import { createEditorStore, HISTORY_LIMIT } from "./editor-store";

const script = () =>
  makeScript({
    nodes: [startNode(), sayNode("a", "Hello"), sayNode("b", "Bye")],
    edges: [
      { id: "e1", source: "start", sourceHandle: "next", target: "a" },
      { id: "e2", source: "a", sourceHandle: "next", target: "b" },
    ],
  });

function rename(store: ReturnType<typeof createEditorStore>, id: string, title: string, coalesce?: string) {
  const { script: next } = applyEdit(store.getState().doc, updateNode, { id, patch: { title } });
  store.getState().commit(next, coalesce ? { coalesce } : undefined);
}

const titleOf = (store: ReturnType<typeof createEditorStore>, id: string) =>
  (store.getState().doc.nodes.find((n) => n.id === id) as { title?: string }).title;

afterEach(() => vi.useRealTimers());

describe("editor store", () => {
  it("undoes and redoes each commit, and a new edit clears the redo list", () => {
    const store = createEditorStore(script());
    rename(store, "a", "One");
    rename(store, "a", "Two");
    store.getState().undo();
    expect(titleOf(store, "a")).toBe("One");
    store.getState().undo();
    expect(titleOf(store, "a")).toBeUndefined();
    store.getState().redo();
    expect(titleOf(store, "a")).toBe("One");
    rename(store, "b", "Other");
    expect(store.getState().future).toEqual([]);
    store.getState().redo();
    expect(titleOf(store, "a")).toBe("One");
  });

  it("records nothing for an edit that changes nothing", () => {
    const store = createEditorStore(script());
    const doc = store.getState().doc;
    const { script: same } = applyEdit(doc, moveNodes, { positions: {} });
    store.getState().commit(same);
    expect(store.getState().past).toHaveLength(0);
    expect(store.getState().saveStatus).toBe("saved");
  });

  it("makes typing in one field one undo step, but not across fields or after a pause", () => {
    vi.useFakeTimers();
    const store = createEditorStore(script());
    for (const title of ["H", "He", "Hey"]) {
      rename(store, "a", title, "title:a");
      vi.advanceTimersByTime(200);
    }
    expect(store.getState().past).toHaveLength(1);
    rename(store, "b", "X", "title:b");
    expect(store.getState().past).toHaveLength(2);
    vi.advanceTimersByTime(1500);
    rename(store, "b", "XY", "title:b");
    expect(store.getState().past).toHaveLength(3);
    store.getState().undo();
    store.getState().undo();
    store.getState().undo();
    expect(titleOf(store, "a")).toBeUndefined();
  });

  it(`keeps at most ${HISTORY_LIMIT} steps, sharing unchanged nodes between them`, () => {
    const store = createEditorStore(script());
    for (let i = 0; i < HISTORY_LIMIT + 50; i++) rename(store, "a", `T${i}`);
    const { past, doc } = store.getState();
    expect(past).toHaveLength(HISTORY_LIMIT);
    expect(HISTORY_LIMIT).toBeGreaterThanOrEqual(200);
    // Structural sharing: untouched nodes are the same objects in every step.
    const b = doc.nodes.find((n) => n.id === "b");
    expect(past.every((p) => p.nodes.find((n) => n.id === "b") === b)).toBe(true);
  });

  it("tracks whether the latest version is saved, even when edits happen during a save", () => {
    const store = createEditorStore(script());
    rename(store, "a", "One");
    const saving = store.getState().version;
    rename(store, "a", "Two");
    store.getState().markSaved(saving, 2);
    expect(store.getState().saveStatus).toBe("dirty");
    expect(store.getState().baseRevision).toBe(2);
    store.getState().markSaved(store.getState().version, 3);
    expect(store.getState().saveStatus).toBe("saved");
  });

  it("drops deleted nodes from the selection when undo removes them", () => {
    const store = createEditorStore(script());
    const { script: next } = applyEdit(store.getState().doc, (d) => {
      d.nodes.push(sayNode("c", "New"));
    }, undefined);
    store.getState().commit(next);
    store.getState().select({ nodeIds: ["c", "a"], edgeIds: [] });
    store.getState().undo();
    expect(store.getState().selection.nodeIds).toEqual(["a"]);
  });
});
