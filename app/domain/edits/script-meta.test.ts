import { describe, expect, it } from "vitest";
import { isSchemaValidScript } from "~/services/schema-validation.server";
import { minimalScript } from "../../../test/factories/script-factory";
import { applyEdit } from "./apply-edit";
import { updateScriptMeta } from "./script-meta";

describe("updateScriptMeta", () => {
  it("changes title, description, language, tags and kind", () => {
    const { script } = applyEdit(minimalScript(), updateScriptMeta, {
      patch: { title: "Invitation", description: "Phase 2", language: "hu", tags: ["event"], kind: "survey" },
    });
    expect(script).toMatchObject({
      title: "Invitation",
      description: "Phase 2",
      language: "hu",
      tags: ["event"],
      kind: "survey",
    });
    expect(isSchemaValidScript(script)).toBe(true);
    const cleared = applyEdit(script, updateScriptMeta, { patch: { description: undefined } });
    expect(cleared.script).not.toHaveProperty("description");
  });

  it("merges settings one level deep; undefined brings a default back", () => {
    const base = minimalScript({ settings: { wordsPerMinute: 140, answerSeconds: 4 } });
    const { script } = applyEdit(base, updateScriptMeta, {
      patch: { settings: { answerSeconds: undefined, openerChecks: { enabled: false } } },
    });
    expect(script.settings).toEqual({ wordsPerMinute: 140, openerChecks: { enabled: false } });
    expect(isSchemaValidScript(script)).toBe(true);
    const emptied = applyEdit(script, updateScriptMeta, {
      patch: { settings: { wordsPerMinute: undefined, openerChecks: undefined } },
    });
    expect(emptied.script).not.toHaveProperty("settings");
  });

  it("changes nothing when the values are the same", () => {
    const base = minimalScript({ settings: { wordsPerMinute: 140 } });
    const { script } = applyEdit(base, updateScriptMeta, {
      patch: { title: base.title, tags: [], settings: { wordsPerMinute: 140 } },
    });
    expect(script).toBe(base);
  });

  it.each([
    [{ title: "  " }],
    [{ language: "english please" }],
    [{ tags: ["a", "a"] }],
    [{ settings: { wordsPerMinute: 10 } }],
    [{ settings: { openerChecks: { withinSeconds: 1 } } }],
    [{ settings: { speed: 1 } }],
    [{ id: "other" }],
    [{ revision: 9 }],
  ])("refuses %j", (patch) => {
    expect(() => applyEdit(minimalScript(), updateScriptMeta, { patch: patch as never })).toThrow(
      expect.objectContaining({ code: "invalid" }),
    );
  });
});
