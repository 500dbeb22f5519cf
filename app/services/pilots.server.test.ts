import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isDomainError } from "~/domain/domain-error";
import { longOpeningScript, shortOpeningScript } from "~/domain/pilots/testing/pilot-fixtures";
import { openCallLog } from "~/storage/event-log-calls";
import type { EventLog } from "~/storage/event-log";
import { createMemoryAdapter } from "~/storage/memory-adapter";
import type { StorageAdapter } from "~/storage/storage-adapter";
import { approvedPair, pilotInput, versionOf } from "../../test/fixtures/pilots/approved-versions";
import { callBuilder } from "../../test/storage/call-events-factory";
import { setAppContext } from "./app-context.server";
import { appendCallEvents } from "./calls.server";
import { readPilotFile } from "./pilot-files.server";
import {
  changePilotStatus,
  createPilot,
  declarePilotWinner,
  deletePilotPersonalData,
  getPilot,
  getPilotCall,
  getPilotReport,
  importPilotContacts,
  importPilotDoNotCall,
  importPilotResults,
  nextContact,
  pilotMergePreview,
  releaseContact,
} from "./pilots.server";

const lead = { id: "u-lead", username: "lead", roles: ["lead" as const, "writer" as const] };
const agent = { id: "u-agent", roles: ["writer" as const] };
const agent2 = { id: "u-agent2", roles: ["writer" as const] };
const NOW = "2026-11-26T09:00:00.000Z";

let dir: string;
let log: EventLog;
let storage: StorageAdapter;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "pilots-service-"));
  log = await openCallLog(dir);
  storage = createMemoryAdapter();
  setAppContext({ storage, dataFile: ":memory:", created: true, callLog: log });
});
afterEach(async () => {
  setAppContext(undefined);
  await log.close();
  await rm(dir, { recursive: true, force: true });
});

const csv = (text: string) => new TextEncoder().encode(text);

const LIST = csv(
  [
    "First name,Company,Phone,Lead class",
    "Ada,Acme,020 7946 0001,A",
    "Ben,Bolt,020 7946 0002,B",
    "Cy,Cogs,not a number,A",
    "Dee,Dyno,020 7946 0004,A",
    "Eve,Echo,020 7946 0005,B",
    "Fay,Fizz,020 7946 0001,A",
    "Gus,Gear,020 7946 0007,Z",
    "Hal,Hub,020 7946 0008,B",
  ].join("\n"),
);

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

async function newPilot() {
  const { control, challenger } = await approvedPair(storage);
  return createPilot(pilotInput(control, challenger), lead, NOW);
}

async function startedPilot() {
  const pilot = await newPilot();
  await importPilotContacts(pilot.id, LIST, { defaultRegion: "GB" }, lead, NOW);
  return changePilotStatus(pilot.id, "start", lead, NOW);
}

/** A run-mode call for a served contact, ending as the customer hangs up at the opening after 5 s. */
function pilotCall(
  pilot: Awaited<ReturnType<typeof startedPilot>>,
  served: { callId: string; variantId: string; contactRef: string },
  agentId = agent.id,
) {
  const variant = pilot.variants.find((v) => v.id === served.variantId)!;
  const opening = variant.id === "A" ? "intro" : "hello";
  return callBuilder(served.callId)
    .start({
      scriptId: variant.scriptId,
      source: { kind: "version", versionId: variant.versionId, number: variant.versionNumber },
      agent: agentId,
      pilotId: pilot.id,
      variantId: variant.id,
      contactRef: served.contactRef,
    })
    .add("connected", 1_000, {})
    .add("step", 1_100, { nodeId: opening })
    .add("call-ended", 6_000, {
      endedBy: "customer",
      nodeId: opening,
      outcome: "Hung up",
      aaporCode: "2.12",
      success: false,
      connected: true,
      talkSeconds: 5,
    }).events;
}

