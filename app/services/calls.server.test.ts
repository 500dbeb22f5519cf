import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isDomainError } from "~/domain/domain-error";
import { openCallLog } from "~/storage/event-log-calls";
import type { EventLog } from "~/storage/event-log";
import { createMemoryAdapter } from "~/storage/memory-adapter";
import type { StorageAdapter } from "~/storage/storage-adapter";
import { runningPilot } from "../../test/fixtures/pilots/running-pilot";
import { callBuilder, generateCallEvents, seededRandom } from "../../test/storage/call-events-factory";
import { setAppContext } from "./app-context.server";
import { callRecordProblems } from "./call-schemas.server";
import { appendCallEvents, clearPreviewCalls, getCallRecord, listCalls } from "./calls.server";

const anna = { id: "u-anna", roles: ["writer"] };
let dir: string;
let log: EventLog;
let storage: StorageAdapter;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "calls-service-"));
  log = await openCallLog(dir);
  storage = createMemoryAdapter();
  setAppContext({ storage, dataFile: ":memory:", created: true, callLog: log });
});
afterEach(async () => {
  setAppContext(undefined);
  await log.close();
  await rm(dir, { recursive: true, force: true });
});

function call(callId: string, start: Parameters<ReturnType<typeof callBuilder>["start"]>[0] = {}) {
  return callBuilder(callId)
    .start(start)
    .add("connected", 900, {})
    .add("step", 1_000, { nodeId: "opening" })
    .add("answer", 4_000, { nodeId: "opening", output: "yes", optionIds: [] })
    .add("step", 4_010, { nodeId: "end-yes" })
    .add("call-ended", 4_100, {
      endedBy: "script",
      nodeId: "end-yes",
      outcome: "Interested",
      aaporCode: "1.1",
      success: true,
      connected: true,
      talkSeconds: 3.2,
    }).events;
}

async function rejection(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error("expected the events to be refused");
}

describe("appendCallEvents", () => {
  it("stores a call's events once, whatever the retries, and folds them into a valid record", async () => {
    const { pilot, startOf } = await runningPilot(storage);
    const events = call("c1", startOf("A"));
    expect(await appendCallEvents(events.slice(0, 3), { user: anna })).toEqual({
      accepted: 3,
      duplicates: 0,
    });
    expect(await appendCallEvents(events, { user: anna })).toEqual({ accepted: 3, duplicates: 3 });
    expect(await appendCallEvents(events, { user: anna })).toEqual({ accepted: 0, duplicates: 6 });
    const record = await getCallRecord("c1");
    expect(record).toMatchObject({ callId: "c1", status: "ended", outcome: "Interested", eventCount: 6 });
    expect(callRecordProblems(record)).toEqual([]);
    expect(await readdir(dir)).toEqual([`pilot-${pilot.id}.ndjson`]);
  });

  it("refuses calls for a pilot that does not exist, storing nothing", async () => {
    const error = await rejection(
      appendCallEvents(call("c1", { pilotId: "p-missing", variantId: "A" }), { user: anna }),
    );
    expect(JSON.stringify(error)).toMatch(/no pilot “p-missing”/);
    expect(await getCallRecord("c1")).toBeUndefined();
    expect(await readdir(dir)).toEqual([]);
  });

  it("keeps previews, pilot calls and other real calls in their own logs", async () => {
    const { pilot, startOf } = await runningPilot(storage);
    await appendCallEvents(
      [
        ...call("c-prev", { preview: true, source: { kind: "draft", revision: 4 } }),
        ...call("c-pilot", startOf("B")),
        ...call("c-real"),
      ],
      { user: anna },
    );
    expect((await readdir(dir)).sort()).toEqual([
      `pilot-${pilot.id}.ndjson`,
      "preview-solar.ndjson",
      "script-solar.ndjson",
    ]);
    expect((await listCalls({ scriptId: "solar", preview: true })).map((r) => r.callId)).toEqual(["c-prev"]);
    expect((await listCalls({ scriptId: "solar", preview: false })).map((r) => r.callId).sort()).toEqual([
      "c-pilot",
      "c-real",
    ]);
    expect((await listCalls({ pilotId: pilot.id })).map((r) => r.callId)).toEqual(["c-pilot"]);
    expect(await listCalls({ scriptId: "other" })).toEqual([]);
  });

  it("stores nothing when any event is invalid, naming each bad event by its number", async () => {
    const events: unknown[] = call("c1");
    events[2] = { ...call("c1")[2], nodeId: undefined };
    events[4] = { ...call("c1")[4], type: "hold" };
    const error = await rejection(appendCallEvents(events, { user: anna }));
    expect(error.message).toBe("2 of 6 call events could not be accepted, so none were stored.");
    expect(error.details).toEqual([
      { path: "event 3", message: "the event is missing the required field “nodeId”" },
      { path: "event 5", message: "the event has an unknown type “hold”" },
    ]);
    expect(await readdir(dir)).toEqual([]);
    expect(await getCallRecord("c1")).toBeUndefined();
  });

  it("refuses events of a call that never started, and a second start of a call", async () => {
    const events = call("c1");
    const error = await rejection(appendCallEvents(events.slice(1), { user: anna }));
    expect(error.details).toEqual([
      {
        path: "event 1",
        message: "belongs to call c1, which has not started: send its call-started event first",
      },
    ]);
    await appendCallEvents(events.slice(0, 1), { user: anna });
    expect(await appendCallEvents(events.slice(1), { user: anna })).toEqual({ accepted: 5, duplicates: 0 });
    const restart = { ...events[0], eventId: "another-start" };
    const again = await rejection(appendCallEvents([restart], { user: anna }));
    expect(again.details[0].message).toBe("starts call c1, which has already started");
    const elsewhere = { ...events[0], eventId: "c2-start", callId: "c2" };
    const twice = await rejection(
      appendCallEvents([elsewhere, { ...elsewhere, eventId: "c2-again" }], { user: anna }),
    );
    expect(twice.details).toEqual([{ path: "event 2", message: "starts call c2 a second time" }]);
  });

  it("lets an agent record only their own calls, while a lead may import anyone's", async () => {
    const bobs = call("c-bob", { agent: "u-bob" });
    const error = await rejection(appendCallEvents(bobs, { user: anna }));
    expect(error.details[0].message).toBe("records a call for another agent (u-bob)");
    expect(await appendCallEvents(bobs, { user: { id: "u-lead", roles: ["lead", "writer"] } })).toMatchObject(
      {
        accepted: 6,
      },
    );
  });
});

