// checkScript against ajv validation of the same document, measured in the same run: the checks must cost
// no more than twice the schema validation, and stay under 100 ms for a 10,000-step script.
import { generateScript } from "~/domain/generate-script";
import { checkScript, summarizeFindings } from "~/domain/graph-checks";
import { isSchemaValidScript } from "~/services/schema-validation.server";
import { ms, timeInterleaved, type BenchResult } from "./bench-kit";

export const title = "Graph checks vs ajv schema validation";

const MAX_RATIO = 2.0;
const MAX_MS_AT_10K = 100;
const SIZES = [
  { nodes: 1_000, warmup: 20, repetitions: 41 },
  { nodes: 10_000, warmup: 10, repetitions: 21 },
];

export async function run(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const { nodes, warmup, repetitions } of SIZES) {
    const script = generateScript({ nodes, seed: 20_250_301, now: "2025-03-01T08:00:00.000Z" });
    // A benchmark of the wrong thing is worse than none: both must accept the document.
    if (!isSchemaValidScript(script)) throw new Error(`generated ${nodes}-step script is not schema-valid`);
    const { errors } = summarizeFindings(checkScript(script));
    if (errors > 0) throw new Error(`generated ${nodes}-step script has ${errors} graph errors`);

    const median = timeInterleaved(
      { checks: () => checkScript(script), ajv: () => isSchemaValidScript(script) },
      { warmup, repetitions },
    );
    const ratio = median.checks / median.ajv;
    const failures: string[] = [];
    if (ratio > MAX_RATIO) failures.push(`ratio ${ratio.toFixed(2)} > ${MAX_RATIO}`);
    if (nodes >= 10_000 && median.checks >= MAX_MS_AT_10K)
      failures.push(`checks ${ms(median.checks)} ms >= ${MAX_MS_AT_10K} ms`);
    results.push({
      case: `${nodes.toLocaleString("en")} nodes`,
      columns: {
        nodes,
        edges: script.edges.length,
        "checks ms (median)": ms(median.checks),
        "ajv ms (median)": ms(median.ajv),
        "checks/ajv": ratio.toFixed(2),
        reps: repetitions,
      },
      verdict: failures.length ? "FAIL" : "PASS",
      note: failures.length
        ? failures.join("; ")
        : `ratio <= ${MAX_RATIO}${nodes >= 10_000 ? `, < ${MAX_MS_AT_10K} ms` : ""}`,
    });
  }
  return results;
}
