import { describe, expect, it } from "vitest";
import { edge, endNode, makeScript, sayNode, startNode } from "../../../test/factories/script-factory";
import { foldCallRecord } from "../calls/fold-call-record";
import { nodeSpeakingSeconds } from "../speaking-time";
import { summarizeCall } from "./call-summary";
import { simulatePilot, type SimulationOptions } from "./simulator";
import { longOpeningScript, twoVariantPilot, variantScripts } from "./testing/pilot-fixtures";

const base = (): SimulationOptions => ({
  pilot: twoVariantPilot(),
  scripts: variantScripts(),
  contacts: 1000,
  seed: 5,
  startAt: "2026-11-26T09:00:00Z",
});

const quiet = { openingHazardPerSecond: 0, stepHangup: 0, objectionRate: 0 };

describe("simulatePilot", () => {
  it("is reproducible from its seed", () => {
    const a = simulatePilot(base()).summaries;
    expect(simulatePilot(base()).summaries).toEqual(a);
    expect(simulatePilot({ ...base(), seed: 6 }).summaries).not.toEqual(a);
  });

  it("splits the dials by the variants' weights and connects about connectRate of them", () => {
    const { summaries } = simulatePilot({ ...base(), contacts: 10_000, connectRate: 0.35 });
    expect(summaries.filter((s) => s.variantId === "A")).toHaveLength(5000);
    const connected = summaries.filter((s) => s.connected).length / 10_000;
    // Binomial sd at n = 10,000, p = 0.35 is 0.0048; allow 4 sd.
    expect(Math.abs(connected - 0.35)).toBeLessThan(0.019);
    const notConnected = summaries.find((s) => !s.connected);
    expect(notConnected).toMatchObject({ talkSeconds: 0, success: false, endedBy: "agent" });
    expect(["3.13", "2.22", "3.12", "4.31", "2.21"]).toContain(notConnected?.aaporCode);
  });

  it("walks the script: with no hang-ups and every answer yes, each connected call follows the success path in order", () => {
    const script = longOpeningScript();
    const { summaries } = simulatePilot({
      ...base(),
      connectRate: 1,
      talkNoise: 0,
      behaviour: { A: { ...quiet, yesProbability: 1 }, B: quiet },
    });
    const a = summaries.filter((s) => s.variantId === "A");
    const path = ["start", "intro", "q-time", "pitch-done", "pitch", "q-interest", "appointment"];
    const seconds = path.reduce(
      (sum, id) =>
        sum +
        nodeSpeakingSeconds(
          script.nodes.find((n) => n.id === id)!,
          script,
        ),
      0,
    );
    for (const call of a) {
      expect(call).toMatchObject({
        connected: true,
        endedBy: "script",
        aaporCode: "1.1",
        success: true,
        endNodeId: "appointment",
      });
      expect(call.reachedNodeIds).toEqual(path);
      expect(call.talkSeconds).toBeCloseTo(seconds, 1);
    }
  });

  it("hangs up during the opening at the configured hazard: 1 - exp(-0.01 x 30) = 25.9% within 30 s", () => {
    const long = makeScript({
      id: "monologue",
      nodes: [startNode(), sayNode("talk", "word ".repeat(300)), endNode("done")],
      edges: [edge("start", "next", "talk"), edge("talk", "next", "done")],
    });
    const { summaries } = simulatePilot({
      ...base(),
      scripts: { A: long, B: long },
      contacts: 20_000,
      connectRate: 1,
      behaviour: {
        A: { ...quiet, openingHazardPerSecond: 0.01 },
        B: { ...quiet, openingHazardPerSecond: 0.01 },
      },
    });
    const early = summaries.filter((s) => s.endedBy === "customer" && s.talkSeconds <= 30);
    expect(early.every((s) => s.aaporCode === "2.11" && s.endNodeId === "talk")).toBe(true);
    // sd of a proportion at n = 20,000, p = 0.259 is 0.0031; allow 4 sd.
    expect(Math.abs(early.length / 20_000 - (1 - Math.exp(-0.3)))).toBeLessThan(0.0125);
    expect(summaries.filter((s) => s.endedBy === "customer").length).toBe(early.length);
  });

  it("applies a per-node hang-up chance, so nobody passes a step where everyone hangs up", () => {
    const { summaries } = simulatePilot({
      ...base(),
      connectRate: 1,
      behaviour: { A: quiet, B: { ...quiet, hangupAtNode: { pitch: 1 } } },
    });
    const b = summaries.filter((s) => s.variantId === "B");
    expect(b.every((s) => s.endNodeId === "pitch" && s.endedBy === "customer" && !s.success)).toBe(true);
    expect(b.every((s) => s.aaporCode === "2.12" || s.aaporCode === "2.11")).toBe(true);
  });

  it("records objections raised at steps of the script", () => {
    const { summaries } = simulatePilot({
      ...base(),
      connectRate: 1,
      behaviour: { A: { ...quiet, objectionRate: 0.5 }, B: quiet },
    });
    const raised = summaries.flatMap((s) => s.objections.map((o) => ({ ...o, variantId: s.variantId })));
    expect(raised.length).toBeGreaterThan(100);
    expect(raised.every((o) => o.variantId === "A" && ["busy", "email"].includes(o.objectionId))).toBe(true);
    expect(new Set(raised.map((o) => o.nodeId))).toEqual(new Set(["intro", "q-time", "pitch", "q-interest"]));
  });

  it("produces call events that fold into the very same call summaries", () => {
    const { summaries, events } = simulatePilot({
      ...base(),
      contacts: 300,
      events: true,
      behaviour: { A: { objectionRate: 0.3 } },
    });
    const byCall = new Map<string, typeof events>();
    for (const event of events) byCall.set(event.callId, [...(byCall.get(event.callId) ?? []), event]);
    expect(byCall.size).toBe(300);
    for (const summary of summaries) {
      expect(summarizeCall(foldCallRecord(byCall.get(summary.callId) ?? []))).toEqual(summary);
    }
  });
});
