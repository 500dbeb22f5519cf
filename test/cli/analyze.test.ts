import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Ajv } from "ajv";
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import reportSchema from "../../schemas/pilot-report.v1.schema.json";

const root = path.resolve(import.meta.dirname, "../..");
const bin = path.join(root, "bin/scriptpilot.js");
const csvFile = path.join(root, "docs/samples/pilot-results.csv");
const configFile = path.join(root, "docs/samples/pilot-config.json");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function scriptpilot(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

const dir = mkdtempSync(path.join(tmpdir(), "analyze-"));
const badRowCsv = path.join(dir, "bad-row.csv");
const badConfig = path.join(dir, "bad-config.json");
const runs: Record<string, Run> = {};

beforeAll(async () => {
  const lines = readFileSync(csvFile, "utf8").trimEnd().split("\n");
  // Line 3 gets a disposition that is no AAPOR code; the rest of the file still counts.
  lines[2] = lines[2].replace(",3.13,", ",9.9,");
  writeFileSync(badRowCsv, `${lines.join("\n")}\n`);
  const config = JSON.parse(readFileSync(configFile, "utf8"));
  writeFileSync(badConfig, JSON.stringify({ ...config, plannedSampleSize: "lots" }));
  // Each run starts Node and compiles TypeScript: start them together.
  const cases: Record<string, string[]> = {
    text: ["analyze", csvFile, "--config", configFile],
    json: ["analyze", csvFile, "--config", configFile, "--json"],
    badRow: ["analyze", badRowCsv, "--config", configFile, "--json"],
    noConfig: ["analyze", csvFile],
    badConfig: ["analyze", csvFile, "--config", badConfig],
    noFile: ["analyze", path.join(dir, "missing.csv"), "--config", configFile],
  };
  await Promise.all(
    Object.entries(cases).map(async ([name, args]) => {
      runs[name] = await scriptpilot(...args);
    }),
  );
}, 120_000);

/** The sample's rows, read independently of the app's importer. */
function sampleRows() {
  return Papa.parse<Record<string, string>>(readFileSync(csvFile, "utf8").trim(), { header: true }).data;
}

describe("scriptpilot analyze", () => {
  it("prints a JSON report valid against pilot-report.v1", () => {
    expect(runs.json.stderr).toBe("");
    expect(runs.json.code).toBe(0);
    const report: unknown = JSON.parse(runs.json.stdout);
    const validate = new Ajv({ allErrors: true, strict: false }).compile(reportSchema);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });

  it("counts the calls of the CSV per variant", () => {
    const report = JSON.parse(runs.json.stdout);
    const rows = sampleRows();
    for (const id of ["A", "B"]) {
      const mine = rows.filter((r) => r.variant === id);
      const variant = report.variants.find((v: { id: string }) => v.id === id);
      expect(variant.attempted).toBe(mine.length);
      expect(variant.connected).toBe(mine.filter((r) => r.connected === "yes").length);
    }
    expect(report.totals.analysed).toBe(rows.length);
    expect(report.comparisons[0].fixedHorizonTest.validity).toBe("valid at the planned end");
  });

  it("prints the dashboard's sections as text, with the decision in one sentence", () => {
    expect(runs.text.code).toBe(0);
    const text = runs.text.stdout;
    for (const heading of [
      "Decision so far",
      "Calls per variant",
      "Funnel",
      "Time on the line",
      "Where people drop",
      "Health checks",
      "AAPOR rates",
      "Costs and projection",
    ]) {
      expect(text).toContain(heading);
    }
    const report = JSON.parse(runs.json.stdout);
    const b = report.variants[1];
    expect(text).toMatch(/^ {2}Variant B \(Short opening\) loses fewer people early: /m);
    expect(text).toMatch(new RegExp(`Variant B \\(Short opening\\) +${b.attempted} +${b.connected} `));
    expect(text).toContain("valid at the planned end");
  });

  it("skips a bad row, naming its line, and analyses the rest", () => {
    expect(runs.badRow.code).toBe(0);
    expect(runs.badRow.stderr).toBe(
      `${badRowCsv}: line 3: disposition “9.9” is not an AAPOR final disposition code (e.g. 1.1, 2.11, 2.12) (skipped)\n`,
    );
    expect(JSON.parse(runs.badRow.stdout).totals.analysed).toBe(sampleRows().length - 1);
  });

  it("fails with one clear line and a non-zero exit, never a stack trace", () => {
    expect(runs.noConfig.code).toBe(2);
    expect(runs.noConfig.stderr).toMatch(/^scriptpilot analyze: --config <pilot.json> is required/);
    expect(runs.badConfig.code).toBe(1);
    expect(runs.badConfig.stderr.trim().split("\n")).toHaveLength(1);
    expect(runs.badConfig.stderr).toMatch(/plannedSampleSize/);
    expect(runs.noFile.code).toBe(1);
    expect(runs.noFile.stderr).toMatch(/missing\.csv: no such file\./);
    for (const run of [runs.noConfig, runs.badConfig, runs.noFile]) {
      expect(run.stdout).toBe("");
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
