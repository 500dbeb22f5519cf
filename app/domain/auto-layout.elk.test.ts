// Runs the real layout engine on the shipped templates: the mapping is only right if ELK, given it,
// draws every flow downwards, keeps answers in order and overlaps nothing.
import ELK from "elkjs/lib/elk.bundled.js";
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
import { outputPortId, positionsFromElk, toElkGraph, type ElkGraphNode } from "./auto-layout";
import { nodeOutputs } from "./node-outputs";
import type { Script } from "./script-types";

const NOW = "2025-03-01T08:00:00.000Z";

/** Connections that close a loop: they lead back to a step still open on a depth-first walk from the start. */
function loopEdges(script: Script): Set<string> {
  const state = new Map<string, "open" | "done">();
  const back = new Set<string>();
  const visit = (id: string) => {
    state.set(id, "open");
    for (const e of script.edges.filter((x) => x.source === id)) {
      const s = state.get(e.target);
      if (s === "open") back.add(e.id);
      else if (s === undefined) visit(e.target);
    }
    state.set(id, "done");
  };
  visit("start");
  return back;
}

/** A survey question that can be repeated: a loop back up the page. */
const withLoop = makeScript({
  nodes: [
    startNode(),
    questionNode("q", "Which?", "single", ["A", "B", "Repeat"]),
    sayNode("again", "Let me read the answers again."),
    sayNode("a", "A it is."),
    endNode("e"),
  ],
  edges: [
    edge("start", "next", "q"),
    edge("q", "option:q-o1", "a"),
    edge("q", "option:q-o2", "e"),
    edge("q", "option:q-o3", "again"),
    edge("again", "next", "q"),
    edge("a", "next", "e"),
  ],
});

const CASES: [string, Script][] = [
  ...TEMPLATES.map((t): [string, Script] => [t.id, t.build({ now: NOW })]),
  ["a script with a loop", withLoop],
];

describe("auto-layout with elkjs", () => {
  it.each(CASES)("lays out %s downwards, in order, without overlaps", async (_, script) => {
    const layout: ElkGraphNode = await new ELK().layout(toElkGraph(script));
    const positions = positionsFromElk(layout);
    expect(Object.keys(positions).sort()).toEqual(script.nodes.map((n) => n.id).sort());
    const boxes = new Map((layout.children ?? []).map((c) => [c.id, c]));

    const loops = loopEdges(script);
    for (const e of script.edges) {
      if (loops.has(e.id)) continue;
      expect(positions[e.target].y, `${e.id} should go down`).toBeGreaterThan(positions[e.source].y);
    }

    const list = [...boxes.values()];
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i];
        const b = list[j];
        const apart =
          (a.x ?? 0) + (a.width ?? 0) <= (b.x ?? 0) ||
          (b.x ?? 0) + (b.width ?? 0) <= (a.x ?? 0) ||
          (a.y ?? 0) + (a.height ?? 0) <= (b.y ?? 0) ||
          (b.y ?? 0) + (b.height ?? 0) <= (a.y ?? 0);
        expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
      }
    }

    // The first answer's port is left of the second's, as on the card.
    for (const node of script.nodes) {
      const ports = boxes.get(node.id)?.ports ?? [];
      const xs = nodeOutputs(node).map((h) => ports.find((p) => p.id === outputPortId(node.id, h))?.x ?? NaN);
      expect(xs).toEqual([...xs].sort((a, b) => a - b));
      for (const h of nodeOutputs(node)) {
        const port = ports.find((p) => p.id === outputPortId(node.id, h));
        expect(port?.y, `${node.id} ${h} on the bottom`).toBeGreaterThanOrEqual(
          (boxes.get(node.id)?.height ?? 0) - 1,
        );
      }
    }
  });
});