describe("clearPreviewCalls", () => {
  it("deletes a script's preview calls only and says how many", async () => {
    await appendCallEvents(
      [...call("p1", { preview: true }), ...call("p2", { preview: true }), ...call("real")],
      { user: anna },
    );
    expect(await clearPreviewCalls("solar")).toBe(2);
    expect(await listCalls({ scriptId: "solar", preview: true })).toEqual([]);
    expect((await listCalls({ scriptId: "solar" })).map((r) => r.callId)).toEqual(["real"]);
    expect(await clearPreviewCalls("solar")).toBe(0);
    expect(await getCallRecord("p1")).toBeUndefined();
  });
});

describe("records of realistic calls", () => {
  it("fold into schema-valid records after the log is reopened", async () => {
    const { pilot, startOf } = await runningPilot(storage);
    const random = seededRandom(7);
    const events = Array.from({ length: 40 }, (_, i) => {
      const start = startOf(i % 2 ? "A" : "B");
      // The generator plays a generic script; the pilot accepts only its variants' frozen versions.
      return generateCallEvents({ callId: `g${i}`, random, ...start }).map((e) =>
        e.type === "call-started" ? { ...e, source: start.source } : e,
      );
    }).flat();
    expect(await appendCallEvents(events, { user: anna })).toEqual({
      accepted: events.length,
      duplicates: 0,
    });
    await log.close();
    log = await openCallLog(dir);
    setAppContext({ storage, dataFile: ":memory:", created: true, callLog: log });
    const records = await listCalls({ pilotId: pilot.id });
    expect(records).toHaveLength(40);
    for (const record of records) expect(callRecordProblems(record), record.callId).toEqual([]);
    expect(await getCallRecord("g17")).toEqual(records.find((r) => r.callId === "g17"));
    expect(await appendCallEvents(events.slice(0, 50), { user: anna })).toEqual({
      accepted: 0,
      duplicates: 50,
    });
  });
});

describe("an in-memory app context", () => {
  it("keeps calls in a throwaway log of its own", async () => {
    setAppContext({ storage: createMemoryAdapter(), dataFile: ":memory:", created: true });
    await appendCallEvents(call("m1"), { user: anna });
    expect((await getCallRecord("m1"))?.status).toBe("ended");
    setAppContext({ storage: createMemoryAdapter(), dataFile: ":memory:", created: true });
    expect(await getCallRecord("m1")).toBeUndefined();
  });
});
