import { describe, expect, it } from "vitest";
import { isSchemaValidScript } from "~/services/schema-validation.server";
import {
  conditionNode,
  edge,
  endNode,
  makeScript,
  objection,
  questionNode,
  rule,
  sayNode,
  startNode,
  variable,
} from "../../../test/factories/script-factory";
import { checkScript } from "../graph-checks";
import { mergeFieldKeys, richTextFromPlain } from "../rich-text";
import type { ConditionNode, Script } from "../script-types";
import { applyEdit } from "./apply-edit";
import { addVariable, removeVariable, updateVariable } from "./variables";

function personal(): Script {
  return makeScript({
    variables: [variable("firstName", { sample: "Anna" }), variable("city")],
    nodes: [
      startNode(),
      sayNode("hi", "Hello {{firstName}}!"),
      questionNode("q", "Are you in {{city}}, {{firstName}}?"),
      conditionNode("c", [
        rule("r1", "variable", "firstName", { operator: "is-empty" }),
        rule("r2", "answer", "q"),
      ]),
      sayNode("plain", "No merge fields here."),
      endNode("done", "Completed", { text: richTextFromPlain("Bye {{firstName}}.") }),
    ],
    edges: [
      edge("start", "next", "hi"),
      edge("hi", "next", "q"),
      edge("q", "yes", "c"),
      edge("q", "no", "c"),
      edge("c", "rule:r1", "plain"),
      edge("c", "rule:r2", "plain"),
      edge("c", "else", "plain"),
      edge("plain", "next", "done"),
    ],
    objections: [
      objection("busy", "Busy", "Of course, {{firstName}}."),
      objection("mail", "Email me", "Sure."),
    ],
  });
}

describe("addVariable", () => {
  it("declares a merge field", () => {
    const { script } = applyEdit(personal(), addVariable, variable("company", { sample: "Acme" }));
    expect(script.variables.map((v) => v.key)).toEqual(["firstName", "city", "company"]);
    expect(isSchemaValidScript(script)).toBe(true);
  });

  it("refuses a key that exists or is not a valid name", () => {
    expect(() => applyEdit(personal(), addVariable, variable("city"))).toThrow(
      expect.objectContaining({ code: "conflict" }),
    );
    for (const key of ["1st", "first name", "", "x".repeat(65)]) {
      expect(() => applyEdit(personal(), addVariable, variable(key))).toThrow(
        expect.objectContaining({ code: "invalid" }),
      );
    }
    expect(() => applyEdit(personal(), addVariable, { ...variable("ok"), colour: "red" } as never)).toThrow(
      expect.objectContaining({ code: "invalid" }),
    );
  });
});

describe("updateVariable", () => {
  it("changes label, sample and fallback", () => {
    const { script, result } = applyEdit(personal(), updateVariable, {
      key: "city",
      patch: { label: "Town", sample: "Szeged", fallback: undefined },
    });
    expect(script.variables[1]).toEqual({
      key: "city",
      label: "Town",
      type: "text",
      required: false,
      sample: "Szeged",
    });
    expect(result).toEqual([]);
  });

  it("renames every use: texts, end texts, objection replies and variable rules", () => {
    const base = personal();
    const { script, result } = applyEdit(base, updateVariable, {
      key: "firstName",
      patch: { key: "givenName" },
    });
    expect(result).toEqual(["hi", "q", "c", "done"]);
    const texts = [
      ...script.nodes.map((n) => ("text" in n ? n.text : undefined)),
      ...script.objections.map((o) => o.reply),
    ];
    const keys = texts.flatMap((t) => mergeFieldKeys(t));
    expect(keys).not.toContain("firstName");
    expect(keys.filter((k) => k === "givenName")).toHaveLength(4); // hi, q, done, the busy reply
    const rules = (script.nodes[3] as ConditionNode).rules;
    expect(rules[0].key).toBe("givenName");
    expect(rules[1].key).toBe("q");
    // What did not use it is shared, not copied.
    expect(script.nodes[4]).toBe(base.nodes[4]);
    expect(script.objections[1]).toBe(base.objections[1]);
    expect(checkScript(script)).toEqual([]);
    expect(isSchemaValidScript(script)).toBe(true);
  });

  it("refuses a rename to a key in use, and unknown keys", () => {
    expect(() => applyEdit(personal(), updateVariable, { key: "firstName", patch: { key: "city" } })).toThrow(
      expect.objectContaining({ code: "conflict" }),
    );
    expect(() => applyEdit(personal(), updateVariable, { key: "nope", patch: { label: "x" } })).toThrow(
      expect.objectContaining({ code: "not-found" }),
    );
    expect(() => applyEdit(personal(), updateVariable, { key: "city", patch: { label: "" } })).toThrow(
      expect.objectContaining({ code: "invalid" }),
    );
  });
});

describe("removeVariable", () => {
  it("removes the declaration and leaves the uses for the checks to report", () => {
    const { script, result } = applyEdit(personal(), removeVariable, { key: "city" });
    expect(result).toBe(true);
    expect(script.variables.map((v) => v.key)).toEqual(["firstName"]);
    expect(checkScript(script).map((f) => f.code)).toContain("undeclared-merge-field");
    expect(applyEdit(script, removeVariable, { key: "city" }).script).toBe(script);
  });
});
