import { describe, expect, it } from "vitest";
import { callBuilder } from "../../../test/storage/call-events-factory";
import { isDomainError } from "../domain-error";
import { foldCallRecord } from "./fold-call-record";

function surveyCall() {
  return callBuilder("c1")
    .start({ pilotId: "p1", variantId: "B", contactRef: "contact-7" })
    .add("connected", 1_800, {})
    .add("step", 1_900, { nodeId: "opening" })
    .add("answer", 6_000, { nodeId: "opening", output: "next", optionIds: [] })
    .add("step", 6_050, { nodeId: "q-roof" })
    .add("objection", 8_000, { objectionId: "no-time", nodeId: "q-roof" })
    .add("objection-resolved", 14_000, { objectionId: "no-time", action: "return", toNodeId: "q-roof" })
    .add("answer", 20_000, { nodeId: "q-roof", output: "other", optionIds: [], otherText: "A terrace" })
    .add("step", 20_010, { nodeId: "cb" })
    .add("callback", 30_000, { nodeId: "cb", callbackAt: "2026-12-01T14:30", timeZone: "Europe/Budapest" })
    .add("note", 31_000, { nodeId: "cb", text: "Prefers mornings." })
    .add("step", 32_000, { nodeId: "end-callback" })
    .add("call-ended", 32_500, {
      endedBy: "script",
      nodeId: "end-callback",
      outcome: "Callback",
      aaporCode: "2.21",
      success: false,
      connected: true,
      talkSeconds: 30.7,
    });
}