describe("creating a pilot", () => {
  it("takes 2 approved versions, with the first as control and equal weights by default", async () => {
    const pilot = await newPilot();
    expect(pilot.status).toBe("setup");
    expect(pilot.variants.map((v) => [v.id, v.label, v.weight, v.control])).toEqual([
      ["A", "Long opening v1", 1, true],
      ["B", "Short opening v1", 1, false],
    ]);
    expect(await getPilot(pilot.id)).toEqual(pilot);
  });

  it("refuses a version that is not approved, with the sentence that says its state", async () => {
    const control = await versionOf(storage, longOpeningScript(), "approved");
    const published = await versionOf(storage, shortOpeningScript(), "published");
    const error = await refusal(createPilot(pilotInput(control, published), lead, NOW));
    expect(error.message).toMatch(/Version 1 of “Short opening”.*(published|not approved)/i);
    expect(await storage.list("pilots")).toEqual([]);
  });

  it("refuses a withdrawn version and a checkpoint that is not in the variant's script", async () => {
    const control = await versionOf(storage, longOpeningScript(), "approved");
    const withdrawn = await versionOf(storage, shortOpeningScript(), "withdrawn");
    expect((await refusal(createPilot(pilotInput(control, withdrawn), lead, NOW))).message).toMatch(
      /withdrawn/,
    );

    const { challenger } = {
      challenger: await versionOf(storage, { ...shortOpeningScript(), id: "short-2" }, "approved"),
    };
    const input = pilotInput(control, challenger);
    input.earlyRejection.checkpoints[1].nodeId = "nowhere";
    const error = await refusal(createPilot(input, lead, NOW));
    expect(error.details.map((d) => d.message).join(" ")).toContain("step nowhere is not in “Short opening”");
  });
});

describe("the sample list", () => {
  it("imports good rows, lists each bad row by line, merges duplicates and keeps personal data out of the pilot", async () => {
    const pilot = await newPilot();
    const outcome = await importPilotContacts(
      pilot.id,
      LIST,
      { defaultRegion: "GB", fileName: "list.csv" },
      lead,
      NOW,
    );
    expect(outcome.contacts).toBe(5);
    expect(outcome.duplicatesMerged).toBe(1);
    expect(outcome.rejected.map((r) => r.line)).toEqual([4, 8]);
    expect(outcome.rejected[1].reason).toContain("“Z” is not one of A, B, C, D, E, F");
    const stored = await getPilot(pilot.id);
    expect(stored.list).toMatchObject({ rows: 8, contacts: 5, rejected: 2, duplicatesMerged: 1 });
    expect(Object.values(stored.list?.assignedPerVariant ?? {}).reduce((a, b) => a + b, 0)).toBe(5);
    const doc = JSON.stringify(await storage.list("pilots"));
    expect(doc).not.toContain("Ada");
    expect(doc).not.toContain("+442079460001");
    const audit = JSON.stringify(await storage.list("audit"));
    expect(audit).not.toContain("Ada");
  });

  it("imports nothing from a file with a fatal problem, saying what is wrong", async () => {
    const pilot = await newPilot();
    const error = await refusal(
      importPilotContacts(pilot.id, csv("Name,Company\nAda,Acme\n"), { defaultRegion: "GB" }, lead, NOW),
    );
    expect(error.message).toContain("No column is mapped to the phone number");
    expect((await getPilot(pilot.id)).list).toBeUndefined();
    expect(await readPilotFile(pilot.id, "contacts")).toBeUndefined();
  });

  it("drops numbers on the do-not-call list before the start and reassigns the rest", async () => {
    const pilot = await newPilot();
    await importPilotContacts(pilot.id, LIST, { defaultRegion: "GB" }, lead, NOW);
    const dnc = await importPilotDoNotCall(
      pilot.id,
      csv("Phone\n+44 20 7946 0002\n"),
      { defaultRegion: "GB" },
      lead,
      NOW,
    );
    expect(dnc).toMatchObject({ numbers: 1, suppressedContacts: 1 });
    expect((await getPilot(pilot.id)).list).toMatchObject({ contacts: 4, suppressed: 1 });
  });

  it("assigns reproducibly: the same seed and list give the same variants, and the start freezes them", async () => {
    const first = await newPilot();
    const { control, challenger } = {
      control: await versionOf(storage, { ...longOpeningScript(), id: "long-2" }, "approved"),
      challenger: await versionOf(storage, { ...shortOpeningScript(), id: "short-2" }, "approved"),
    };
    const second = await createPilot(pilotInput(control, challenger), lead, NOW);
    await importPilotContacts(first.id, LIST, { defaultRegion: "GB" }, lead, NOW);
    await importPilotContacts(second.id, LIST, { defaultRegion: "GB" }, lead, NOW);
    const assignment = async (id: string) =>
      JSON.stringify((await readPilotFile(id, "contacts")) as object).match(/"assignment":\{[^}]*\}/g);
    expect(await assignment(first.id)).toEqual(await assignment(second.id));

    await changePilotStatus(first.id, "start", lead, NOW);
    const error = await refusal(importPilotContacts(first.id, LIST, { defaultRegion: "GB" }, lead, NOW));
    expect(error.message).toContain("the assignment is fixed once a pilot starts");
  });

  it("previews merge-field coverage per variant without names", async () => {
    const pilot = await newPilot();
    await importPilotContacts(pilot.id, LIST, { defaultRegion: "GB" }, lead, NOW);
    const preview = await pilotMergePreview(pilot.id);
    expect(preview.checked).toBe(5);
    const eventDate = preview.variants[1].fields.find((f) => f.key === "eventDate");
    expect(eventDate).toMatchObject({ withValue: 0, coverage: 0 });
    const firstName = preview.variants[0].fields.find((f) => f.key === "firstName");
    expect(firstName?.coverage).toBe(1);
  });
});

