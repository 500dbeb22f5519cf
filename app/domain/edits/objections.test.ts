import { describe, expect, it } from "vitest";
import { isSchemaValidScript } from "~/services/schema-validation.server";
import { minimalScript, objection } from "../../../test/factories/script-factory";
import { richTextFromPlain } from "../rich-text";
import type { Script } from "../script-types";
import { applyEdit } from "./apply-edit";
import { addObjection, moveObjection, removeObjection, updateObjection } from "./objections";

function withObjections(): Script {
  return minimalScript({
    objections: [objection("busy", "I am busy", "Two minutes."), objection("mail", "Send an email", "Sure.")],
  });
}

describe("objections", () => {
  it("adds an objection with defaults", () => {
    const { script, result } = applyEdit(withObjections(), addObjection, { id: "who" });
    expect(result).toEqual({
      id: "who",
      label: "New objection",
      reply: { type: "doc", content: [{ type: "paragraph" }] },
      then: { action: "return" },
    });
    expect(script.objections.map((o) => o.id)).toEqual(["busy", "mail", "who"]);
    expect(isSchemaValidScript(script)).toBe(true);
  });

  it("adds an objection as given, at an index", () => {
    const { script } = applyEdit(withObjections(), addObjection, {
      id: "no",
      index: 0,
      label: "Not interested",
      shortcut: "n",
      reply: richTextFromPlain("Thank you."),
      then: { action: "end", outcome: { label: "Refused", success: false, disposition: "2.11" } },
    });
    expect(script.objections[0]).toMatchObject({ id: "no", shortcut: "n", then: { action: "end" } });
    expect(isSchemaValidScript(script)).toBe(true);
  });

  it("refuses repeated ids and invalid fields", () => {
    expect(() => applyEdit(withObjections(), addObjection, { id: "busy" })).toThrow(
      expect.objectContaining({ code: "conflict" }),
    );
    expect(() => applyEdit(withObjections(), addObjection, { id: "x", shortcut: "AB" })).toThrow(
      expect.objectContaining({ code: "invalid" }),
    );
    expect(() => applyEdit(withObjections(), updateObjection, { id: "busy", patch: { label: "" } })).toThrow(
      expect.objectContaining({ code: "invalid" }),
    );
  });

  it("updates an objection; undefined removes its shortcut", () => {
    const base = minimalScript({
      objections: [objection("busy", "Busy", "Ok.", { action: "return" }, { shortcut: "b" })],
    });
    const { script } = applyEdit(base, updateObjection, {
      id: "busy",
      patch: { label: "No time", shortcut: undefined, then: { action: "goto", target: "hello" } },
    });
    expect(script.objections[0]).toEqual({
      id: "busy",
      label: "No time",
      reply: base.objections[0].reply,
      then: { action: "goto", target: "hello" },
    });
    expect(isSchemaValidScript(script)).toBe(true);
  });

  it("removes and reorders objections", () => {
    const removed = applyEdit(withObjections(), removeObjection, { id: "busy" });
    expect(removed.script.objections.map((o) => o.id)).toEqual(["mail"]);
    const moved = applyEdit(withObjections(), moveObjection, { id: "mail", toIndex: 0 });
    expect(moved.script.objections.map((o) => o.id)).toEqual(["mail", "busy"]);
    expect(() => applyEdit(withObjections(), moveObjection, { id: "zz", toIndex: 0 })).toThrow(
      expect.objectContaining({ code: "not-found" }),
    );
  });
});
