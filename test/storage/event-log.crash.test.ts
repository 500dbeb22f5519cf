import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEventLog, type EventLogWarning } from "~/storage/event-log";

const WRITER = path.join(import.meta.dirname, "crash-writer.ts");

/** Starts the writer, lets it acknowledge at least `minAcks` events, kills it with SIGKILL mid-append. */
async function runAndKill(
  dir: string,
  producers: number,
  pad: number,
  minAcks: number,
): Promise<Set<string>> {
  const child = spawn(process.execPath, ["--import", "tsx", WRITER, dir, String(producers), String(pad)], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  const acked = new Set<string>();
  let stderr = "";
  let buffered = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on("exit", (_code, signal) => resolve(signal)),
  );
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`writer acknowledged only ${acked.size} events: ${stderr}`)),
      30_000,
    );
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) if (line.startsWith("acked ")) acked.add(line.slice(6));
      if (acked.size >= minAcks) {
        clearTimeout(timer);
        // No await between the count and the kill: the writer is mid-append when it dies.
        child.kill("SIGKILL");
        resolve();
      }
    });
    child.on("exit", () => reject(new Error(`writer exited early: ${stderr}`)));
  });
  expect(await exited).toBe("SIGKILL");
  // Acks already in the pipe when the kill landed are acknowledged too.
  for (const line of buffered.split("\n")) if (line.startsWith("acked ")) acked.add(line.slice(6));
  return acked;
}

describe("a writer killed with SIGKILL mid-append", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "event-log-crash-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    { producers: 1, pad: 200, inFlight: 1 },
    { producers: 1, pad: 200_000, inFlight: 1 },
    { producers: 8, pad: 20_000, inFlight: 8 },
  ])(
    "loses no acknowledged event and at most those in flight ($producers producer(s), $pad-byte events)",
    async ({ producers, pad, inFlight }) => {
      const before = new Set<string>();
      const probe = await openEventLog({ dir });
      await probe.scan("pilot-crash", (e) => before.add(eventIdOf(e)));
      await probe.close();

      const acked = await runAndKill(dir, producers, pad, 300);

      const warnings: EventLogWarning[] = [];
      const log = await openEventLog({ dir, onWarning: (w) => warnings.push(w) });
      try {
        const logged: string[] = [];
        const result = await log.scan("pilot-crash", (e) => logged.push(eventIdOf(e)));
        expect(result.corrupt).toEqual([]);
        const loggedSet = new Set(logged);
        expect(loggedSet.size).toBe(logged.length);
        const missing = [...acked].filter((id) => !loggedSet.has(id));
        expect(missing, "acknowledged events lost").toEqual([]);
        const unacknowledged = logged.filter((id) => !acked.has(id) && !before.has(id));
        expect(unacknowledged.length).toBeLessThanOrEqual(inFlight);
        // Torn tails, when the kill landed inside a write, were set aside, never left in the log.
        for (const w of warnings) expect(w.kind).toBe("torn-tail");
        const text = await readFile(path.join(dir, "pilot-crash.ndjson"), "utf8");
        expect(text.endsWith("\n")).toBe(true);
        // The log takes appends again after recovery.
        expect(await log.append("pilot-crash", [{ eventId: `after-${producers}-${pad}` }])).toMatchObject({
          accepted: [`after-${producers}-${pad}`],
        });
      } finally {
        await log.close();
      }
    },
    60_000,
  );

  it("kept each torn tail in a side file", async () => {
    const files = await readdir(dir);
    const sideFiles = files.filter((f) => f.startsWith("pilot-crash.ndjson.torn-"));
    for (const f of sideFiles) expect((await readFile(path.join(dir, f))).length).toBeGreaterThan(0);
    expect(files).toContain("pilot-crash.ndjson");
  });
});

function eventIdOf(event: unknown): string {
  if (
    typeof event === "object" &&
    event !== null &&
    "eventId" in event &&
    typeof event.eventId === "string"
  ) {
    return event.eventId;
  }
  throw new Error("an event without an id");
}
