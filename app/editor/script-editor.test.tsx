// @vitest-environment jsdom
// The editor at work, with render counting: typing in one step must re-render that step's node and what
// shows the edit, not every node, panel and list of the script (issue 4, "Speed": 1,000-step scripts).
import { act, cleanup, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { createMemoryRouter, RouterProvider } from "react-router-dom";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { applyEdit, deleteEdge, updateNode } from "~/domain/edits";
import { richTextFromPlain } from "~/domain/rich-text";
import type { Script } from "~/domain/script-types";
import { edge, endNode, makeScript, sayNode, startNode } from "../../test/factories/script-factory";
import type { NodeProps } from "@xyflow/react";
import type { ReactNode } from "react";
import type * as ScriptNodeModule from "./canvas/script-node";
import type { EditorStore } from "./editor-store";
import type * as PaletteModule from "./palette";
import type * as PathsPanelModule from "./paths-panel";
import type * as ProblemsPanelModule from "./problems-panel";
import { checkScript } from "~/domain/graph-checks";
import { problemMarkersOf } from "./live-checks";
import type { ProblemLevel, ScriptFlowNode } from "./to-flow";
import type * as ToolbarModule from "./toolbar";
import { installReactFlowJsdomShims } from "../../test/support/react-flow-jsdom";

// Counts the renders of components by name. A counted component calls the original function itself, so
// it counts renders caused by its own store subscriptions as well as by its parent.
const renders = vi.hoisted(() => {
  const counts = new Map<string, number>();
  return {
    counts,
    count: (name: string) => counts.set(name, (counts.get(name) ?? 0) + 1),
    of: (name: string) => counts.get(name) ?? 0,
  };
});

vi.mock("./canvas/script-node", async (importOriginal) => {
  const original = await importOriginal<typeof ScriptNodeModule>();
  const { memo } = await import("react");
  // memo() keeps the component function in `type`.
  type Props = NodeProps<ScriptFlowNode>;
  const memoised = original.ScriptNodeView as typeof original.ScriptNodeView & {
    type: (props: Props) => ReactNode;
  };
  const render = memoised.type;
  const Counted = memo((props: Props) => {
    renders.count(`node:${props.id}`);
    return render(props);
  });
  return { ...original, ScriptNodeView: Counted, nodeTypes: { script: Counted } };
});

type Component = (props: object) => ReactNode;

/** Counts the renders of `names`; a memoised component stays memoised (memo() keeps it in `type`). */
async function countedModule<M extends Record<string, unknown>>(original: M, names: (keyof M & string)[]): Promise<M> {
  const { memo } = await import("react");
  const wrapped: Record<string, unknown> = { ...original };
  for (const name of names) {
    const value = original[name] as Component | { type: Component };
    const component = typeof value === "function" ? value : value.type;
    const counted = (props: object) => {
      renders.count(name);
      return component(props);
    };
    wrapped[name] = typeof value === "function" ? counted : memo(counted);
  }
  return wrapped as M;
}
vi.mock("./problems-panel", async (importOriginal) =>
  countedModule(await importOriginal<typeof ProblemsPanelModule>(), ["ProblemsPanel", "ProblemsBadge"]),
);
vi.mock("./paths-panel", async (importOriginal) =>
  countedModule(await importOriginal<typeof PathsPanelModule>(), ["PathsPanel"]),
);
// The palette also hands the test the store the editor created, to edit through it as the inspector does.
const captured = vi.hoisted(() => ({ store: null as EditorStore | null }));
vi.mock("./palette", async (importOriginal) => {
  const original = await importOriginal<typeof PaletteModule>();
  const { useEditorStore } = await import("./editor-store");
  return {
    ...original,
    Palette: () => {
      captured.store = useEditorStore();
      renders.count("Palette");
      return original.Palette();
    },
  };
});
vi.mock("./toolbar", async (importOriginal) =>
  countedModule(await importOriginal<typeof ToolbarModule>(), ["EditorToolbar"]),
);

// Imported after the mocks are declared (vi.mock is hoisted above every import anyway).
const { ScriptEditor } = await import("./script-editor");

installReactFlowJsdomShims();
beforeEach(() => {
  // Autosave must not reach a network; a save that never answers keeps the editor as it is.
  vi.stubGlobal("fetch", () => new Promise(() => {}));
});
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const STEPS = 40;

/** start → s1 → s2 → … → s40 → end: every step reachable, every path ends. */
function longScript(): Script {
  const says = Array.from({ length: STEPS }, (_, i) =>
    sayNode(`s${i + 1}`, `Step number ${i + 1} of the script.`, { position: { x: 0, y: (i + 1) * 40 } }),
  );
  const ids = ["start", ...says.map((n) => n.id), "end"];
  return makeScript({
    nodes: [startNode(), ...says, endNode("end", "Done", { position: { x: 0, y: (STEPS + 1) * 40 } })],
    edges: ids.slice(1).map((id, i) => edge(ids[i], "next", id, `e${i}`)),
  });
}

/**
 * Renders the whole editor (in a memory router, as under the route) once its live checks have run, or
 * with `beforeChecks`, as soon as it is on screen.
 */
async function renderEditor(
  script: Script,
  { problems, beforeChecks = false }: { problems?: Record<string, ProblemLevel>; beforeChecks?: boolean } = {},
): Promise<EditorStore> {
  const router = createMemoryRouter(
    [
      { path: "/scripts/:id", element: <ScriptEditor script={script} problems={problems} /> },
      // What the toolbar and inspector load from other routes answers nothing here.
      { path: "*", loader: () => null, element: null },
    ],
    { initialEntries: [`/scripts/${script.id}`] },
  );
  render(<RouterProvider router={router} />);
  await screen.findByRole("tablist", { name: "Panels" });
  await waitFor(() =>
    expect([...router.state.fetchers.values()].every((f) => f.state === "idle")).toBe(true),
  );
  const store = captured.store;
  if (!store) throw new Error("the palette did not render");
  if (!beforeChecks) await waitFor(() => expect(checksSettled(store)).toBe(true));
  return store;
}

function checksSettled(store: EditorStore): boolean {
  const s = store.getState();
  return s.checks !== null && s.checkedVersion === s.version;
}

/** One keystroke in a step's text, as the inspector's rich text editor commits it. */
function typeInto(store: EditorStore, nodeId: string, text: string) {
  const { script } = applyEdit(store.getState().doc, updateNode, {
    id: nodeId,
    patch: { text: richTextFromPlain(text) },
  });
  act(() => store.getState().commit(script, { coalesce: `text:${nodeId}` }));
}

/** Waits for the live checks of the current document, then returns the renders counted since `reset`. */
async function afterChecks(store: EditorStore) {
  await waitFor(() => expect(checksSettled(store)).toBe(true));
  return renders;
}

const nodeRenders = () => [...renders.counts].filter(([name]) => name.startsWith("node:"));

// The whole editor in jsdom takes a few seconds per test on a busy machine.
const SLOW = { timeout: 30_000 };

describe("the editor while typing in one step", SLOW, () => {
  it("re-renders only that step's node on the canvas, and no toolbar, palette or panel", async () => {
    const store = await renderEditor(longScript());
    expect(renders.of("node:s1")).toBeGreaterThan(0);
    // The first edit changes the toolbar (undo becomes possible, "Unsaved changes"); count from the second.
    typeInto(store, "s5", "Hello");
    await afterChecks(store);
    renders.counts.clear();

    typeInto(store, "s5", "Hello there");
    await afterChecks(store);

    // (jsdom has no layout, so the canvas is zoomed far out: the card shows the edit in its name.)
    expect(document.querySelector('.react-flow__node[data-id="s5"]')?.getAttribute("aria-label")).toBe(
      "Say: Hello there",
    );
    expect(nodeRenders()).toEqual([["node:s5", 1]]);
    expect(renders.of("Palette")).toBe(0);
    expect(renders.of("EditorToolbar")).toBe(0);
    // The checks ran again (the badge says for which version), but found nothing new to show.
    expect(renders.of("ProblemsBadge")).toBe(1);
  });

  it("leaves the problems and paths panels alone until the checks find something new", async () => {
    const store = await renderEditor(longScript());
    act(() => screen.getByRole("tab", { name: /Problems/ }).click());
    const shown = () => screen.queryAllByRole("listitem").filter((li) => li.closest(".sp-findings")).length;
    const before = shown();
    typeInto(store, "s7", "Hi");
    await afterChecks(store);
    renders.counts.clear();

    typeInto(store, "s7", "Hi again");
    await afterChecks(store);
    expect(renders.of("ProblemsPanel")).toBe(0);

    // A change the checks do see: s20 no longer leads anywhere, so s21… become unreachable.
    const cut = store.getState().doc.edges.find((e) => e.source === "s20");
    const { script } = applyEdit(store.getState().doc, deleteEdge, { edgeId: cut!.id });
    act(() => store.getState().commit(script));
    await afterChecks(store);
    expect(renders.of("ProblemsPanel")).toBe(1);
    expect(shown()).toBeGreaterThan(before);
    expect(screen.getByRole("list", { name: "Problems" }).textContent).toMatch(/Step number 20/);

    act(() => screen.getByRole("tab", { name: /Paths/ }).click());
    await screen.findByText(/path/);
    renders.counts.clear();
    typeInto(store, "s7", "Hi again, you");
    await afterChecks(store);
    // The paths follow the checks: one render when they arrive, none in the keystroke's own render.
    expect(renders.of("PathsPanel")).toBe(1);
  });
});

describe("opening a script", SLOW, () => {
  it("marks problem steps from the first paint, with the page's markers, until its own checks have run", async () => {
    // s20 leads nowhere: a dead end (an error), and s21… can no longer be reached (warnings).
    const script = longScript();
    script.edges = script.edges.filter((e) => e.source !== "s20");
    const problems = Object.fromEntries(problemMarkersOf(checkScript(script)));
    expect(problems["s20"]).toBe("error");
    const marker = (id: string) =>
      document.querySelector(`.react-flow__node[data-id="${id}"] .sp-node`)?.getAttribute("data-problem");

    const store = await renderEditor(script, { problems, beforeChecks: true });
    expect(store.getState().checks, "the editor's own checks wait until the canvas is up").toBeNull();
    expect(marker("s20")).toBe("error");
    expect(marker("s21")).toBe(problems["s21"]);
    expect(marker("s5")).toBeNull();

    await waitFor(() => expect(checksSettled(store)).toBe(true));
    // The live checks find what the graph checks found, and may add speaking-time and opener warnings.
    expect(Object.fromEntries(store.getState().checks?.problemsByNode ?? [])).toMatchObject(problems);
    expect(marker("s20")).toBe("error");
  });
});

describe("editor papercuts", SLOW, () => {
  it("places a step added from the palette on a free spot, not on top of the last one added", async () => {
    const store = await renderEditor(longScript());
    const before = new Set(store.getState().doc.nodes.map((n) => n.id));
    act(() => screen.getByRole("button", { name: "Add Say" }).click());
    act(() => store.getState().select({ nodeIds: [], edgeIds: [] }));
    act(() => screen.getByRole("button", { name: "Add Say" }).click());
    const added = store.getState().doc.nodes.filter((n) => !before.has(n.id));
    expect(added).toHaveLength(2);
    const [a, b] = added.map((n) => n.position);
    const apart = Math.abs(a.x - b.x) >= 260 + 20 || Math.abs(a.y - b.y) >= 120 + 20;
    expect(apart).toBe(true);
  });

  it("undoes a writer's note typed in one go with one Ctrl+Z, and redoes it with Ctrl+Shift+Z", async () => {
    const user = userEvent.setup();
    const store = await renderEditor(longScript());
    act(() => store.getState().select({ nodeIds: ["s3"], edgeIds: [] }));
    const note = await screen.findByRole("textbox", { name: "Note for writers" });
    await user.click(note);
    await user.keyboard("Check the name");
    const noteOf = () => store.getState().doc.nodes.find((n) => n.id === "s3")?.note;
    expect(noteOf()).toBe("Check the name");

    await user.keyboard("{Control>}z{/Control}");
    expect(noteOf()).toBeUndefined();
    expect(note).toHaveProperty("value", "");
    expect(document.activeElement).toBe(note);
    await user.keyboard("{Control>}{Shift>}z{/Shift}{/Control}");
    expect(noteOf()).toBe("Check the name");
  });
});
