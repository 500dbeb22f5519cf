// Runs every bench/*.bench.ts module (or those named on the command line) and prints one table each.
// Benchmarks compare against a baseline measured in the same run; they are not timed tests, so the
// exit code is 0 whatever the verdicts, unless a benchmark itself throws.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { BenchModule, BenchResult } from "./bench-kit";

const here = path.dirname(fileURLToPath(import.meta.url));

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const files = (await readdir(here))
    .filter((f) => f.endsWith(".bench.ts"))
    .filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)))
    .sort();
  if (files.length === 0) {
    console.log(`No benchmarks${only.length ? ` matching ${only.join(", ")}` : ""} in bench/.`);
    return;
  }
  console.log(`ScriptPilot benchmarks — node ${process.version}, ${process.platform}/${process.arch}\n`);
  let pass = 0;
  let fail = 0;
  let broken = 0;
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(here, file)).href)) as Partial<BenchModule>;
    const name = file.replace(/\.bench\.ts$/, "");
    console.log(`■ ${name}${mod.title ? `: ${mod.title}` : ""}`);
    if (typeof mod.run !== "function") {
      console.log("  (no exported run() — skipped)\n");
      continue;
    }
    try {
      const results = await mod.run();
      printTable(results);
      for (const r of results) {
        if (r.verdict === "PASS") pass++;
        else if (r.verdict === "FAIL") fail++;
      }
    } catch (error) {
      broken++;
      process.exitCode = 1;
      console.log(`  ERROR: ${error instanceof Error ? error.message : String(error)}\n`);
    }
  }
  const summary = `${pass} PASS, ${fail} FAIL${broken ? `, ${broken} benchmark(s) broken` : ""}`;
  console.log(fail || broken ? `✗ ${summary}` : `✓ ${summary}`);
}

function printTable(results: BenchResult[]): void {
  const headers = ["case", ...new Set(results.flatMap((r) => Object.keys(r.columns))), "verdict", "note"];
  const rows = results.map((r) => [
    r.case,
    ...headers.slice(1, -2).map((h) => String(r.columns[h] ?? "")),
    r.verdict ?? "",
    r.note ?? "",
  ]);
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const numeric = headers.map(
    (_, i) => i > 0 && i < headers.length - 2 && rows.every((row) => /^-?[\d.,]*$/.test(row[i])),
  );
  const line = (cells: string[]) =>
    "  " +
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  console.log(line(headers));
  console.log(line(widths.map((w) => "─".repeat(w))));
  for (const row of rows) console.log(line(row));
  console.log("");
}

await main();