describe("running a pilot", () => {
  it("serves each contact once across agents, the same one again until its call ends, and none when empty", async () => {
    const pilot = await startedPilot();
    const first = await nextContact(pilot.id, agent, NOW);
    expect(first).toBeDefined();
    expect(await nextContact(pilot.id, agent, NOW)).toEqual(first);
    const call = await getPilotCall(pilot.id, first!.callId, agent);
    expect(call.mergeValues.firstName).toBeTruthy();
    expect((await refusal(getPilotCall(pilot.id, first!.callId, agent2))).code).toBe("forbidden");

    await appendCallEvents(pilotCall(pilot, first!), { user: agent });
    const served = new Set([first!.contactRef]);
    for (;;) {
      const next = await nextContact(pilot.id, agent2, NOW);
      if (!next) break;
      expect(served.has(next.contactRef)).toBe(false);
      served.add(next.contactRef);
      await appendCallEvents(pilotCall(pilot, next, agent2.id), { user: agent2 });
    }
    expect(served.size).toBe(5);
    expect(await nextContact(pilot.id, agent, NOW)).toBeUndefined();
  });

  it("puts a released contact back in the queue", async () => {
    const pilot = await startedPilot();
    const first = await nextContact(pilot.id, agent, NOW);
    await releaseContact(pilot.id, first!.callId, agent);
    const again = await nextContact(pilot.id, agent2, NOW);
    expect(again?.contactRef).toBe(first!.contactRef);
    expect(again?.callId).not.toBe(first!.callId);
  });

  it("takes no new calls while paused, and no events at all once stopped", async () => {
    const pilot = await startedPilot();
    const served = await nextContact(pilot.id, agent, NOW);
    const events = pilotCall(pilot, served!);
    await appendCallEvents(events.slice(0, 2), { user: agent });
    await changePilotStatus(pilot.id, "pause", lead, NOW);
    expect((await refusal(nextContact(pilot.id, agent, NOW))).message).toContain("is paused");
    // A call under way when the pilot was paused may still finish.
    await appendCallEvents(events.slice(2), { user: agent });
    await changePilotStatus(pilot.id, "resume", lead, NOW);
    await changePilotStatus(pilot.id, "stop", lead, NOW);

    const next = { ...served!, callId: "after-stop" };
    const error = await refusal(appendCallEvents(pilotCall(pilot, next), { user: agent }));
    expect(error.details[0].message).toContain("which was stopped");
    expect((await getPilotReport(pilot.id)).variants.reduce((n, v) => n + v.attempted, 0)).toBe(1);
  });

  it("counts run-mode calls in the live report as they end", async () => {
    const pilot = await startedPilot();
    expect((await getPilotReport(pilot.id)).variants.map((v) => v.attempted)).toEqual([0, 0]);
    const served = await nextContact(pilot.id, agent, NOW);
    await appendCallEvents(pilotCall(pilot, served!), { user: agent });
    const report = await getPilotReport(pilot.id);
    const variant = report.variants.find((v) => v.id === served!.variantId)!;
    expect(variant).toMatchObject({ attempted: 1, connected: 1, earlyRejections: 1 });
  });
});

