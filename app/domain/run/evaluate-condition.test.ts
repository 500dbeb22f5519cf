import { describe, expect, it } from "vitest";
import { conditionNode, rule, variable } from "../../../test/factories/script-factory";
import type { ConditionRule } from "../script-types";
import { evaluateCondition, ruleHolds, type ConditionInputs } from "./evaluate-condition";

const inputs: ConditionInputs = {
  variables: [
    variable("city"),
    variable("vip", { type: "boolean" }),
    variable("employees", { type: "number" }),
    variable("empty"),
  ],
  mergeValues: { city: " Budapest ", vip: "yes", employees: "250", empty: "" },
  answers: { q1: "yes", q2: "opt-b", q3: ["x", "z"], q4: 4 },
};

const holds = (source: ConditionRule["source"], key: string, operator: ConditionRule["operator"], value?: ConditionRule["value"]) =>
  ruleHolds(rule("r", source, key, { operator, value }), inputs);

describe("ruleHolds", () => {
  it("compares merge values as their variable's type, text without case or spaces", () => {
    expect(holds("variable", "city", "equals", "budapest")).toBe(true);
    expect(holds("variable", "city", "not-equals", "Vienna")).toBe(true);
    expect(holds("variable", "city", "in", ["Vienna", "BUDAPEST"])).toBe(true);
    expect(holds("variable", "city", "not-in", ["Vienna"])).toBe(true);
    expect(holds("variable", "city", "contains", "dap")).toBe(true);
    expect(holds("variable", "vip", "equals", true)).toBe(true);
    expect(holds("variable", "vip", "equals", false)).toBe(false);
    expect(holds("variable", "employees", "greater-than", 100)).toBe(true);
    expect(holds("variable", "employees", "less-than", 100)).toBe(false);
    expect(holds("variable", "employees", "equals", 250)).toBe(true);
  });

  it("treats a missing or blank value as empty, which only is-empty matches", () => {
    for (const key of ["empty", "unknown"]) {
      expect(holds("variable", key, "is-empty")).toBe(true);
      expect(holds("variable", key, "is-not-empty")).toBe(false);
      expect(holds("variable", key, "equals", "")).toBe(false);
      expect(holds("variable", key, "not-equals", "x")).toBe(false);
      expect(holds("variable", key, "not-in", ["x"])).toBe(false);
      expect(holds("variable", key, "less-than", 5)).toBe(false);
    }
  });

  it("compares earlier answers: yes/no, an option id, chosen options and a rating", () => {
    expect(holds("answer", "q1", "equals", "yes")).toBe(true);
    expect(holds("answer", "q2", "in", ["opt-a", "opt-b"])).toBe(true);
    expect(holds("answer", "q3", "contains", "z")).toBe(true);
    expect(holds("answer", "q3", "contains", "y")).toBe(false);
    expect(holds("answer", "q3", "in", ["y", "x"])).toBe(true);
    expect(holds("answer", "q3", "equals", ["z", "x"])).toBe(true);
    expect(holds("answer", "q3", "equals", "x")).toBe(false);
    expect(holds("answer", "q4", "greater-than", 3)).toBe(true);
    expect(holds("answer", "q4", "less-than", 3)).toBe(false);
    expect(holds("answer", "q4", "equals", "4")).toBe(true);
    expect(holds("answer", "q-unanswered", "is-empty")).toBe(true);
    expect(holds("answer", "q1", "greater-than", 3)).toBe(false);
  });
});

describe("evaluateCondition", () => {
  it("takes the first rule that holds, else the else output", () => {
    const node = conditionNode("c", [
      rule("big", "variable", "employees", { operator: "greater-than", value: 1000 }),
      rule("vip", "variable", "vip", { operator: "equals", value: true }),
      rule("local", "variable", "city", { operator: "equals", value: "Budapest" }),
    ]);
    expect(evaluateCondition(node, inputs)).toBe("rule:vip");
    expect(evaluateCondition(node, { ...inputs, mergeValues: {} })).toBe("else");
    expect(evaluateCondition(conditionNode("c", []), inputs)).toBe("else");
  });
});
