/**
 * `scriptpilot analyze`: a dialer's results CSV and a pilot config in, the pilot report out — the same
 * report as the dashboard (pilot-report.v1), as text or JSON, so results from any dialer can be analysed
 * offline. The config names the variants, their scripts (to check each row's steps) and the settings.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ProblemDetail } from "~/domain/domain-error";
import { isDomainError } from "~/domain/domain-error";
import { importResults } from "~/domain/pilots/import/results";
import type { Costs, EarlyRejection, Variant } from "~/domain/pilots/pilot-types";
import { analyzePilot, type PilotReport } from "~/domain/pilots/report/pilot-aggregator";
import { openingEndsOf, type PilotAnalysisConfig } from "~/domain/pilots/report/pilot-analysis-config";
import type { Script } from "~/domain/script-types";
import { nodeDisplayName } from "~/domain/node-summary";
import { decisionSentence } from "~/pilots/dashboard/decision-sentence";
import {
  decimal,
  money,
  pct,
  pctInterval,
  pIs,
  points,
  pointsInterval,
  signedPct,
  variantName,
  whole,
} from "~/pilots/dashboard/format";
import { looksLikeBundle, scriptFromBundle } from "~/services/export-bundle.server";
import { compileSchema, formatAjvErrors, parseScriptDocument } from "~/services/schema-validation.server";
import pilotSchema from "../../../schemas/pilot.v1.schema.json";
import { CliError, CliUsageError, type CliCommand, parseCommandArgs } from "../command";
import { readJsonFile } from "../read-document";

/** The config file as written (docs/samples/pilot-config.json). */
interface ConfigFile {
  name?: string;
  variants: { id: string; label?: string; weight?: number; control?: boolean; script: unknown }[];
  plannedSampleSize: number;
  minimumCallsPerVariant?: number;
  smallestChangeWorthDetecting?: number;
  alpha?: number;
  baselineRate?: number;
  earlyRejection?: EarlyRejection;
  successOutcomes?: string[];
  costs?: Costs;
  campaignSize?: number;
  eligibilityRate?: number;
  survivalTimes?: number[];
  maxTalkSeconds?: number;
  assignedPerVariant?: Record<string, number>;
  defaultUtcOffset?: string;
}

const rate = { type: "number", exclusiveMinimum: 0, exclusiveMaximum: 1 };
const validateConfig = compileSchema<ConfigFile>({
  $id: "https://scriptpilot.dev/schemas/cli/pilot-analysis-config.json",
  type: "object",
  additionalProperties: false,
  required: ["variants", "plannedSampleSize"],
  properties: {
    $schema: { type: "string" },
    name: { type: "string", maxLength: 200 },
    variants: {
      type: "array",
      minItems: 2,
      maxItems: 4,
      items: {
        type: "object",
        additionalProperties: false,
        required: ["id", "script"],
        properties: {
          id: { $ref: "#/definitions/Id" },
          label: { type: "string", maxLength: 200 },
          weight: { type: "number", exclusiveMinimum: 0 },
          control: { type: "boolean" },
          // A script or export bundle, inline or as a path relative to the config file.
          script: { anyOf: [{ type: "string", minLength: 1 }, { type: "object" }] },
        },
      },
    },
    plannedSampleSize: { type: "integer", minimum: 1 },
    minimumCallsPerVariant: { type: "integer", minimum: 0 },
    smallestChangeWorthDetecting: rate,
    alpha: { type: "number", exclusiveMinimum: 0, maximum: 0.5 },
    baselineRate: rate,
    earlyRejection: { $ref: "#/definitions/EarlyRejection" },
    successOutcomes: { type: "array", items: { type: "string" } },
    costs: { $ref: "#/definitions/Costs" },
    campaignSize: { type: "integer", minimum: 0 },
    eligibilityRate: { type: "number", minimum: 0, maximum: 1 },
    survivalTimes: { type: "array", items: { type: "number", minimum: 0 }, maxItems: 10 },
    maxTalkSeconds: { type: "number", exclusiveMinimum: 0 },
    assignedPerVariant: { type: "object", additionalProperties: { type: "integer", minimum: 0 } },
    defaultUtcOffset: { type: "string", pattern: "^[+-]\\d{2}:\\d{2}$" },
  },
  definitions: pilotSchema.definitions,
});

