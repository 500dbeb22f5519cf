import { describe, expect, it } from "vitest";
import { twoVariantPilot, variantScripts } from "../testing/pilot-fixtures";
import { importResults, type ResultsImportResult } from "./results";
import { parseTimestamp } from "./timestamp";

const utf8 = (text: string) => new TextEncoder().encode(text);
const HEADER =
  "contact_id,variant,agent,started_at,connected,talk_seconds,disposition,last_node_id,ended_by\n";
const options = () => ({ pilot: twoVariantPilot(), scripts: variantScripts() });

function ok(result: ResultsImportResult) {
  if (!result.ok) throw new Error(result.message);
  return result;
}

describe("importResults", () => {
  it("turns each row into a CallSummary, success from the end node's outcome", () => {
    const result = ok(
      importResults(
        utf8(
          HEADER +
            "c1,A,agent-7,2026-11-26T09:30:00Z,yes,95.5,1.1,appointment,script\n" +
            "c2,Short,,2026-11-26 10:31:00+01:00,yes,12,2.12,hello,customer\n" +
            "c3,B,agent-7,2026-11-26T09:32:00Z,no,,3.13,start,agent\n",
        ),
        options(),
      ),
    );
    expect(result.rejected).toEqual([]);
    expect(result.summaries).toEqual([
      {
        callId: expect.stringMatching(/^csv-[0-9a-f]{16}$/),
        variantId: "A",
        contactRef: "c1",
        agent: "agent-7",
        startedAt: "2026-11-26T09:30:00.000Z",
        connected: true,
        talkSeconds: 95.5,
        endedBy: "script",
        aaporCode: "1.1",
        success: true,
        endNodeId: "appointment",
        reachedNodeIds: ["appointment"],
        objections: [],
      },
      expect.objectContaining({
        variantId: "B",
        startedAt: "2026-11-26T09:31:00.000Z",
        success: false,
        endNodeId: "hello",
      }),
      expect.objectContaining({
        variantId: "B",
        connected: false,
        talkSeconds: 0,
        aaporCode: "3.13",
        reachedNodeIds: [],
      }),
    ]);
    expect(result.summaries[1]).not.toHaveProperty("agent");
  });

  it("gives the same call ids on re-import, also when the time is written in another offset", () => {
    const a = ok(
      importResults(utf8(HEADER + "c1,A,x,2026-11-26T09:30:00Z,yes,95,1.1,appointment,script\n"), options()),
    );
    const b = ok(
      importResults(
        utf8(HEADER + "c1,a,y,2026-11-26T10:30:00+01:00,yes,96,1.1,appointment,script\n"),
        options(),
      ),
    );
    expect(b.summaries[0].callId).toBe(a.summaries[0].callId);
    const other = ok(
      importResults(utf8(HEADER + "c1,B,x,2026-11-26T09:30:00Z,yes,95,1.1,booked,script\n"), options()),
    );
    expect(other.summaries[0].callId).not.toBe(a.summaries[0].callId);
  });

  it("uses a given call id, path, checkpoint flag, objections and success column", () => {
    const header =
      "Call ID,Contact ID,Variant,Agent,Started At,Connected,Talk Seconds,Disposition,Last Node ID,Ended By,Nodes Path,Checkpoint Reached,Objections,Success,Queue\n";
    const result = ok(
      importResults(
        utf8(
          header +
            "d-1,c9,A,,2026-11-26T09:30:00Z,1,40,2.11,declined,customer,start > intro > q-time > pitch-done > pitch > q-interest,,busy@intro|email@pitch,no,Q1\n" +
            "d-2,c10,B,,2026-11-26T09:31:00Z,1,8,2.12,hello,customer,,yes,,yes,Q1\n",
        ),
        options(),
      ),
    );
    expect(result.ignoredColumns).toEqual(["Queue"]);
    expect(result.summaries[0]).toMatchObject({
      callId: "d-1",
      reachedNodeIds: ["start", "intro", "q-time", "pitch-done", "pitch", "q-interest", "declined"],
      objections: [
        { objectionId: "busy", nodeId: "intro" },
        { objectionId: "email", nodeId: "pitch" },
      ],
      success: false,
    });
    expect(result.summaries[1]).toMatchObject({
      callId: "d-2",
      reachedNodeIds: ["cp", "hello"],
      success: true,
    });
  });

  it("rejects each bad row by line with a reason, and keeps the good ones", () => {
    const result = ok(
      importResults(
        utf8(
          HEADER +
            "c1,C,,2026-11-26T09:30:00Z,yes,10,1.1,appointment,script\n" + // 2
            "c2,A,,2026-11-26T09:30:00Z,yes,10,1.1,booked,script\n" + // 3: B's node
            "c3,A,,2026-02-30T09:30:00Z,yes,10,1.1,appointment,script\n" + // 4
            "c4,A,,2026-11-26T09:30:00,yes,10,1.1,appointment,script\n" + // 5: no offset
            "c5,A,,2026-11-26T09:30:00Z,yes,-3,1.1,appointment,script\n" + // 6
            "c6,A,,2026-11-26T09:30:00Z,yes,10,9.9,appointment,script\n" + // 7
            "c7,A,,2026-11-26T09:30:00Z,maybe,10,1.1,appointment,script\n" + // 8
            "c8,A,,2026-11-26T09:30:00Z,yes,10,1.1,appointment,robot\n" + // 9
            "c9,A,,2026-11-26T09:30:00Z,yes,10,1.1,appointment,script\n" + // 10: good
            "c9,A,,2026-11-26T09:30:00Z,yes,10,1.1,appointment,script\n", // 11: repeat
        ),
        options(),
      ),
    );
    expect(result.summaries.map((s) => s.contactRef)).toEqual(["c9"]);
    expect(result.rejected).toEqual([
      { line: 2, reason: "variant “C” is not one of this pilot's variants (A, B)" },
      { line: 3, reason: "last_node_id “booked” is not a step of “Long opening” (variant A)" },
      { line: 4, reason: "started_at “2026-02-30T09:30:00Z” is not a real date" },
      {
        line: 5,
        reason: "started_at “2026-11-26T09:30:00” has no time zone; add Z or an offset such as +01:00",
      },
      { line: 6, reason: "talk_seconds is negative (-3)" },
      { line: 7, reason: "disposition “9.9” is not an AAPOR final disposition code (e.g. 1.1, 2.11, 2.12)" },
      { line: 8, reason: "connected “maybe” is not yes or no" },
      { line: 9, reason: "ended_by “robot” is not script, customer or agent" },
      { line: 11, reason: "repeats the call on line 10 (same contact, start time and variant)" },
    ]);
  });

  it("assumes a default offset for local times when told to", () => {
    const result = ok(
      importResults(utf8(HEADER + "c4,A,,2026-11-26T09:30:00,yes,10,1.1,appointment,script\n"), {
        ...options(),
        defaultUtcOffset: "+01:00",
      }),
    );
    expect(result.summaries[0].startedAt).toBe("2026-11-26T08:30:00.000Z");
  });

  it("imports nothing when a required column is missing, naming it", () => {
    const result = importResults(utf8("contact_id,variant\nc1,A\n"), options());
    expect(result).toMatchObject({ ok: false, reason: "missing-column" });
    if (!result.ok)
      expect(result.message).toMatch(
        /no started_at, connected, talk_seconds, disposition, last_node_id, ended_by columns/,
      );
  });
});

