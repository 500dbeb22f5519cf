// The editor's domain work on a generated 1,000-step script, against baselines measured in the same run:
// - live checks on each edit: speaking time, opener checks and find, against the graph checks (which have
//   their own benchmark); the speaking-time summary must stay under 50 ms;
// - one edit through immer (structural sharing), against a full deep copy of the document, which is what
//   an undo history without sharing would pay for every step.
import { freeze } from "immer";
import { applyEdit, updateNode } from "~/domain/edits";
import { findInScript } from "~/domain/find-in-script";
import { generateScript } from "~/domain/generate-script";
import { checkScript } from "~/domain/graph-checks";
import { openerChecks } from "~/domain/opener-checks";
import { richTextFromPlain } from "~/domain/rich-text";
import { enumeratePaths, timingSummary } from "~/domain/speaking-time";
import { ms, timeInterleaved, type BenchResult } from "./bench-kit";

export const title = "Editor domain: timing, opener checks, find and edits on 1,000 steps";

const MAX_TIMING_MS = 50;
const MAX_EDIT_RATIO = 0.2;

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  // Frozen, as the editor store keeps it after its first edit.
  const script = freeze(
    generateScript({ nodes: 1_000, seed: 20_250_301, now: "2025-03-01T08:00:00.000Z" }),
    true,
  );
  const target = script.nodes.find((n) => n.kind === "say");
  if (!target) throw new Error("the generated script has no statement to edit");

  const checks = timeInterleaved(
    {
      checks: () => checkScript(script),
      timing: () => timingSummary(script),
      paths: () => enumeratePaths(script, { maxPaths: 200 }),
      opener: () => openerChecks(script),
      find: () => findInScript(script, "summit"),
    },
    { warmup: 20, repetitions: 41 },
  );
  for (const name of ["timing", "paths", "opener", "find"] as const) {
    const over = name === "timing" && checks.timing >= MAX_TIMING_MS;
    results.push({
      case:
        name === "timing"
          ? "timingSummary"
          : name === "paths"
            ? "enumeratePaths (200)"
            : name === "opener"
              ? "openerChecks"
              : "findInScript",
      columns: {
        "ms (median)": ms(checks[name]),
        "checkScript ms": ms(checks.checks),
        "ratio to checks": (checks[name] / checks.checks).toFixed(2),
      },
      ...(name === "timing"
        ? {
            verdict: over ? ("FAIL" as const) : ("PASS" as const),
            note: over ? `${ms(checks.timing)} ms >= ${MAX_TIMING_MS} ms` : `< ${MAX_TIMING_MS} ms`,
          }
        : {}),
    });
  }

  let round = 0;
  const edit = () =>
    applyEdit(script, updateNode, {
      id: target.id,
      patch: { text: richTextFromPlain(`Edited text, round ${++round}.`) },
    });
  const edits = timeInterleaved(
    { edit, copy: () => structuredClone(script) },
    { warmup: 20, repetitions: 41 },
  );
  const ratio = edits.edit / edits.copy;
  results.push({
    case: "updateNode via applyEdit",
    columns: {
      "ms (median)": ms(edits.edit),
      "deep copy ms": ms(edits.copy),
      "ratio to copy": ratio.toFixed(3),
    },
    verdict: ratio <= MAX_EDIT_RATIO ? "PASS" : "FAIL",
    note: `edit/copy <= ${MAX_EDIT_RATIO}`,
  });
  return results;
}
