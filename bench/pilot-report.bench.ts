// The full pilot report over 1,000,000 call events against a bare read-and-JSON.parse of the same NDJSON
// file, measured in the same run: the report (parse, fold each call's events into a call record and its
// summary, aggregate, report) must run at no less than half the speed of parsing alone. Also: what one
// streamed call costs the live dashboard (add + report) against recomputing from scratch, and the
// statistics' honesty over many simulated pilots (issue 7, Correctness).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { CallEvent } from "~/domain/calls/call-types";
import { foldCallRecord } from "~/domain/calls/fold-call-record";
import { summarizeCall, type CallSummary } from "~/domain/pilots/call-summary";
import type { PilotAnalysisConfig } from "~/domain/pilots/report/pilot-analysis-config";
import { analyzePilot, createPilotAggregator } from "~/domain/pilots/report/pilot-aggregator";
import { wilsonInterval } from "~/domain/stats/proportions";
import { createRandom } from "~/domain/stats/random";
import {
  differenceConfidenceSequence,
  mixtureVariance,
  plannedDifferenceVariance,
} from "~/domain/stats/sequential";
import { callEventProblems } from "~/services/call-schemas.server";
import { ms, timeInterleaved, type BenchResult } from "./bench-kit";

export const title = "Pilot report over 1,000,000 call events vs read + JSON.parse";

const EVENTS = 1_000_000;
const MIN_SPEED_RATIO = 0.5;
const VARIANTS = ["control", "short-opener", "question-first"];
const CONFIG: PilotAnalysisConfig = {
  variants: VARIANTS.map((id, i) => ({ id, label: id, weight: 1, isControl: i === 0 })),
  earlyRejection: {
    withinSeconds: 30,
    checkpoints: VARIANTS.map((variantId) => ({ variantId, nodeId: "pitch" })),
    mode: "or",
  },
  plannedSampleSize: 20_000,
  minimumCallsPerVariant: 100,
  smallestChangeWorthDetecting: 0.02,
  alpha: 0.05,
  baselineRate: 0.35,
  costs: { currency: "GBP", perContact: 0.4, perTalkMinute: 0.25, perSuccess: 40 },
  campaignSize: 500_000,
  eligibilityRate: 0.7,
};

