import { describe, expect, it } from "vitest";
import {
  conditionNode,
  edge,
  endNode,
  makeScript,
  questionNode,
  rule,
  sayNode,
  startNode,
  variable,
} from "../../../test/factories/script-factory";
import { applyRunAction, startRun } from "./run-machine";
import { estimateTimeLeft } from "./time-left";

// At 150 words a minute a ten-word text takes 4 s; each question adds 3 s for the answer.
const TEN = "one two three four five six seven eight nine ten";

const script = makeScript({
  variables: [variable("vip", { type: "boolean" })],
  nodes: [
    startNode(),
    sayNode("hello", TEN),
    questionNode("q", TEN, "yes-no"),
    sayNode("long", `${TEN} ${TEN} ${TEN}`),
    conditionNode("c", [rule("vip", "variable", "vip", { operator: "equals", value: true })]),
    endNode("vip-end", "VIP", { text: { type: "doc", content: [] } }),
    sayNode("bye", TEN),
    endNode("done"),
  ],
  edges: [
    edge("start", "next", "hello"),
    edge("hello", "next", "q"),
    edge("q", "yes", "long"),
    edge("q", "no", "bye"),
    edge("long", "next", "c"),
    edge("c", "rule:vip", "vip-end"),
    edge("c", "else", "bye"),
    edge("bye", "next", "done"),
  ],
});

const now = (offsetMs: number) => ({ at: "2026-01-01T00:00:00.000Z", offsetMs });
const start = (mergeValues: Record<string, string>) =>
  startRun(script, {
    callId: "c1",
    agent: "a",
    source: { kind: "draft", revision: 1 },
    preview: true,
    mergeValues,
    now: now(0),
  }).state;

describe("estimateTimeLeft", () => {
  it("follows the first answer and the condition as it evaluates now", () => {
    const left = estimateTimeLeft(script, start({}));
    expect(left.nodeIds).toEqual(["hello", "q", "long", "c", "bye", "done"]);
    expect(left.seconds).toBeCloseTo(4 + 7 + 12 + 4, 6);
    expect(left.reachesEnd).toBe(true);
    const vip = estimateTimeLeft(script, start({ vip: "true" }));
    expect(vip.nodeIds).toEqual(["hello", "q", "long", "c", "vip-end"]);
    expect(vip.seconds).toBeCloseTo(4 + 7 + 12, 6);
  });

  it("shrinks as the call moves on, and is zero once it ended", () => {
    let state = start({});
    state = applyRunAction(script, state, { type: "continue" }, now(1000)).state;
    state = applyRunAction(script, state, { type: "answer", answer: { kind: "no" } }, now(2000)).state;
    expect(estimateTimeLeft(script, state).seconds).toBeCloseTo(4, 6);
    state = applyRunAction(script, state, { type: "hang-up" }, now(3000)).state;
    expect(state.phase).toBe("outcome");
    state = applyRunAction(script, state, { type: "choose-outcome", outcome: { label: "x", success: false, disposition: "2.12" } }, now(3000)).state;
    expect(estimateTimeLeft(script, state).seconds).toBe(0);
  });

  it("says when the likely path does not reach an end", () => {
    const broken = { ...script, edges: script.edges.filter((e) => e.source !== "bye") };
    expect(estimateTimeLeft(broken, start({})).reachesEnd).toBe(false);
  });
});
