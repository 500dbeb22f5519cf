import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { simulatePilot } from "../simulator";
import { analyzePilot } from "../report/pilot-aggregator";
import { pilotAnalysisConfig } from "../report/pilot-analysis-config";
import { twoVariantPilot, variantScripts } from "../testing/pilot-fixtures";
import type { CallSummary } from "../call-summary";
import { CALL_CSV_COLUMNS, callsCsv } from "./calls-csv";

const pilot = twoVariantPilot();
const config = pilotAnalysisConfig(pilot);
const { summaries } = simulatePilot({
  pilot,
  scripts: variantScripts(),
  contacts: 600,
  seed: 11,
  startAt: "2026-11-26T09:00:00Z",
  agents: ["agent-1", "agent-2"],
});
const parse = (csv: string) =>
  Papa.parse<Record<string, string>>(csv.trimEnd(), { header: true, newline: "\r\n" }).data;

describe("callsCsv", () => {
  it("has one row per call with the documented columns and no contact reference", () => {
    const withRef = summaries.map((s, i): CallSummary => ({
      ...s,
      contactRef: `+4479460${String(i).padStart(5, "0")}`,
    }));
    const csv = callsCsv(withRef, config);
    expect(csv.split("\r\n")[0]).toBe(CALL_CSV_COLUMNS.join(","));
    expect(csv).not.toMatch(/\+44794/);
    const rows = parse(csv);
    expect(rows).toHaveLength(summaries.length);
    const first = summaries[0];
    expect(rows[0]).toMatchObject({
      call_id: first.callId,
      variant: first.variantId,
      started_at: first.startedAt,
      connected: first.connected ? "yes" : "no",
      aapor_code: first.aaporCode,
      ended_by: first.endedBy,
      end_node: first.endNodeId,
    });
  });

  it("flags the same early rejections and checkpoints the report counts", () => {
    const rows = parse(callsCsv(summaries, config));
    const report = analyzePilot(config, summaries);
    for (const v of report.variants) {
      const mine = rows.filter((r) => r.variant === v.id);
      expect(mine.filter((r) => r.early_rejection === "yes")).toHaveLength(v.earlyRejections);
      expect(mine.filter((r) => r.connected === "yes" && r.reached_checkpoint === "yes")).toHaveLength(
        v.reachedCheckpoint ?? -1,
      );
    }
  });

  it("escapes an agent id a dialer wrote as a formula", () => {
    const csv = callsCsv([{ ...summaries[0], agent: "=cmd|' /C calc'!A0" }], config);
    expect(parse(csv)[0].agent_id).toBe("'=cmd|' /C calc'!A0");
  });
});