const analyze: CliCommand = {
  name: "analyze",
  summary: "Analyse a dialer's pilot results CSV: the dashboard's report as text or JSON",
  usage: `scriptpilot analyze <results.csv> --config <pilot.json> [--json]

  <results.csv>        one row per call (columns: docs/pilot-results-csv.md)
  --config <file>      the pilot: variants with their scripts, planned size and settings
                       (example: docs/samples/pilot-config.json)
  --json               print the report as JSON (schemas/pilot-report.v1.schema.json)

Rows that break a rule are skipped and listed on stderr with their line; a file that cannot be read at
all is an error. Example:
  scriptpilot analyze docs/samples/pilot-results.csv --config docs/samples/pilot-config.json`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args);
    if (positionals.length !== 1) {
      throw new CliUsageError(
        positionals.length === 0 ? "name the results CSV file" : "analyse one results file at a time",
      );
    }
    if (values.config === undefined) throw new CliUsageError("--config <pilot.json> is required");
    const configFile = values.config;
    const { config, scripts, variants, defaultUtcOffset, name } = await loadConfig(configFile);

    const csvFile = positionals[0];
    let bytes: Uint8Array;
    try {
      bytes = await readFile(csvFile);
    } catch (error) {
      const code = error instanceof Error && "code" in error ? String(error.code) : "";
      throw new CliError(
        code === "ENOENT"
          ? `${csvFile}: no such file.`
          : `${csvFile}: cannot be read (${code || "unknown error"}).`,
      );
    }
    const result = importResults(bytes, {
      pilot: {
        variants,
        earlyRejection: config.earlyRejection ?? { withinSeconds: 30, mode: "or" },
        successOutcomes: config.successOutcomes ?? [],
      },
      scripts,
      ...(defaultUtcOffset !== undefined && { defaultUtcOffset }),
    });
    if (!result.ok) throw new CliError(`${csvFile}: ${result.message}`);
    for (const r of result.rejected.slice(0, 20))
      io.stderr.write(`${csvFile}: line ${r.line}: ${r.reason} (skipped)\n`);
    if (result.rejected.length > 20)
      io.stderr.write(`${csvFile}: … and ${result.rejected.length - 20} more rows skipped\n`);
    if (result.summaries.length === 0) {
      throw new CliError(`${csvFile}: none of its ${result.rows} rows could be used (see the lines above).`);
    }
    const report = analyzePilot(config, result.summaries);
    if (values.json) {
      io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      const nodeNames: Record<string, string> = {};
      for (const script of Object.values(scripts))
        for (const n of script.nodes) nodeNames[n.id] ??= nodeDisplayName(n, 40);
      io.stdout.write(
        textReport(report, name ?? path.basename(configFile), nodeNames, result.rejected.length),
      );
    }
    return 0;
  },
};

export default analyze;
export const { name, summary, usage, run } = analyze;

function parseOptions(args: readonly string[]) {
  return parseCommandArgs(args, {
    allowPositionals: true,
    options: { config: { type: "string", short: "c" }, json: { type: "boolean" } },
  });
}

