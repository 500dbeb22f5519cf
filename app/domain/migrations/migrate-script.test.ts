import { describe, expect, it } from "vitest";
import { DomainError } from "../domain-error";
import { migrateScript } from "./migrate-script";

describe("migrateScript", () => {
  it("leaves a current document as it is", () => {
    const doc = { schemaVersion: 1, title: "x" };
    expect(migrateScript(doc)).toEqual(doc);
  });

  it("applies numbered steps in order up to the current version", () => {
    const steps = {
      1: (d: Record<string, unknown>) => ({ ...d, schemaVersion: 2, name: d["title"] }),
      2: (d: Record<string, unknown>) => ({ ...d, schemaVersion: 3, tags: [] }),
    };
    expect(migrateScript({ schemaVersion: 1, title: "Hi" }, steps, 3)).toEqual({
      schemaVersion: 3,
      title: "Hi",
      name: "Hi",
      tags: [],
    });
  });

  it("refuses a document from a newer version with a message that says so", () => {
    expect(() => migrateScript({ schemaVersion: 7 })).toThrowError(/newer version of ScriptPilot.*version 7/);
    try {
      migrateScript({ schemaVersion: 7 });
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).code).toBe("unsupported-version");
    }
  });

  it("refuses when a step is missing", () => {
    expect(() => migrateScript({ schemaVersion: 1 }, {}, 2)).toThrowError(/no migration from version 1 to 2/);
  });

  it("passes through what is not a versioned object, for the schema to describe", () => {
    expect(migrateScript("nope")).toBe("nope");
    expect(migrateScript([1])).toEqual([1]);
    expect(migrateScript({ title: "no version" })).toEqual({ title: "no version" });
  });
});
