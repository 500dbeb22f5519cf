import { describe, expect, it } from "vitest";
import { callBuilder } from "../../../test/storage/call-events-factory";
import { foldCallRecord } from "../calls/fold-call-record";
import { summarizeCall } from "./call-summary";

const end = { success: false, connected: true, talkSeconds: 41.5 } as const;

describe("summarizeCall", () => {
  it("lists reached nodes once each, in order, without undone steps, and the objections where raised", () => {
    const call = callBuilder("c1")
      .start({ pilotId: "p1", variantId: "A", contactRef: "contact-9" })
      .add("connected", 900, {})
      .add("step", 1_000, { nodeId: "opening" })
      .add("step", 5_000, { nodeId: "q1" })
      .add("step", 9_000, { nodeId: "q2" })
      .add("back", 10_000, { undoesSeq: 4, fromNodeId: "q2", toNodeId: "q1" })
      .add("objection", 12_000, { objectionId: "not-interested", nodeId: "q1" })
      .add("step", 15_000, { nodeId: "opening" })
      .add("step", 20_000, { nodeId: "q3" })
      .add("referral", 30_000, { nodeId: "q3", name: "Kovács Péter", phone: "+36 1 234 5678" })
      .add("call-ended", 42_000, {
        ...end,
        endedBy: "customer",
        nodeId: "q3",
        outcome: "Hung up",
        aaporCode: "2.12",
      });
    const summary = summarizeCall(foldCallRecord(call.events));
    expect(summary).toEqual({
      callId: "c1",
      variantId: "A",
      contactRef: "contact-9",
      agent: "u-anna",
      startedAt: "2026-11-26T09:00:00.000Z",
      connected: true,
      talkSeconds: 41.5,
      endedBy: "customer",
      aaporCode: "2.12",
      success: false,
      endNodeId: "q3",
      reachedNodeIds: ["opening", "q1", "q3"],
      objections: [{ objectionId: "not-interested", nodeId: "q1" }],
    });
    expect(JSON.stringify(summary)).not.toMatch(/Kovács|234/);
  });

  it("refuses a call that has not ended or was not made for a pilot variant", () => {
    const running = callBuilder("c2").start({ variantId: "A" }).add("step", 10, { nodeId: "opening" });
    expect(() => summarizeCall(foldCallRecord(running.events))).toThrow("Call c2 has not ended");
    const preview = callBuilder("c3")
      .start({ preview: true })
      .add("call-ended", 900, { ...end, endedBy: "agent", nodeId: "o", outcome: "Done", aaporCode: "2.11" });
    expect(() => summarizeCall(foldCallRecord(preview.events))).toThrow("not made for a pilot variant");
  });
});
