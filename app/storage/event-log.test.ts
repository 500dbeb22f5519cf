import { mkdtemp, open, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { openEventLog, type EventLog, type EventLogOptions, type EventLogWarning } from "./event-log";

let dir: string;
let log: EventLog | undefined;
const warnings: EventLogWarning[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "event-log-"));
  warnings.length = 0;
});
afterEach(async () => {
  await log?.close();
  log = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function reopen(options: Partial<EventLogOptions> = {}): Promise<EventLog> {
  await log?.close();
  log = await openEventLog({
    dir,
    onWarning: (w) => warnings.push(w),
    now: () => new Date("2026-11-26T01:02:03.456Z"),
    groupKeyOf: (e) => ("callId" in e && "start" in e && typeof e.callId === "string" ? e.callId : undefined),
    ...options,
  });
  return log;
}

const ev = (id: string, extra: Record<string, unknown> = {}) => ({ eventId: id, callId: "c1", ...extra });

async function all(l: EventLog, stream: string): Promise<unknown[]> {
  const events: unknown[] = [];
  await l.scan(stream, (e) => events.push(e));
  return events;
}

async function iterate(l: EventLog, stream: string): Promise<unknown[]> {
  const events: unknown[] = [];
  for await (const e of l.readEvents(stream)) events.push(e);
  return events;
}

describe("event log", () => {
  it("appends one JSON line per event to <stream>.ndjson, readable in order, owner-only", async () => {
    const l = await reopen();
    expect(await l.append("pilot-p1", [ev("a"), ev("b")])).toEqual({ accepted: ["a", "b"], duplicates: [] });
    await l.append("pilot-p1", [ev("c", { text: "Kovács Péter\nsecond line" })]);
    const file = path.join(dir, "pilot-p1.ndjson");
    const text = await readFile(file, "utf8");
    expect(text.split("\n")).toHaveLength(4);
    expect(text.endsWith("\n")).toBe(true);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const expected = [ev("a"), ev("b"), ev("c", { text: "Kovács Péter\nsecond line" })];
    expect(await all(l, "pilot-p1")).toEqual(expected);
    expect(await iterate(l, "pilot-p1")).toEqual(expected);
    expect(await l.listStreams()).toEqual(["pilot-p1"]);
  });

  it("reads a never-written stream as empty", async () => {
    const l = await reopen();
    expect(await all(l, "script-nothing")).toEqual([]);
    expect(await iterate(l, "script-nothing")).toEqual([]);
  });

  it("records a repeated event once: in one batch, across batches, concurrently and after reopening", async () => {
    let l = await reopen();
    expect(await l.append("script-s1", [ev("a"), ev("a"), ev("b")])).toEqual({
      accepted: ["a", "b"],
      duplicates: ["a"],
    });
    expect(await l.append("script-s1", [ev("b"), ev("c")])).toEqual({ accepted: ["c"], duplicates: ["b"] });
    const [first, second] = await Promise.all([
      l.append("script-s1", [ev("d")]),
      l.append("script-s1", [ev("d"), ev("e")]),
    ]);
    expect(first).toEqual({ accepted: ["d"], duplicates: [] });
    expect(second).toEqual({ accepted: ["e"], duplicates: ["d"] });
    l = await reopen();
    expect(await l.append("script-s1", [ev("a"), ev("e"), ev("f")])).toEqual({
      accepted: ["f"],
      duplicates: ["a", "e"],
    });
    expect((await all(l, "script-s1")).map((e) => (e as { eventId: string }).eventId)).toEqual([
      "a",
      "b",
      "c",
      "d",
      "e",
      "f",
    ]);
  });

  it("commits concurrent appends together: far fewer disk flushes than appends", async () => {
    const l = await reopen();
    await l.append("pilot-p1", [ev("warm")]);
    const probe = await open(import.meta.filename, "r");
    const handleProto: { datasync(): Promise<void> } = Object.getPrototypeOf(probe);
    await probe.close();
    const datasync = vi.spyOn(handleProto, "datasync");
    try {
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) => l.append("pilot-p1", [ev(`e${i}`)])),
      );
      expect(results.every((r) => r.accepted.length === 1)).toBe(true);
      expect(datasync.mock.calls.length).toBeGreaterThan(0);
      expect(datasync.mock.calls.length).toBeLessThan(20);
    } finally {
      datasync.mockRestore();
    }
    expect(await all(l, "pilot-p1")).toHaveLength(201);
  });

  it("sets a torn last line aside in a side file and carries on from the last whole line", async () => {
    const file = path.join(dir, "pilot-p1.ndjson");
    const whole = `${JSON.stringify(ev("a"))}\n${JSON.stringify(ev("b"))}\n`;
    const torn = '{"eventId":"c","callId":"c1","te';
    await writeFile(file, whole + torn, { mode: 0o600 });
    const l = await reopen();
    expect(warnings).toEqual([
      {
        kind: "torn-tail",
        stream: "pilot-p1",
        bytes: torn.length,
        sideFile: `${file}.torn-20261126T010203Z`,
      },
    ]);
    expect(await readFile(`${file}.torn-20261126T010203Z`, "utf8")).toBe(torn);
    expect(await readFile(file, "utf8")).toBe(whole);
    expect(await l.append("pilot-p1", [ev("c")])).toEqual({ accepted: ["c"], duplicates: [] });
    expect(await all(l, "pilot-p1")).toEqual([ev("a"), ev("b"), ev("c")]);
  });

  it("sets aside a last line that ends with a newline but does not parse, and never a second side file over the first", async () => {
    const file = path.join(dir, "preview-s1.ndjson");
    await writeFile(file, `${JSON.stringify(ev("a"))}\n\0\0\0\0\n`);
    await writeFile(`${file}.torn-20261126T010203Z`, "an earlier tear");
    const l = await reopen();
    expect(await readFile(`${file}.torn-20261126T010203Z-2`, "utf8")).toBe("\0\0\0\0\n");
    expect(await readFile(`${file}.torn-20261126T010203Z`, "utf8")).toBe("an earlier tear");
    expect(await all(l, "preview-s1")).toEqual([ev("a")]);
  });

  it("reports a damaged line in the middle by number, skips it when reading and keeps it in the file", async () => {
    const file = path.join(dir, "pilot-p1.ndjson");
    const content = `${JSON.stringify(ev("a"))}\nnot json at all\n${JSON.stringify({ no: "id" })}\n${JSON.stringify(ev("b"))}\n`;
    await writeFile(file, content);
    const l = await reopen();
    const corrupt: unknown[] = [];
    const result = await l.scan("pilot-p1", () => undefined, { onCorrupt: (c) => corrupt.push(c) });
    expect(result).toEqual({ events: 3, corrupt: [{ line: 2, reason: "is not valid JSON" }] });
    expect(await iterate(l, "pilot-p1")).toEqual([ev("a"), { no: "id" }, ev("b")]);
    expect(await l.corruptLines("pilot-p1")).toEqual([
      { line: 2, reason: "is not valid JSON" },
      { line: 3, reason: "has no eventId" },
    ]);
    expect(warnings.filter((w) => w.kind === "corrupt-line")).toHaveLength(2);
    expect(await readFile(file, "utf8")).toBe(content);
    expect(await l.append("pilot-p1", [ev("a"), ev("c")])).toEqual({ accepted: ["c"], duplicates: ["a"] });
  });

  it("reads lines across chunk boundaries intact, with multi-byte characters and a line over a megabyte", async () => {
    const l = await reopen();
    const many = Array.from({ length: 12_000 }, (_, i) => ev(`e${i}`, { name: "Kovács Péter – 北京", i }));
    const huge = ev("huge", { text: "ő".repeat(1_500_000) });
    await l.append("pilot-p1", many.slice(0, 6_000));
    await l.append("pilot-p1", [huge]);
    await l.append("pilot-p1", many.slice(6_000));
    const expected = [...many.slice(0, 6_000), huge, ...many.slice(6_000)];
    expect(await all(l, "pilot-p1")).toEqual(expected);
    expect(await iterate(await reopen(), "pilot-p1")).toEqual(expected);
  });

  it("refuses stream names that could leave the log directory, and writes nothing", async () => {
    const l = await reopen();
    for (const name of [
      "../pilot-x",
      "pilot-../../etc",
      "pilot-a/b",
      "pilots",
      "pilot-",
      "other-1",
      "pilot-a.ndjson",
    ]) {
      await expect(l.append(name, [ev("a")]), name).rejects.toThrow("is not a call log name");
      await expect(
        l.scan(name, () => undefined),
        name,
      ).rejects.toThrow("is not a call log name");
    }
    expect(await readdir(dir)).toEqual([]);
  });

  it("deletes one stream and leaves the others", async () => {
    const l = await reopen();
    await l.append("preview-s1", [ev("a")]);
    await l.append("script-s1", [ev("b")]);
    expect(await l.deleteStream("preview-s1")).toBe(true);
    expect(await l.deleteStream("preview-s1")).toBe(false);
    expect(await l.listStreams()).toEqual(["script-s1"]);
    expect(await l.append("preview-s1", [ev("a")])).toEqual({ accepted: ["a"], duplicates: [] });
  });

  it("finds the stream of a group from its opening event, after reopening too", async () => {
    let l = await reopen();
    await l.append("pilot-p1", [ev("a", { start: true, callId: "call-7" }), ev("b", { callId: "call-7" })]);
    await l.append("script-s1", [ev("c", { start: true, callId: "call-8" })]);
    expect(await l.locate("call-7")).toBe("pilot-p1");
    l = await reopen();
    expect(await l.locate("call-8")).toBe("script-s1");
    expect(await l.locate("call-9")).toBeUndefined();
  });

  it("with batch durability, appends resolve after the write and close flushes", async () => {
    const l = await reopen({ fsync: "batch", batchIntervalMs: 5 });
    await Promise.all(Array.from({ length: 50 }, (_, i) => l.append("pilot-p1", [ev(`e${i}`)])));
    await l.close();
    expect((await readFile(path.join(dir, "pilot-p1.ndjson"), "utf8")).split("\n")).toHaveLength(51);
    await expect(l.append("pilot-p1", [ev("late")])).rejects.toThrow("closed");
  });
});
