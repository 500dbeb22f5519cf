import { describe, expect, it } from "vitest";
import { TEMPLATES } from "~/templates";
import {
  edge,
  endNode,
  makeScript,
  questionNode,
  sayNode,
  startNode,
} from "../../test/factories/script-factory";
import {
  inputPortId,
  outputPortId,
  positionsFromElk,
  toElkGraph,
  type ElkGraphNode,
} from "./auto-layout";
import { nodeOutputs } from "./node-outputs";

const NOW = "2025-03-01T08:00:00.000Z";

describe("toElkGraph", () => {
  it("lays out top-down with the layered algorithm", () => {
    const graph = toElkGraph(TEMPLATES[0].build({ now: NOW }));
    expect(graph.layoutOptions).toMatchObject({
      "org.eclipse.elk.algorithm": "layered",
      "org.eclipse.elk.direction": "DOWN",
    });
  });

  it.each(TEMPLATES.map((t) => [t.id, t] as const))(
    "gives every node of %s its outputs as bottom ports in output order, fixed",
    (_, template) => {
      const script = template.build({ now: NOW });
      const graph = toElkGraph(script);
      expect(graph.children?.map((c) => c.id)).toEqual(script.nodes.map((n) => n.id));
      for (const node of script.nodes) {
        const child = graph.children?.find((c) => c.id === node.id) as ElkGraphNode;
        expect(child.layoutOptions?.["org.eclipse.elk.portConstraints"]).toBe("FIXED_ORDER");
        const [input, ...outputs] = child.ports ?? [];
        expect(input).toMatchObject({
          id: inputPortId(node.id),
          layoutOptions: { "org.eclipse.elk.port.side": "NORTH" },
        });
        expect(outputs.map((p) => p.id)).toEqual(nodeOutputs(node).map((h) => outputPortId(node.id, h)));
        for (const port of outputs) expect(port.layoutOptions?.["org.eclipse.elk.port.side"]).toBe("SOUTH");
        // ELK numbers fixed ports clockwise: along the bottom, right to left.
        const indices = outputs.map((p) => Number(p.layoutOptions?.["org.eclipse.elk.port.index"]));
        expect(indices).toEqual([...indices].sort((a, b) => b - a));
        expect(new Set(indices).size).toBe(indices.length);
      }
    },
  );

  it("maps every connection to the port of its output and the target's input", () => {
    const script = TEMPLATES[1].build({ now: NOW });
    const graph = toElkGraph(script);
    expect(graph.edges).toEqual(
      script.edges.map((e) => ({
        id: e.id,
        sources: [outputPortId(e.source, e.sourceHandle)],
        targets: [inputPortId(e.target)],
      })),
    );
    const ports = new Set(graph.children?.flatMap((c) => c.ports?.map((p) => p.id) ?? []));
    for (const e of graph.edges ?? []) {
      expect(ports.has(e.sources[0])).toBe(true);
      expect(ports.has(e.targets[0])).toBe(true);
    }
  });

  it("leaves out broken connections and makes each node as large as its card", () => {
    const script = makeScript({
      nodes: [startNode(), questionNode("q", "Ok?"), sayNode("s", "Hi"), endNode("e")],
      edges: [
        edge("start", "next", "q"),
        edge("q", "yes", "s"),
        edge("q", "maybe" as never, "s", "unknown-output"),
        edge("q", "no", "ghost", "missing-target"),
        edge("s", "next", "e"),
        edge("s", "next", "e", "s-next-e"),
      ],
    });
    const graph = toElkGraph(script);
    expect(graph.edges?.map((e) => e.id)).toEqual(["start-next-q", "q-yes-s", "s-next-e"]);
    // A yes/no question: 3 lines of text and a labelled output row; a say step: 3 lines and a bare handle.
    expect(graph.children?.[1]).toMatchObject({ width: 260, height: 5 + 26 + 59 + 32 });
    expect(graph.children?.[2]).toMatchObject({ width: 260, height: 5 + 26 + 59 + 14 });
  });
});

describe("positionsFromElk", () => {
  it("reads the laid-out top-left corners, rounded", () => {
    expect(
      positionsFromElk({
        id: "root",
        children: [{ id: "a", x: 10.4, y: 20.6 }, { id: "b", x: 0, y: 300 }, { id: "unplaced" }],
      }),
    ).toEqual({ a: { x: 10, y: 21 }, b: { x: 0, y: 300 } });
  });
});