async function loadConfig(file: string) {
  const raw = await readJsonFile(file);
  if (!validateConfig(raw)) {
    throw new CliError(`${file}: ${problemLine(formatAjvErrors(validateConfig.errors ?? [], raw))}`);
  }
  const scripts: Record<string, Script> = {};
  for (const [i, v] of raw.variants.entries()) {
    scripts[v.id] = await loadScript(v.script, file, `variants[${i}].script`);
  }
  const controls = raw.variants.filter((v) => v.control === true).length;
  const variants: Variant[] = raw.variants.map((v, i) => ({
    id: v.id,
    label: v.label ?? v.id,
    scriptId: scripts[v.id].id,
    versionId: `${v.id}-config`,
    versionNumber: 1,
    weight: v.weight ?? 1,
    // No control named: the first variant is the control, as in the app.
    control: controls === 0 ? i === 0 : v.control === true,
  }));
  const config: PilotAnalysisConfig = {
    variants: variants.map((v) => ({ id: v.id, label: v.label, weight: v.weight, isControl: v.control })),
    plannedSampleSize: raw.plannedSampleSize,
    minimumCallsPerVariant: raw.minimumCallsPerVariant ?? 50,
    smallestChangeWorthDetecting: raw.smallestChangeWorthDetecting ?? 0.05,
    alpha: raw.alpha ?? 0.05,
    ...(raw.earlyRejection && { earlyRejection: raw.earlyRejection }),
    ...(raw.successOutcomes && raw.successOutcomes.length > 0 && { successOutcomes: raw.successOutcomes }),
    openingEnds: openingEndsOf(scripts),
    ...(raw.baselineRate !== undefined && { baselineRate: raw.baselineRate }),
    ...(raw.costs && { costs: raw.costs }),
    ...(raw.campaignSize !== undefined && { campaignSize: raw.campaignSize }),
    ...(raw.eligibilityRate !== undefined && { eligibilityRate: raw.eligibilityRate }),
    ...(raw.survivalTimes && { survivalTimes: raw.survivalTimes }),
    ...(raw.maxTalkSeconds !== undefined && { maxTalkSeconds: raw.maxTalkSeconds }),
    ...(raw.assignedPerVariant && { assignedPerVariant: raw.assignedPerVariant }),
  };
  try {
    // The aggregator checks the settings again; checking here names the config file in the message.
    analyzePilot(config, []);
  } catch (error) {
    if (isDomainError(error)) throw new CliError(`${file}: ${error.message} ${problemLine(error.details)}`);
    throw error;
  }
  return { config, scripts, variants, defaultUtcOffset: raw.defaultUtcOffset, name: raw.name };
}

async function loadScript(value: unknown, configFile: string, where: string): Promise<Script> {
  const label = typeof value === "string" ? value : `${configFile} ${where}`;
  const raw =
    typeof value === "string" ? await readJsonFile(path.resolve(path.dirname(configFile), value)) : value;
  try {
    return looksLikeBundle(raw) ? scriptFromBundle(raw).script : parseScriptDocument(raw);
  } catch (error) {
    if (isDomainError(error)) throw new CliError(`${label}: ${error.message} ${problemLine(error.details)}`);
    throw error;
  }
}

function problemLine(details: readonly ProblemDetail[]): string {
  if (details.length === 0) return "";
  const [first] = details;
  return `${first.path || "(top)"}: ${first.message}${details.length > 1 ? ` (and ${details.length - 1} more)` : ""}`;
}

