import { describe, expect, it } from "vitest";
import { applyEdit, updateNode } from "~/domain/edits";
import { makeScript, questionNode, sayNode, startNode } from "../../test/factories/script-factory";
import { toFlowEdges, toFlowNodes, type FlowOverlay } from "./to-flow";

const overlay = (over: Partial<FlowOverlay> = {}): FlowOverlay => ({
  problems: new Map(),
  highlight: null,
  selectedNodeIds: new Set(),
  selectedEdgeIds: new Set(),
  ...over,
});

const script = makeScript({
  nodes: [startNode(), sayNode("a", "Hello"), sayNode("b", "Bye")],
  edges: [
    { id: "e1", source: "start", sourceHandle: "next", target: "a" },
    { id: "e2", source: "a", sourceHandle: "next", target: "b" },
  ],
});

describe("toFlowNodes / toFlowEdges", () => {
  it("derives one flow node per script node with its outputs and an accessible name", () => {
    const nodes = toFlowNodes(script, overlay({ problems: new Map([["b", "error"]]) }));
    expect(nodes.map((n) => n.id)).toEqual(["start", "a", "b"]);
    expect(nodes[1].data.outputs).toEqual([{ handle: "next", label: "Next" }]);
    expect(nodes[1].ariaLabel).toBe("Say: Hello");
    expect(nodes[2].ariaLabel).toBe("Say: Bye (has problems)");
    expect(nodes[2].data.problem).toBe("error");
  });

  it("gives a question one output per answer, labelled by the answer", () => {
    const q = questionNode("q", "Attend?", "single", [
      { id: "y", label: "Yes" },
      { id: "n", label: "No" },
    ]);
    const nodes = toFlowNodes(makeScript({ nodes: [startNode(), q] }), overlay());
    expect(nodes[1].data.outputs).toEqual([
      { handle: "option:y", label: "Yes" },
      { handle: "option:n", label: "No" },
    ]);
  });

  it("keeps unchanged flow nodes identical after an edit, so only the edited node re-renders", () => {
    const before = toFlowNodes(script, overlay());
    const { script: edited } = applyEdit(script, updateNode, { id: "a", patch: { title: "Greeting" } });
    const after = toFlowNodes(edited, overlay(), before);
    expect(after[0]).toBe(before[0]);
    expect(after[2]).toBe(before[2]);
    expect(after[1]).not.toBe(before[1]);
    expect(after[1].data.node).toBe(edited.nodes[1]);
  });

  it("gives React Flow each card's size and handles up front, so it never renders a card to measure it", () => {
    const [start, a] = toFlowNodes(script, overlay());
    const size = { width: 260, height: 5 + 26 + 3 * 17 + 8 + 14 };
    expect(a).toMatchObject({ ...size, measured: size });
    expect(a.handles).toEqual([
      { id: "in", type: "target", position: "top", x: 124.5, y: -1.5, width: 11, height: 11 },
      { id: "next", type: "source", position: "bottom", x: 124.5, y: size.height - 6.5, width: 11, height: 11 },
    ]);
    // The start has no input: only its "next" output.
    expect(start.handles?.map((h) => h.id)).toEqual(["next"]);
  });

  it("marks selection and path highlights", () => {
    const before = toFlowNodes(script, overlay());
    const after = toFlowNodes(
      script,
      overlay({ selectedNodeIds: new Set(["a"]), highlight: { nodeIds: new Set(["b"]), edgeIds: new Set(["e2"]) } }),
      before,
    );
    expect(after[1]).toMatchObject({ selected: true });
    expect(after[0]).toBe(before[0]);
    expect(after[2].data.highlighted).toBe(true);
    const edges = toFlowEdges(script, overlay({ highlight: { nodeIds: new Set(), edgeIds: new Set(["e2"]) } }));
    expect(edges[1]).toMatchObject({ source: "a", sourceHandle: "next", target: "b", className: "on-path" });
    expect(edges[0].className).toBeUndefined();
  });
});

describe("array reuse", () => {
  it("hands back the same arrays when nothing changed, so React Flow skips reprocessing", () => {
    const nodes = toFlowNodes(script, overlay());
    const edges = toFlowEdges(script, overlay());
    expect(toFlowNodes(script, overlay(), nodes)).toBe(nodes);
    expect(toFlowEdges(script, overlay(), edges)).toBe(edges);
    const { script: edited } = applyEdit(script, updateNode, { id: "a", patch: { title: "Greeting" } });
    expect(toFlowNodes(edited, overlay(), nodes)).not.toBe(nodes);
    expect(toFlowEdges(edited, overlay(), edges)).toBe(edges);
  });
});
