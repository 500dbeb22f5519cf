import { describe, expect, it } from "vitest";
import { isSchemaValidScript } from "~/services/schema-validation.server";
import {
  conditionNode,
  edge,
  endNode,
  makeScript,
  rule,
  startNode,
  variable,
} from "../../../test/factories/script-factory";
import type { ConditionNode, Script } from "../script-types";
import { applyEdit } from "./apply-edit";
import { addRule, moveRule, removeRule, updateRule } from "./rules";

function condition(): Script {
  return makeScript({
    variables: [variable("vip", { type: "boolean" }), variable("city")],
    nodes: [
      startNode(),
      conditionNode("c", [
        rule("r1", "variable", "vip"),
        rule("r2", "variable", "city", { value: "Budapest" }),
      ]),
      endNode("e1"),
      endNode("e2"),
    ],
    edges: [
      edge("start", "next", "c"),
      edge("c", "rule:r1", "e1"),
      edge("c", "rule:r2", "e2"),
      edge("c", "else", "e2"),
    ],
  });
}

const rulesOf = (script: Script) => (script.nodes[1] as ConditionNode).rules;

describe("rules", () => {
  it("adds a rule with defaults a writer then edits", () => {
    const { script, result } = applyEdit(condition(), addRule, { nodeId: "c", id: "r3" });
    expect(result).toEqual({ id: "r3", source: "variable", key: "vip", operator: "is-not-empty" });
    expect(rulesOf(script).map((r) => r.id)).toEqual(["r1", "r2", "r3"]);
    expect(isSchemaValidScript(script)).toBe(true);
  });

  it("adds a rule as given, at an index", () => {
    const { script } = applyEdit(condition(), addRule, {
      nodeId: "c",
      id: "r0",
      index: 0,
      source: "variable",
      key: "city",
      operator: "in",
      value: ["Budapest", "Szeged"],
      label: "Local",
    });
    expect(rulesOf(script)[0]).toEqual({
      id: "r0",
      label: "Local",
      source: "variable",
      key: "city",
      operator: "in",
      value: ["Budapest", "Szeged"],
    });
  });

  it("refuses repeated ids and values the schema does not allow", () => {
    expect(() => applyEdit(condition(), addRule, { nodeId: "c", id: "r1" })).toThrow(
      expect.objectContaining({ code: "conflict" }),
    );
    expect(() => applyEdit(condition(), addRule, { nodeId: "c", id: "r9", key: "" })).toThrow(
      expect.objectContaining({ code: "invalid" }),
    );
    expect(() =>
      applyEdit(condition(), updateRule, {
        nodeId: "c",
        ruleId: "r1",
        patch: { operator: "bigger" as never },
      }),
    ).toThrow(expect.objectContaining({ code: "invalid" }));
  });

  it("updates a rule; undefined removes its value", () => {
    const { script } = applyEdit(condition(), updateRule, {
      nodeId: "c",
      ruleId: "r2",
      patch: { operator: "is-empty", value: undefined },
    });
    expect(rulesOf(script)[1]).toEqual({ id: "r2", source: "variable", key: "city", operator: "is-empty" });
    expect(isSchemaValidScript(script)).toBe(true);
  });

  it("removes a rule with its connection, keeping else", () => {
    const { script, result } = applyEdit(condition(), removeRule, { nodeId: "c", ruleId: "r1" });
    expect(result).toEqual(["c-rule_r1-e1"]);
    expect(script.edges.map((e) => e.sourceHandle)).toEqual(["next", "rule:r2", "else"]);
  });

  it("reorders rules", () => {
    const { script } = applyEdit(condition(), moveRule, { nodeId: "c", ruleId: "r2", toIndex: 0 });
    expect(rulesOf(script).map((r) => r.id)).toEqual(["r2", "r1"]);
  });
});
