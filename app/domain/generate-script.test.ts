import { describe, expect, it } from "vitest";
// Tests may check domain output against the real schema; only domain code itself must not depend on services.
import { isSchemaValidScript, parseScriptDocument } from "~/services/schema-validation.server";
import { DomainError } from "./domain-error";
import { generateScript } from "./generate-script";
import { checkScript, summarizeFindings } from "./graph-checks";

const NOW = "2025-03-01T08:00:00.000Z";

describe("generateScript", () => {
  it.each([2, 3, 5, 12, 200, 2_000])(
    "makes a schema-valid script of exactly %i steps with no errors",
    (size) => {
      const script = generateScript({ nodes: size, seed: 42, now: NOW });
      expect(script.nodes).toHaveLength(size);
      expect(isSchemaValidScript(script), JSON.stringify(schemaProblems(script))).toBe(true);
      const findings = checkScript(script);
      expect(findings.filter((f) => f.severity === "error")).toEqual([]);
      expect(summarizeFindings(findings).warnings).toBe(0);
    },
  );

  it("stays valid across seeds", () => {
    for (let seed = 1; seed <= 25; seed++) {
      const script = generateScript({ nodes: 150, seed, now: NOW });
      expect(isSchemaValidScript(script)).toBe(true);
      expect(checkScript(script)).toEqual([]);
    }
  });

  it("gives the same document for the same seed, and a different one for another seed", () => {
    const a = generateScript({ nodes: 500, seed: 7, now: NOW });
    expect(generateScript({ nodes: 500, seed: 7, now: NOW })).toEqual(a);
    expect(generateScript({ nodes: 500, seed: 8, now: NOW })).not.toEqual(a);
    expect(a.createdAt).toBe(NOW);
    expect(a.updatedAt).toBe(NOW);
  });

  it("uses every kind of step, question type and the merge fields it declares", () => {
    const script = generateScript({ nodes: 2_000, seed: 3, now: NOW });
    const kinds = new Set(script.nodes.map((n) => n.kind));
    expect([...kinds].sort()).toEqual([
      "callback",
      "checkpoint",
      "condition",
      "end",
      "question",
      "referral",
      "say",
      "start",
    ]);
    const types = new Set(script.nodes.flatMap((n) => (n.kind === "question" ? [n.questionType] : [])));
    expect([...types].sort()).toEqual(["multiple", "scale", "semi-open", "single", "yes-no"]);
    expect(script.variables.map((v) => v.key)).toContain("firstName");
    expect(script.objections.some((o) => o.then.action === "goto")).toBe(true);
  });

  it("is a fair test bed for the checks: breaking it is noticed", () => {
    const script = generateScript({ nodes: 1_000, seed: 11, now: NOW });
    const cut = script.edges.findIndex((e) => e.sourceHandle === "no");
    const [removed] = script.edges.splice(cut, 1);
    const found = checkScript(script);
    expect(found).toContainEqual(
      expect.objectContaining({ severity: "error", code: "unconnected-output", nodeId: removed.source }),
    );
  });

  it("refuses sizes it cannot build", () => {
    expect(() => generateScript({ nodes: 1, seed: 1, now: NOW })).toThrow(DomainError);
    expect(() => generateScript({ nodes: 20_001, seed: 1, now: NOW })).toThrow(DomainError);
    expect(() => generateScript({ nodes: 10.5, seed: 1, now: NOW })).toThrow(DomainError);
  });
});

/** What the schema says is wrong, for the assertion message when a generated script is not valid. */
function schemaProblems(script: unknown): unknown {
  try {
    parseScriptDocument(script);
    return [];
  } catch (error) {
    return error instanceof DomainError ? error.details.slice(0, 5) : String(error);
  }
}