describe("dialer results", () => {
  const RESULTS = csv(
    [
      "contact_id,variant,agent,started_at,connected,talk_seconds,disposition,last_node_id,ended_by",
      "c1,A,x,2026-11-26T09:00:00Z,yes,12,2.12,intro,customer",
      "c2,B,x,2026-11-26T09:05:00Z,yes,95,1.1,booked,script",
      "c3,B,x,2026-11-26T09:06:00Z,yes,20,2.12,nowhere,customer",
    ].join("\n"),
  );

  it("imports valid rows, lists bad ones, and adds nothing when the same export comes again", async () => {
    const pilot = await startedPilot();
    const first = await importPilotResults(pilot.id, RESULTS, {}, lead, NOW);
    expect(first).toMatchObject({ rows: 3, added: 2, alreadyImported: 0 });
    expect(first.rejected.map((r) => r.line)).toEqual([4]);
    expect((await getPilotReport(pilot.id)).variants.map((v) => v.attempted)).toEqual([1, 1]);
    const again = await importPilotResults(pilot.id, RESULTS, {}, lead, NOW);
    expect(again).toMatchObject({ added: 0, alreadyImported: 2 });
    expect((await getPilotReport(pilot.id)).variants.map((v) => v.attempted)).toEqual([1, 1]);
  });
});

describe("after the pilot", () => {
  it("records the winner: an approved version is ready", async () => {
    const pilot = await startedPilot();
    await changePilotStatus(pilot.id, "stop", lead, NOW);
    const outcome = await declarePilotWinner(
      pilot.id,
      { variantId: "B", note: "Fewer early hang-ups" },
      lead,
      NOW,
    );
    expect(outcome.version).toEqual({ state: "ready" });
    expect(outcome.pilot.winner).toMatchObject({ variantId: "B", note: "Fewer early hang-ups", by: lead.id });
    const actions = (await storage.list<{ id: string; revision: number; action: string }>("audit")).map(
      (a) => a.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining(["pilot.created", "pilot.started", "pilot.stopped", "pilot.winner-declared"]),
    );
  });

  it("deletes the list's personal data and keeps the report, even rebuilt from scratch", async () => {
    const pilot = await startedPilot();
    const served = await nextContact(pilot.id, agent, NOW);
    await appendCallEvents(pilotCall(pilot, served!), { user: agent });
    expect((await deletePilotPersonalDataRefusal(pilot.id)).message).toContain("Stop the pilot");
    await changePilotStatus(pilot.id, "stop", lead, NOW);
    const deleted = await deletePilotPersonalData(pilot.id, lead, NOW);
    expect(deleted.list?.personalDataDeletedAt).toBe(NOW);
    expect(await readPilotFile(pilot.id, "contacts")).toBeUndefined();
    // A fresh context has no cached aggregator: the report is rebuilt from the call log alone.
    setAppContext({ storage, dataFile: ":memory:", created: true, callLog: log });
    const report = await getPilotReport(pilot.id);
    expect(report.variants.reduce((n, v) => n + v.attempted, 0)).toBe(1);
  });
});

function deletePilotPersonalDataRefusal(pilotId: string) {
  return refusal(deletePilotPersonalData(pilotId, lead, NOW));
}
