import { freeze } from "immer";
import { describe, expect, it } from "vitest";
import { edge, endNode, minimalScript, sayNode, startNode } from "../../../test/factories/script-factory";
import type { Script } from "../script-types";
import { applyEdit } from "./apply-edit";
import { deleteElements, moveNodes, updateNode } from "./nodes";

describe("applyEdit", () => {
  it("returns the very same script when the edit changes nothing", () => {
    const script = minimalScript();
    const { script: next } = applyEdit(script, moveNodes, { positions: { hello: { x: 0, y: 0 } } });
    expect(next).toBe(script);
  });

  it("shares every unchanged part with the previous script", () => {
    const script = minimalScript();
    const { script: next } = applyEdit(script, moveNodes, { positions: { hello: { x: 10, y: 20 } } });
    expect(next).not.toBe(script);
    expect(next.nodes[1].position).toEqual({ x: 10, y: 20 });
    expect(script.nodes[1].position).toEqual({ x: 0, y: 0 });
    expect(next.nodes[0]).toBe(script.nodes[0]);
    expect(next.nodes[2]).toBe(script.nodes[2]);
    expect(next.edges).toBe(script.edges);
    expect(next.variables).toBe(script.variables);
  });

  it("hands back the edit's result as plain data", () => {
    const leaky = (d: Script, id: string) => d.nodes.find((n) => n.id === id);
    const { result } = applyEdit(minimalScript(), leaky, "hello");
    expect(result).toMatchObject({ id: "hello", kind: "say" });
    // A revoked draft would throw on access; plain data does not.
    expect(JSON.stringify(result)).toContain("hello");
  });

  it("lets several edits run in one recipe without touching the frozen original", () => {
    const script = freeze(
      minimalScript({
        nodes: [startNode(), sayNode("a", "A"), sayNode("b", "B"), endNode("done")],
        edges: [edge("start", "next", "a"), edge("a", "next", "b"), edge("b", "next", "done")],
      }),
      true,
    );
    const both = (d: Script) => {
      deleteElements(d, { nodeIds: ["a"] });
      updateNode(d, { id: "b", patch: { title: "Kept" } });
      moveNodes(d, { positions: { done: { x: 5, y: 5 } } });
    };
    const { script: next } = applyEdit(script, both, undefined);
    expect(next.nodes.map((n) => n.id)).toEqual(["start", "b", "done"]);
    expect(next.nodes[1]).toMatchObject({ id: "b", title: "Kept" });
    expect(next.nodes[2].position).toEqual({ x: 5, y: 5 });
    expect(script.nodes[2]).not.toHaveProperty("title");
    expect(script.nodes).toHaveLength(4);
  });
});