describe("parseTimestamp", () => {
  it("reads ISO 8601 with offsets into UTC, checking the calendar", () => {
    expect(parseTimestamp("2024-02-29T23:59:59.5-05:30")).toMatchObject({
      ok: true,
      iso: "2024-03-01T05:29:59.500Z",
    });
    expect(parseTimestamp("1999-12-31T23:00:00-01:00")).toMatchObject({
      ok: true,
      iso: "2000-01-01T00:00:00.000Z",
      epochMs: 946684800000,
    });
    expect(parseTimestamp("2023-02-29T00:00:00Z").ok).toBe(false);
    expect(parseTimestamp("2023-01-01T24:00:00Z").ok).toBe(false);
    expect(parseTimestamp("yesterday").ok).toBe(false);
  });
});

describe("importResults round trip", () => {
  it("reads back a simulated pilot written in the documented format as the very same call summaries", async () => {
    const { simulatePilot } = await import("../simulator");
    const { summaries } = simulatePilot({
      pilot: twoVariantPilot(),
      scripts: variantScripts(),
      contacts: 400,
      seed: 12,
      startAt: "2026-11-26T09:00:00Z",
      behaviour: { A: { objectionRate: 0.3 } },
    });
    const yes = (b: boolean) => (b ? "yes" : "no");
    const lines = [
      "call_id;contact_id;variant;agent;started_at;connected;talk_seconds;disposition;last_node_id;ended_by;success;nodes_path;objections",
      ...summaries.map((s) =>
        [
          s.callId,
          s.contactRef,
          s.variantId,
          s.agent,
          s.startedAt,
          yes(s.connected),
          s.talkSeconds,
          s.aaporCode,
          s.endNodeId,
          s.endedBy,
          yes(s.success),
          s.reachedNodeIds.join(" > "),
          s.objections.map((o) => `${o.objectionId}@${o.nodeId}`).join("|"),
        ].join(";"),
      ),
    ];
    const result = ok(importResults(utf8(lines.join("\r\n")), options()));
    expect(result.rejected).toEqual([]);
    expect(result.summaries).toEqual(summaries);
  });
});