describe("foldCallRecord", () => {
  it("records every part of an ended call with its offsets", () => {
    const record = foldCallRecord(surveyCall().events);
    expect(record).toMatchObject({
      schemaVersion: 1,
      callId: "c1",
      scriptId: "solar",
      source: { kind: "version", versionId: "v-solar-3", number: 3 },
      preview: false,
      agent: "u-anna",
      pilotId: "p1",
      variantId: "B",
      contactRef: "contact-7",
      startedAt: "2026-11-26T09:00:00.000Z",
      endedAt: "2026-11-26T09:00:32.500Z",
      status: "ended",
      connected: true,
      connectedOffsetMs: 1_800,
      endNodeId: "end-callback",
      endedBy: "script",
      outcome: "Callback",
      aaporCode: "2.21",
      success: false,
      talkSeconds: 30.7,
      durationMs: 32_500,
      lastSeq: 12,
      eventCount: 13,
    });
    expect(record.steps.map((s) => [s.nodeId, s.offsetMs, s.undone])).toEqual([
      ["opening", 1_900, false],
      ["q-roof", 6_050, false],
      ["cb", 20_010, false],
      ["end-callback", 32_000, false],
    ]);
    expect(record.answers[1]).toMatchObject({ nodeId: "q-roof", output: "other", otherText: "A terrace" });
    expect(record.objections).toEqual([
      {
        seq: 5,
        objectionId: "no-time",
        nodeId: "q-roof",
        offsetMs: 8_000,
        resolution: { action: "return", toNodeId: "q-roof", offsetMs: 14_000 },
      },
    ]);
    expect(record.callback).toMatchObject({ callbackAt: "2026-12-01T14:30", timeZone: "Europe/Budapest" });
    expect(record.notes).toEqual([{ seq: 10, nodeId: "cb", text: "Prefers mornings.", offsetMs: 31_000 }]);
  });

  it("gives the same record whatever order the events arrive in and however often", () => {
    const { events } = surveyCall();
    const shuffled = [...events].reverse();
    const repeated = [...events, ...events.slice(3, 9), events[0]];
    const expected = foldCallRecord(events);
    expect(foldCallRecord(shuffled)).toEqual(expected);
    expect(foldCallRecord(repeated)).toEqual(expected);
    expect(foldCallRecord(repeated).eventCount).toBe(events.length);
  });

  it("keeps a step undone by back, and the answer that led into it, marked as undone", () => {
    const { events } = callBuilder("c2")
      .start()
      .add("step", 10, { nodeId: "q1" })
      .add("answer", 5_000, { nodeId: "q1", output: "yes", optionIds: [] })
      .add("step", 5_010, { nodeId: "q2" })
      .add("back", 7_000, { undoesSeq: 3, fromNodeId: "q2", toNodeId: "q1" })
      .add("answer", 9_000, { nodeId: "q1", output: "no", optionIds: [] })
      .add("step", 9_010, { nodeId: "q3" });
    const record = foldCallRecord(events);
    expect(record.steps.map((s) => [s.nodeId, s.undone, s.undoneBySeq])).toEqual([
      ["q1", false, undefined],
      ["q2", true, 4],
      ["q3", false, undefined],
    ]);
    expect(record.answers.map((a) => [a.output, a.undone])).toEqual([
      ["yes", true],
      ["no", false],
    ]);
    expect(record.backs).toEqual([
      { seq: 4, undoesSeq: 3, fromNodeId: "q2", toNodeId: "q1", offsetMs: 7_000 },
    ]);
    expect(record.status).toBe("in-progress");
  });

  it("undoes every step of a move that passed through several nodes", () => {
    const { events } = callBuilder("c2b")
      .start()
      .add("step", 10, { nodeId: "q1" })
      .add("answer", 5_000, { nodeId: "q1", output: "yes", optionIds: [] })
      .add("step", 5_010, { nodeId: "say-thanks" })
      .add("step", 5_020, { nodeId: "q2" })
      .add("objection", 6_000, { objectionId: "no-time", nodeId: "q2" })
      .add("back", 7_000, { undoesSeq: 3, fromNodeId: "q2", toNodeId: "q1" });
    const record = foldCallRecord(events);
    expect(record.steps.map((s) => s.undone)).toEqual([false, true, true]);
    expect(record.answers[0].undone).toBe(true);
    expect(record.objections).toHaveLength(1);
  });

  it("undoes only the answer when back names an answer, and ignores a back of something already undone", () => {
    const { events } = callBuilder("c3")
      .start()
      .add("step", 10, { nodeId: "q1" })
      .add("answer", 5_000, { nodeId: "q1", output: "option:a", optionIds: ["a"] })
      .add("back", 6_000, { undoesSeq: 2, fromNodeId: "q1", toNodeId: "q1" })
      .add("back", 6_500, { undoesSeq: 2, fromNodeId: "q1", toNodeId: "q1" });
    const record = foldCallRecord(events);
    expect(record.steps[0].undone).toBe(false);
    expect(record.answers[0]).toMatchObject({ undone: true, undoneBySeq: 3 });
    expect(record.backs).toHaveLength(2);
  });

  it("keeps an undone referral in the history with its details, and drops it from the referral in effect", () => {
    const { events } = callBuilder("c4")
      .start()
      .add("step", 10, { nodeId: "ref" })
      .add("referral", 4_000, { nodeId: "ref", name: "Kovács Péter", role: "Facility manager" })
      .add("back", 5_000, { undoesSeq: 2, fromNodeId: "ref", toNodeId: "ref" });
    const record = foldCallRecord(events);
    expect(record.referrals).toEqual([
      { seq: 2, nodeId: "ref", name: "Kovács Péter", role: "Facility manager", offsetMs: 4_000, undone: true, undoneBySeq: 3 },
    ]);
    expect(record).not.toHaveProperty("referral");
  });

  it("undoes the callback that led into the step Back leaves, like an answer, and keeps both callbacks", () => {
    const call = callBuilder("c4b")
      .start()
      .add("step", 10, { nodeId: "cb" })
      .add("callback", 9_000, { nodeId: "cb", callbackAt: "2026-12-01T14:30", timeZone: "Europe/Budapest" })
      .add("step", 9_010, { nodeId: "end-cb" })
      .add("back", 12_000, { undoesSeq: 3, fromNodeId: "end-cb", toNodeId: "cb" });
    const backedOut = foldCallRecord(call.events);
    expect(backedOut.steps.map((s) => [s.nodeId, s.undone])).toEqual([
      ["cb", false],
      ["end-cb", true],
    ]);
    expect(backedOut.callbacks).toMatchObject([{ callbackAt: "2026-12-01T14:30", undone: true, undoneBySeq: 4 }]);
    expect(backedOut).not.toHaveProperty("callback");

    const redone = call
      .add("callback", 15_000, { nodeId: "cb", callbackAt: "2026-12-02T10:00", timeZone: "Europe/Budapest" })
      .add("step", 15_010, { nodeId: "end-cb" }).events;
    const record = foldCallRecord(redone);
    expect(record.callbacks.map((c) => [c.callbackAt, c.undone])).toEqual([
      ["2026-12-01T14:30", true],
      ["2026-12-02T10:00", false],
    ]);
    expect(record.callback).toMatchObject({ seq: 5, callbackAt: "2026-12-02T10:00", undone: false });
  });

  it("undoes a referral that led into the step Back leaves, but not an entry made at another node", () => {
    const { events } = callBuilder("c4c")
      .start()
      .add("step", 10, { nodeId: "ref" })
      .add("referral", 4_000, { nodeId: "ref", name: "Kovács Péter" })
      .add("step", 4_010, { nodeId: "q1" })
      .add("answer", 6_000, { nodeId: "q1", output: "yes", optionIds: [] })
      .add("step", 6_010, { nodeId: "q2" })
      .add("back", 7_000, { undoesSeq: 5, fromNodeId: "q2", toNodeId: "q1" })
      .add("back", 8_000, { undoesSeq: 3, fromNodeId: "q1", toNodeId: "ref" });
    const record = foldCallRecord(events);
    expect(record.answers.map((a) => [a.nodeId, a.undoneBySeq])).toEqual([["q1", 6]]);
    expect(record.referrals.map((r) => [r.name, r.undone, r.undoneBySeq])).toEqual([["Kovács Péter", true, 7]]);
    expect(record).not.toHaveProperty("referral");

    // Back from q2 to q1 must not reach past q1's answer to the referral given at another node.
    const once = foldCallRecord(events.slice(0, 7));
    expect(once.referrals[0].undone).toBe(false);
    expect(once.referral).toMatchObject({ name: "Kovács Péter", undone: false });
  });

  it("is in progress and not connected until those events arrive", () => {
    const { events } = callBuilder("c5").start().add("step", 10, { nodeId: "opening" });
    const record = foldCallRecord(events);
    expect(record).toMatchObject({ status: "in-progress", connected: false, durationMs: 10 });
    expect(record).not.toHaveProperty("endedAt");
    expect(record).not.toHaveProperty("outcome");
  });

  it("takes the outcome from the first end and connection from it when no connected event came", () => {
    const ended = {
      endedBy: "customer",
      nodeId: "opening",
      aaporCode: "2.12",
      success: false,
      connected: true,
      talkSeconds: 4,
    } as const;
    const { events } = callBuilder("c6")
      .start()
      .add("step", 10, { nodeId: "opening" })
      .add("call-ended", 4_000, { ...ended, outcome: "Hung up" })
      .add("call-ended", 4_100, { ...ended, outcome: "Something else" });
    expect(foldCallRecord(events)).toMatchObject({
      outcome: "Hung up",
      connected: true,
      endedBy: "customer",
    });
  });

  it("refuses events without a call-started event, and events of two calls", () => {
    const noStart = callBuilder("c7").start().add("step", 10, { nodeId: "a" }).events.slice(1);
    expect(() => foldCallRecord(noStart)).toThrow("Call c7 has no call-started event");
    const mixed = [...callBuilder("c8").start().events, ...callBuilder("c9").start().events];
    expect(() => foldCallRecord(mixed)).toThrow(/c8 and c9/);
    try {
      foldCallRecord([]);
    } catch (error) {
      expect(isDomainError(error) && error.code).toBe("invalid");
    }
    expect(() => foldCallRecord([])).toThrow("no events");
  });
});