/** The dashboard's sections as plain text, for a terminal. */
export function textReport(
  report: PilotReport,
  pilotName: string,
  nodeNames: Readonly<Record<string, string>>,
  skippedRows: number,
): string {
  const out: string[] = [];
  const line = (text = "") => out.push(text);
  const control = report.variants.find((v) => v.isControl);
  const byId = new Map(report.variants.map((v) => [v.id, v]));
  line(`Pilot report: ${pilotName}`);
  line(
    `${whole(report.totals.analysed)} calls analysed, ${whole(report.totals.connected)} connected${skippedRows > 0 ? `, ${whole(skippedRows)} rows skipped` : ""}. Planned: ${whole(report.settings.plannedSampleSize)} connected calls per variant.`,
  );
  line(`Early rejection: ${report.settings.earlyRejection}`);
  line();
  line("Decision so far (always-valid, safe to read at any time)");
  for (const c of report.comparisons) {
    const v = byId.get(c.variantId);
    if (v && control) line(`  ${decisionSentence(c, v, control, report.settings)}`);
  }
  line();
  line("Calls per variant");
  table(
    out,
    [
      "Variant",
      "Attempted",
      "Connected",
      "Checkpoint",
      "Early rej.",
      "Successes",
      "Early-rejection rate (95% Wilson)",
    ],
    report.variants.map((v) => [
      `${variantName(v)}${v.isControl ? " *control" : ""}`,
      whole(v.attempted),
      whole(v.connected),
      v.reachedCheckpoint === null ? "—" : whole(v.reachedCheckpoint),
      whole(v.earlyRejections),
      whole(v.successes),
      `${pct(v.earlyRejectionRate.estimate)} (${pctInterval(v.earlyRejectionRate.lower, v.earlyRejectionRate.upper)})`,
    ]),
  );
  line();
  line("Funnel");
  for (const v of report.variants)
    line(`  ${variantName(v)}: ${v.funnel.map((s) => `${s.label} ${whole(s.count)}`).join(" → ")}`);
  line();
  line("Challengers against the control (fixed-horizon p-values are valid at the planned end)");
  for (const c of report.comparisons) {
    const v = byId.get(c.variantId);
    line(
      `  ${v ? variantName(v) : c.variantId}: difference ${points(c.difference.estimate)} (95% Newcombe hybrid score ${pointsInterval(c.difference.lower, c.difference.upper)}), relative change ${signedPct(c.relativeChange.estimate)}; ${c.fixedHorizonTest.method} ${pIs(c.fixedHorizonTest.pValue)}, valid at the planned end; always-valid ${pIs(c.sequential.pValue)}`,
    );
  }
  line();
  line("Time on the line (Kaplan-Meier, still on the line)");
  for (const v of report.variants) {
    line(
      `  ${variantName(v)}: ${v.survival.atTimes.map((a) => `at ${a.seconds} s ${pct(a.survival)} (${pctInterval(a.lower, a.upper)})`).join(", ")}`,
    );
  }
  const lr = report.survival.logRank;
  line(
    lr
      ? `  ${lr.method}: χ² = ${decimal(lr.statistic)} on ${lr.df} df, ${pIs(lr.pValue)}`
      : "  Log-rank test: needs connected calls in two variants.",
  );
  line();
  line("Where people drop (ended here / reached)");
  table(
    out,
    ["Step", ...report.variants.map((v) => v.id)],
    report.nodes.map((n) => [
      nodeNames[n.nodeId] ?? n.nodeId,
      ...n.byVariant.map((b) =>
        b.reached > 0 || b.ended > 0 ? `${b.ended}/${b.reached} (${pct(b.dropRate, 0)})` : "—",
      ),
    ]),
  );
  line();
  line("Health checks");
  if (report.health.warnings.length === 0) line("  All checks pass.");
  for (const w of report.health.warnings) line(`  ! ${w.message}`);
  const srm = report.health.sampleRatio.attempted;
  line(`  Sample ratio (dialled): ${srm.method}, ${pIs(srm.pValue)}`);
  for (const b of report.health.balance)
    line(`  Balance of ${b.attribute}: ${b.test.method}, ${pIs(b.test.pValue)}`);
  line();
  line("AAPOR rates");
  for (const name of ["RR1", "COOP1", "REF1", "CON1"]) {
    const formula = report.variants[0]?.aapor.rates.find((r) => r.name === name)?.formula;
    if (!formula) continue;
    line(
      `  ${name} = ${formula}: ${report.variants.map((v) => `${v.id} ${pct(v.aapor.rates.find((r) => r.name === name)?.value)}`).join(", ")}`,
    );
  }
  const costed = report.variants.filter((v) => v.costs || v.projection);
  if (costed.length > 0) {
    line();
    line("Costs and projection");
    for (const v of costed) {
      const cur = v.costs?.currency ?? "";
      const p = v.projection;
      line(
        `  ${variantName(v)}: cost ${money(v.costs?.total, cur)}, per call ${money(v.costs?.perCall, cur)}, per success ${money(v.costs?.perSuccess, cur)}${p ? `; over ${whole(p.contacts)} contacts about ${whole(p.successes.estimate)} successes (${whole(p.successes.lower)} to ${whole(p.successes.upper)})` : ""}`,
      );
    }
  }
  return `${out.join("\n")}\n`;
}

function table(out: string[], header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  const fmt = (cells: string[]) =>
    `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ")}`.trimEnd();
  out.push(fmt(header));
  for (const r of rows) out.push(fmt(r));
}
