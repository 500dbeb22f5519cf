// The call event log against bare Node file I/O on the same events, measured in the same run:
// - appending with durability "always" (fsync before an append resolves) from 50 agents at once: at least
//   5,000 events/s sustained, thanks to group commit; the baseline is a bare appendFile + fsync loop;
// - reading 1,000,000 events back for analysis with `scan`: at least half the speed of a bare
//   readFile + split("\n") + JSON.parse over the same file.
import { mkdtemp, open, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { CallEvent } from "~/domain/calls/call-types";
import { openEventLog } from "~/storage/event-log";
import { generateCallEvents, seededRandom } from "../test/storage/call-events-factory";
import { median, ms, type BenchResult } from "./bench-kit";

export const title = "Call event log: durable appends and reading back for analysis";

const AGENTS = 50;
const APPEND_EVENTS = 60_000;
const BASELINE_EVENTS = 1_000;
const MIN_APPEND_RATE = 5_000;
const READ_EVENTS = 1_000_000;
const READ_REPETITIONS = 3;
const MIN_READ_RATIO = 0.5;

export async function run(): Promise<BenchResult[]> {
  const dir = await mkdtemp(path.join(tmpdir(), "call-events-bench-"));
  try {
    return [...(await appendBench(dir)), await readBench(dir)];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Whole calls, one agent each, round-robin: the order events reach the server from 50 live calls. */
function callsPerAgent(total: number, seed: number): CallEvent[][] {
  const random = seededRandom(seed);
  const agents: CallEvent[][] = Array.from({ length: AGENTS }, () => []);
  let count = 0;
  for (let call = 0; count < total; call++) {
    const events = generateCallEvents({
      callId: `call-${seed}-${call}`,
      random,
      pilotId: "p1",
      variantId: "A",
    });
    agents[call % AGENTS].push(...events);
    count += events.length;
  }
  return agents;
}

async function appendBench(dir: string): Promise<BenchResult[]> {
  const agents = callsPerAgent(APPEND_EVENTS, 1);
  const total = agents.reduce((sum, a) => sum + a.length, 0);

  // Baseline: what a naive durable logger does, one event at a time.
  const baselineEvents = agents.flat().slice(0, BASELINE_EVENTS);
  const baselineFile = await open(path.join(dir, "baseline.ndjson"), "a", 0o600);
  const baseStart = performance.now();
  for (const event of baselineEvents) {
    await baselineFile.appendFile(`${JSON.stringify(event)}\n`);
    await baselineFile.sync();
  }
  const baseSeconds = (performance.now() - baseStart) / 1000;
  await baselineFile.close();
  const baseRate = baselineEvents.length / baseSeconds;

  const results: BenchResult[] = [];
  for (const fsync of ["always", "batch"] as const) {
    const log = await openEventLog({ dir: path.join(dir, fsync), fsync });
    const started = performance.now();
    // Each agent sends its events one by one, waiting for each to be acknowledged, as the run screen does.
    const accepted = await Promise.all(
      agents.map(async (events) => {
        let n = 0;
        for (const event of events) n += (await log.append("pilot-p1", [event])).accepted.length;
        return n;
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    await log.close();
    if (accepted.reduce((a, b) => a + b, 0) !== total)
      throw new Error(`${fsync}: not every event was accepted`);
    const rate = total / seconds;
    const gated = fsync === "always";
    results.push({
      case: `append, fsync ${fsync}, ${AGENTS} agents`,
      columns: {
        events: total,
        seconds: seconds.toFixed(2),
        "events/s": Math.round(rate),
        "baseline events/s": Math.round(baseRate),
        "ratio to baseline": (rate / baseRate).toFixed(1),
      },
      ...(gated
        ? {
            verdict: rate >= MIN_APPEND_RATE ? ("PASS" as const) : ("FAIL" as const),
            note: `>= ${MIN_APPEND_RATE.toLocaleString("en")} events/s; baseline: appendFile + fsync loop of ${BASELINE_EVENTS.toLocaleString("en")} of the same events`,
          }
        : { note: "not gated: flushes every 100 ms" }),
    });
  }
  return results;
}

async function readBench(dir: string): Promise<BenchResult> {
  const readDir = path.join(dir, "read");
  const log = await openEventLog({ dir: readDir, fsync: "batch" });
  let written = 0;
  for (const events of callsPerAgent(READ_EVENTS, 2)) {
    for (let i = 0; i < events.length && written < READ_EVENTS; i += 5_000) {
      const slice = events.slice(i, Math.min(i + 5_000, i + READ_EVENTS - written));
      written += (await log.append("pilot-big", slice)).accepted.length;
    }
  }
  await log.close();
  const file = path.join(readDir, "pilot-big.ndjson");
  const bytes = (await stat(file)).size;

  const reader = await openEventLog({ dir: readDir });
  const timings: Record<"scan" | "baseline", number[]> = { scan: [], baseline: [] };
  for (let r = 0; r < READ_REPETITIONS; r++) {
    let t = performance.now();
    let seen = 0;
    await reader.scan("pilot-big", () => seen++);
    timings.scan.push(performance.now() - t);
    if (seen !== written) throw new Error(`scan read ${seen} of ${written} events`);

    t = performance.now();
    const lines = (await readFile(file, "utf8")).split("\n");
    let parsed = 0;
    for (const line of lines) if (line) parsed += JSON.parse(line) ? 1 : 0;
    timings.baseline.push(performance.now() - t);
    if (parsed !== written) throw new Error(`baseline read ${parsed} of ${written} events`);
  }
  await reader.close();
  const scanMs = median(timings.scan);
  const baseMs = median(timings.baseline);
  // Speed ratio: >1 means scan is faster than the bare split-and-parse.
  const ratio = baseMs / scanMs;
  return {
    case: `read ${written.toLocaleString("en")} events (${(bytes / 1e6).toFixed(0)} MB)`,
    columns: {
      events: written,
      "scan ms (median)": ms(scanMs),
      "baseline ms (median)": ms(baseMs),
      "events/s": Math.round(written / (scanMs / 1000)),
      "speed vs baseline": ratio.toFixed(2),
    },
    verdict: ratio >= MIN_READ_RATIO ? "PASS" : "FAIL",
    note: `speed >= ${MIN_READ_RATIO}x readFile + split + JSON.parse; median of ${READ_REPETITIONS}`,
  };
}
