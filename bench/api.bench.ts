// Dialer API throughput: GET of an approved version against a bare node:http server returning the same
// JSON (same client, loopback, bounded load, interleaved rounds), and NDJSON call-event ingestion.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { median, type BenchResult } from "./bench-kit";
import { runLoad } from "./fixtures/http-load";

export const title = "Dialer API: GET an approved version vs bare node:http; NDJSON event ingestion";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const CONNECTIONS = 16;
const ROUND_MS = 2_500;
const ROUNDS = 3;

export async function run(): Promise<BenchResult[]> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "sp-api-bench-"));
  const children: ChildProcess[] = [];
  try {
    const app = await start(children, process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), path.join(here, "fixtures/api-bench-server.ts")], {
      SCRIPTPILOT_DATA_DIR: dataDir,
    });
    const { port, token, versionId } = app as { port: number; token: string; versionId: string };
    const auth = { Authorization: `Bearer ${token}` };
    const versionUrl = `http://127.0.0.1:${port}/api/v1/versions/${versionId}`;
    const body = await (await fetch(versionUrl, { headers: auth })).text();
    const bodyFile = path.join(dataDir, "version.json");
    await writeFile(bodyFile, body);
    const bare = (await start(children, process.execPath, [path.join(here, "fixtures/bare-json-server.mjs"), bodyFile])) as { port: number };

    const appRates: number[] = [];
    const bareRates: number[] = [];
    // Warm both (JIT, sockets), then interleave rounds so drift hits both alike.
    await runLoad({ url: versionUrl, headers: auth, connections: CONNECTIONS, durationMs: 800 });
    await runLoad({ url: `http://127.0.0.1:${bare.port}/`, connections: CONNECTIONS, durationMs: 800 });
    for (let r = 0; r < ROUNDS; r++) {
      const a = await runLoad({ url: versionUrl, headers: auth, connections: CONNECTIONS, durationMs: ROUND_MS });
      if (a.statuses[200] !== a.requests) throw new Error(`the API answered ${JSON.stringify(a.statuses)}`);
      appRates.push(a.perSecond);
      bareRates.push((await runLoad({ url: `http://127.0.0.1:${bare.port}/`, connections: CONNECTIONS, durationMs: ROUND_MS })).perSecond);
    }
    const appRps = median(appRates);
    const bareRps = median(bareRates);
    const ratio = appRps / bareRps;

    const ingest = await ingestRate(port, auth);
    return [
      {
        case: `GET version (${Math.round(body.length / 1024)} KB JSON, ${CONNECTIONS} connections)`,
        columns: { "app req/s": Math.round(appRps), "bare req/s": Math.round(bareRps), "app/bare": ratio.toFixed(2) },
        verdict: ratio >= 0.5 ? "PASS" : "FAIL",
        note: "target app/bare ≥ 0.50",
      },
      {
        case: `ingest NDJSON (batches of ${ingest.batch} events, ${ingest.connections} connections)`,
        columns: { "events/s": Math.round(ingest.perSecond) },
        verdict: ingest.perSecond >= 20_000 ? "PASS" : "FAIL",
        note: "target ≥ 20,000 events/s, each batch fsync'd before it is acknowledged",
      },
    ];
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await rm(dataDir, { recursive: true, force: true });
  }
}

/** Several dialers posting batches of 1,000 events (200 calls of 5 events) at once, for a few seconds. */
async function ingestRate(port: number, auth: Record<string, string>) {
  const batch = 1_000;
  const connections = 4;
  let next = 0;
  const makeBatch = () => {
    const lines: string[] = [];
    for (let c = 0; c < batch / 5; c++) {
      const callId = `bench-${next++}`;
      for (const event of callEvents(callId)) lines.push(JSON.stringify(event));
    }
    return lines.join("\n");
  };
  const deadline = Date.now() + 4_000;
  let events = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline) {
        const res = await fetch(`http://127.0.0.1:${port}/api/v1/events`, {
          method: "POST",
          headers: { ...auth, "Content-Type": "application/x-ndjson" },
          body: makeBatch(),
        });
        const result = (await res.json()) as { accepted?: number; detail?: string };
        if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${result.detail}`);
        events += result.accepted ?? 0;
      }
    }),
  );
  return { batch, connections, perSecond: events / ((performance.now() - started) / 1000) };
}

function callEvents(callId: string) {
  const base = (seq: number, type: string, offsetMs: number) => ({
    schemaVersion: 1,
    eventId: `${callId}-${seq}`,
    callId,
    seq,
    type,
    at: new Date(Date.UTC(2026, 10, 26, 9, 0, 0) + offsetMs).toISOString(),
    offsetMs,
  });
  return [
    { ...base(0, "call-started", 0), scriptId: "event-invitation", source: { kind: "draft", revision: 1 }, preview: false, agent: "agent-1" },
    { ...base(1, "connected", 0) },
    { ...base(2, "step", 100), nodeId: "start" },
    { ...base(3, "step", 2000), nodeId: "opening" },
    { ...base(4, "call-ended", 9000), endedBy: "customer", nodeId: "opening", outcome: "Hung up", aaporCode: "2.12", success: false, connected: true, talkSeconds: 9 },
  ];
}

/** Starts a child that prints one JSON line when ready. */
function start(children: ChildProcess[], command: string, args: string[], env: Record<string, string> = {}): Promise<unknown> {
  const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${path.basename(args.at(-1) ?? command)} exited (${code}) before it was ready`)));
    createInterface({ input: child.stdout! }).once("line", (line) => resolve(JSON.parse(line)));
  });
}
