import { describe, expect, it } from "vitest";
import { isSchemaValidScript } from "~/services/schema-validation.server";
import { edge, endNode, makeScript, questionNode, startNode } from "../../../test/factories/script-factory";
import type { QuestionNode, Script } from "../script-types";
import { applyEdit } from "./apply-edit";
import { addOption, moveOption, removeOption, updateOption } from "./options";

function single(): Script {
  return makeScript({
    nodes: [
      startNode(),
      questionNode("q", "Which?", "single", ["A", "B", "C"]),
      endNode("e1"),
      endNode("e2"),
    ],
    edges: [edge("start", "next", "q"), edge("q", "option:q-o1", "e1"), edge("q", "option:q-o2", "e2")],
  });
}

const optionsOf = (script: Script) => (script.nodes[1] as QuestionNode).options;

describe("options", () => {
  it("adds an option at the end or at an index", () => {
    const end = applyEdit(single(), addOption, { nodeId: "q", id: "d", label: "D", code: "4" });
    expect(optionsOf(end.script).map((o) => o.id)).toEqual(["q-o1", "q-o2", "q-o3", "d"]);
    expect(end.result).toEqual({ id: "d", label: "D", code: "4" });
    const first = applyEdit(single(), addOption, { nodeId: "q", id: "z", label: "Z", index: 0 });
    expect(optionsOf(first.script)[0].id).toBe("z");
    expect(isSchemaValidScript(end.script) && isSchemaValidScript(first.script)).toBe(true);
  });

  it("refuses options on yes/no and scale questions, and repeated ids", () => {
    const yesNo = makeScript({ nodes: [questionNode("q", "Ok?")] });
    expect(() => applyEdit(yesNo, addOption, { nodeId: "q", id: "x", label: "X" })).toThrow(
      expect.objectContaining({ code: "invalid" }),
    );
    expect(() => applyEdit(single(), addOption, { nodeId: "q", id: "q-o1", label: "X" })).toThrow(
      expect.objectContaining({ code: "conflict" }),
    );
  });

  it("updates an option's label, code and pinned flag", () => {
    const { script } = applyEdit(single(), updateOption, {
      nodeId: "q",
      optionId: "q-o2",
      patch: { label: "Bee", code: "2", pinned: true },
    });
    expect(optionsOf(script)[1]).toEqual({ id: "q-o2", label: "Bee", code: "2", pinned: true });
    const cleared = applyEdit(script, updateOption, {
      nodeId: "q",
      optionId: "q-o2",
      patch: { code: undefined },
    });
    expect(optionsOf(cleared.script)[1]).toEqual({ id: "q-o2", label: "Bee", pinned: true });
    expect(() =>
      applyEdit(single(), updateOption, { nodeId: "q", optionId: "q-o2", patch: { id: "x" } as never }),
    ).toThrow();
  });

  it("removes an option with its connection", () => {
    const base = single();
    const { script, result } = applyEdit(base, removeOption, { nodeId: "q", optionId: "q-o1" });
    expect(optionsOf(script).map((o) => o.id)).toEqual(["q-o2", "q-o3"]);
    expect(result).toEqual(["q-option_q-o1-e1"]);
    expect(script.edges.map((e) => e.id)).toEqual(["start-next-q", "q-option_q-o2-e2"]);
    expect(isSchemaValidScript(script)).toBe(true);
  });

  it("moves an option; its connection follows it", () => {
    const base = single();
    const { script } = applyEdit(base, moveOption, { nodeId: "q", optionId: "q-o1", toIndex: 2 });
    expect(optionsOf(script).map((o) => o.id)).toEqual(["q-o2", "q-o3", "q-o1"]);
    expect(script.edges).toBe(base.edges);
    const clamped = applyEdit(base, moveOption, { nodeId: "q", optionId: "q-o3", toIndex: -5 });
    expect(optionsOf(clamped.script).map((o) => o.id)).toEqual(["q-o3", "q-o1", "q-o2"]);
    expect(applyEdit(base, moveOption, { nodeId: "q", optionId: "q-o2", toIndex: 1 }).script).toBe(base);
  });

  it("reports unknown options", () => {
    expect(() => applyEdit(single(), removeOption, { nodeId: "q", optionId: "nope" })).toThrow(
      expect.objectContaining({ code: "not-found" }),
    );
  });
});