export async function run(): Promise<BenchResult[]> {
  const dir = mkdtempSync(path.join(tmpdir(), "scriptpilot-pilot-bench-"));
  try {
    const file = path.join(dir, "pilot-events.ndjson");
    const { calls } = writeEvents(file, EVENTS);
    const results: BenchResult[] = [];

    // A benchmark of the wrong thing is worse than none: the generated events must be schema-valid.
    const sample = readFileSync(file, "utf8").split("\n", 2000).filter(Boolean);
    for (const line of sample) {
      const problems = callEventProblems(JSON.parse(line));
      if (problems.length > 0) throw new Error(`generated event is not schema-valid: ${problems.join("; ")}`);
    }

    let lastReport: ReturnType<typeof analyzePilot> | undefined;
    const median = timeInterleaved(
      {
        parse: () => parseOnly(file),
        report: () => (lastReport = fullReport(file)),
      },
      { warmup: 1, repetitions: 3 },
    );
    if (!lastReport || lastReport.totals.analysed !== calls) {
      throw new Error(`report analysed ${lastReport?.totals.analysed} calls, expected ${calls}`);
    }
    const speedRatio = median.parse / median.report;
    results.push({
      case: `${EVENTS.toLocaleString("en")} events (${calls.toLocaleString("en")} calls)`,
      columns: {
        "read+parse ms": ms(median.parse),
        "full report ms": ms(median.report),
        "speed vs parse": speedRatio.toFixed(2),
      },
      verdict: speedRatio >= MIN_SPEED_RATIO ? "PASS" : "FAIL",
      note: `report speed >= ${MIN_SPEED_RATIO}x parse speed`,
    });

    results.push(incremental(file));
    results.push(...honesty());
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Calls are generated interleaved, a few in flight at a time, as several agents' calls are in a log. */
function writeEvents(file: string, target: number): { calls: number } {
  const random = createRandom(20_261_126);
  const chunks: string[] = [];
  const inFlight: CallEvent[][] = [];
  let written = 0;
  let calls = 0;
  const t0 = Date.parse("2026-11-26T08:00:00.000Z");
  while (written < target) {
    while (inFlight.length < 40) inFlight.push(makeCall(random, `call-${calls++}`, t0 + calls * 7000));
    const i = random.int(inFlight.length);
    const event = inFlight[i].shift()!;
    chunks.push(JSON.stringify(event));
    written++;
    if (inFlight[i].length === 0) inFlight.splice(i, 1);
  }
  // Finish the calls in flight so every call in the file has ended.
  for (const rest of inFlight) for (const event of rest) chunks.push(JSON.stringify(event));
  writeFileSync(file, chunks.join("\n") + "\n");
  return { calls };
}

function makeCall(random: ReturnType<typeof createRandom>, callId: string, startMs: number): CallEvent[] {
  const variantId = VARIANTS[random.int(VARIANTS.length)];
  const earlyHazard = [0.32, 0.27, 0.3][VARIANTS.indexOf(variantId)];
  const events: CallEvent[] = [];
  let seq = 0;
  let offsetMs = 0;
  const base = () => {
    const s = seq++;
    return {
      schemaVersion: 1 as const,
      eventId: `${callId}-${s}`,
      callId,
      seq: s,
      at: new Date(startMs + offsetMs).toISOString(),
      offsetMs,
    };
  };
  events.push({
    ...base(),
    type: "call-started",
    scriptId: "solar",
    source: { kind: "version", versionId: `v-${variantId}`, number: 1 },
    preview: false,
    agent: `agent-${random.int(12)}`,
    pilotId: "bench",
    variantId,
    contactRef: `contact-${callId}`,
  });
  const connected = random.next() < 0.7;
  let talk = 0;
  let nodeId = "opening";
  if (connected) {
    offsetMs += 1500 + random.int(3000);
    events.push({ ...base(), type: "connected" });
    const path = ["opening", "q-interest", "pitch", "q-roof", "q-budget", "close"];
    let endedBy: "customer" | "script" | "agent" = "script";
    let success = false;
    let aaporCode: "1.1" | "2.11" | "2.12" = "2.11";
    for (let step = 0; step < path.length; step++) {
      nodeId = path[step];
      const stepSeconds = 4 + random.exponential(1 / 12);
      talk += stepSeconds;
      offsetMs += Math.round(stepSeconds * 1000);
      events.push({ ...base(), type: "step", nodeId });
      if (random.next() < 0.15) {
        events.push({ ...base(), type: "objection", objectionId: "no-time", nodeId });
        events.push({
          ...base(),
          type: "objection-resolved",
          objectionId: "no-time",
          action: "return",
          toNodeId: nodeId,
        });
      }
      const hazard = step === 0 ? earlyHazard : 0.08;
      if (random.next() < hazard) {
        endedBy = "customer";
        aaporCode = "2.12";
        break;
      }
      if (step < path.length - 1) {
        events.push({ ...base(), type: "answer", nodeId, output: "yes", optionIds: [] });
      } else {
        success = random.next() < 0.4;
        aaporCode = success ? "1.1" : "2.11";
      }
    }
    events.push({
      ...base(),
      type: "call-ended",
      endedBy,
      nodeId,
      outcome: success ? "Appointment" : endedBy === "customer" ? "Hung up" : "Declined",
      aaporCode,
      success,
      connected: true,
      talkSeconds: Math.round(talk * 10) / 10,
    });
  } else {
    offsetMs += 25_000;
    events.push({
      ...base(),
      type: "call-ended",
      endedBy: "agent",
      nodeId,
      outcome: "No answer",
      aaporCode: "3.13",
      success: false,
      connected: false,
      talkSeconds: 0,
    });
  }
  return events;
}

function forEachLine(text: string, fn: (line: string) => void): void {
  let start = 0;
  for (;;) {
    const end = text.indexOf("\n", start);
    if (end === -1) break;
    if (end > start) fn(text.slice(start, end));
    start = end + 1;
  }
}

/** The baseline: read the file and JSON.parse every line, nothing else. */
function parseOnly(file: string): number {
  let count = 0;
  forEachLine(readFileSync(file, "utf8"), (line) => {
    if (JSON.parse(line)) count++;
  });
  return count;
}

/** Read, parse, fold each call when it ends, aggregate, report. */
function fullReport(file: string) {
  const aggregator = createPilotAggregator(CONFIG);
  const open = new Map<string, CallEvent[]>();
  forEachLine(readFileSync(file, "utf8"), (line) => {
    const event = JSON.parse(line) as CallEvent; // generated above and sample-validated; not external data
    let events = open.get(event.callId);
    if (!events) {
      events = [];
      open.set(event.callId, events);
    }
    events.push(event);
    if (event.type === "call-ended") {
      open.delete(event.callId);
      aggregator.add(summarizeCall(foldCallRecord(events)));
    }
  });
  return aggregator.report();
}

/** The live dashboard: one more call (add + report) against recomputing the report from every call. */
function incremental(file: string): BenchResult {
  const summaries: CallSummary[] = [];
  const open = new Map<string, CallEvent[]>();
  forEachLine(readFileSync(file, "utf8"), (line) => {
    const event = JSON.parse(line) as CallEvent;
    const events = open.get(event.callId) ?? [];
    events.push(event);
    open.set(event.callId, events);
    if (event.type === "call-ended") {
      open.delete(event.callId);
      summaries.push(summarizeCall(foldCallRecord(events)));
    }
  });
  const aggregator = createPilotAggregator(CONFIG);
  const held = summaries.slice(-1000);
  for (const s of summaries.slice(0, -1000)) aggregator.add(s);
  let i = 0;
  const addStart = performance.now();
  for (const s of held.slice(0, 500)) aggregator.add(s);
  const addMs = (performance.now() - addStart) / 500;
  i = 500;
  const median = timeInterleaved(
    {
      "add + report": () => {
        aggregator.add(held[i++ % held.length]);
        return aggregator.report();
      },
      "from scratch": () => analyzePilot(CONFIG, summaries),
    },
    { warmup: 1, repetitions: 5 },
  );
  const ratio = median["from scratch"] / median["add + report"];
  return {
    case: `one streamed call, ${summaries.length.toLocaleString("en")} calls so far`,
    columns: {
      "add µs": (addMs * 1000).toFixed(2),
      "add+report ms": ms(median["add + report"]),
      "from scratch ms": ms(median["from scratch"]),
      "scratch/incremental": ratio.toFixed(0),
    },
    verdict: ratio >= 10 ? "PASS" : "FAIL",
    note: "incremental at least 10x cheaper than recomputing",
  };
}

/** Issue 7 Correctness, the larger runs: A/A false alarms with peeking, and Wilson coverage. */
function honesty(): BenchResult[] {
  const random = createRandom(7_777);
  const results: BenchResult[] = [];
  // 10,000 A/A pilots with three variants (two challengers, alpha split), looked at every 20 calls per
  // variant pair, for each of three true rates. "Any challenger declared different" is the family error.
  for (const p of [0.1, 0.3, 0.5]) {
    const planned = 1000;
    const alpha = 0.05 / 2;
    const tau2 = mixtureVariance(plannedDifferenceVariance(0.35, planned), alpha);
    let alarms = 0;
    const pilots = 10_000;
    for (let s = 0; s < pilots; s++) {
      const x = [0, 0, 0];
      let alarmed = false;
      for (let n = 10; n <= planned && !alarmed; n += 10) {
        for (let v = 0; v < 3; v++) x[v] += random.binomial(10, p);
        if (n < 100) continue;
        for (const c of [1, 2]) {
          const cs = differenceConfidenceSequence(x[c], n, x[0], n, { tau2, alpha });
          if (cs.lower > 0 || cs.upper < 0) alarmed = true;
        }
      }
      if (alarmed) alarms++;
    }
    const rate = alarms / pilots;
    results.push({
      case: `A/A, 3 variants, p = ${p}`,
      columns: { pilots, "looks per pilot": planned / 10, "false alarm rate": rate.toFixed(4) },
      verdict: rate <= 0.05 ? "PASS" : "FAIL",
      note: "always-valid: at most 5% despite peeking",
    });
  }
  // Wilson at n = 100 over a grid of p, 100,000 samples per p.
  const grid = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];
  let covered = 0;
  let total = 0;
  for (const p of grid) {
    for (let i = 0; i < 100_000; i++) {
      const k = random.binomial(100, p);
      const w = wilsonInterval(k, 100);
      if (w.lower <= p && p <= w.upper) covered++;
      total++;
    }
  }
  const coverage = covered / total;
  results.push({
    case: "Wilson 95% at n = 100",
    columns: { samples: total, coverage: coverage.toFixed(4) },
    verdict: Math.abs(coverage - 0.95) <= 0.01 ? "PASS" : "FAIL",
    note: "95% ± 1%, averaged over p = 0.05 … 0.95",
  });
  return results;
}
