import { describe, expect, it } from "vitest";
import {
  callbackNode,
  checkpointNode,
  conditionNode,
  edge,
  endNode,
  makeScript,
  objection,
  outcome,
  questionNode,
  referralNode,
  rule,
  sayNode,
  startNode,
  variable,
} from "../../../test/factories/script-factory";
import { foldCallRecord } from "../calls/fold-call-record";
import { isDomainError } from "../domain-error";
import type { Script } from "../script-types";
import {
  applyRunAction,
  canGoBack,
  currentNodeId,
  endOutcomeChoices,
  HUNG_UP_BEFORE_ANSWERING,
  startRun,
  type RunAction,
  type RunEvent,
  type RunResult,
  type RunState,
} from "./run-machine";
import { isCallEvent, callEventProblems } from "~/services/call-schemas.server";

// One script with every kind of step:
// start → checkpoint → say → yes/no ─yes→ single ─a→ multiple → scale → semi-open → condition → ends
//                                   │            └b→ referral → end (referral)
//                                   └no→ callback → end (callback)
function everyKindScript(): Script {
  return makeScript({
    id: "every-kind",
    variables: [variable("firstName", { label: "First name", sample: "Peter" }), variable("vip", { type: "boolean" })],
    nodes: [
      startNode(),
      checkpointNode("cp", "Opened"),
      sayNode("intro", "Hello {{firstName}}."),
      questionNode("q-yn", "Is now a good time?", "yes-no", [], { allowDontKnow: true }),
      questionNode("q-single", "Which plan?", "single", [
        { id: "a", label: "Basic" },
        { id: "b", label: "Premium" },
      ], { allowRefused: true }),
      questionNode("q-multi", "Which channels?", "multiple", [
        { id: "x", label: "Phone" },
        { id: "y", label: "Mail" },
        { id: "z", label: "Web" },
      ]),
      questionNode("q-scale", "How likely, 1 to 5?", "scale"),
      questionNode("q-semi", "Where did you hear of us?", "semi-open", [{ id: "p", label: "Press" }]),
      conditionNode("cond", [
        rule("hot", "answer", "q-scale", { operator: "greater-than", value: 3 }),
        rule("vip", "variable", "vip", { operator: "equals", value: true }),
      ]),
      callbackNode("cb", "When shall I call back?"),
      referralNode("ref", "Who should I talk to?"),
      endNode("end-hot", "Hot lead"),
      endNode("end-vip", "VIP"),
      endNode("end-cold", "Cold lead", { outcome: outcome("Cold lead", { success: false }) }),
      endNode("end-cb", "Callback", { outcome: outcome("Callback scheduled", { success: false, disposition: "2.21" }) }),
      endNode("end-ref", "Referral", { outcome: outcome("Referral", { success: false, disposition: "4.70" }) }),
    ],
    edges: [
      edge("start", "next", "cp"),
      edge("cp", "next", "intro"),
      edge("intro", "next", "q-yn"),
      edge("q-yn", "yes", "q-single"),
      edge("q-yn", "no", "cb"),
      edge("q-yn", "dont-know", "cb"),
      edge("q-single", "option:a", "q-multi"),
      edge("q-single", "option:b", "ref"),
      edge("q-single", "refused", "end-cold"),
      edge("q-multi", "next", "q-scale"),
      edge("q-scale", "next", "q-semi"),
      edge("q-semi", "option:p", "cond"),
      edge("q-semi", "other", "cond"),
      edge("cond", "rule:hot", "end-hot"),
      edge("cond", "rule:vip", "end-vip"),
      edge("cond", "else", "end-cold"),
      edge("cb", "next", "end-cb"),
      edge("ref", "next", "end-ref"),
    ],
    objections: [
      objection("busy", "No time", "It takes two minutes.", { action: "return" }, { shortcut: "t" }),
      objection("mail", "Send me an email", "Sure, when may I call back?", { action: "goto", target: "cb" }),
      objection("nope", "Not interested", "Thank you, goodbye.", {
        action: "end",
        outcome: outcome("Refused", { success: false, disposition: "2.11" }),
      }),
    ],
  });
}

const T0 = Date.UTC(2026, 0, 15, 9, 0, 0);
const at = (ms: number) => ({ at: new Date(T0 + ms).toISOString(), offsetMs: ms });

/** Drives a run, collecting every event; `.at(ms)` sets the clock for the next actions. */
class Driver {
  state: RunState;
  events: RunEvent[];
  clock = 0;
  constructor(
    readonly script: Script,
    opts: Partial<Parameters<typeof startRun>[1]> = {},
  ) {
    const started = startRun(script, {
      callId: "call1",
      agent: "u-writer",
      source: { kind: "draft", revision: 3 },
      preview: true,
      mergeValues: { firstName: "Anna" },
      now: at(0),
      ...opts,
    });
    this.state = started.state;
    this.events = [...started.events];
  }
  at(ms: number): this {
    this.clock = ms;
    return this;
  }
  do(action: RunAction): RunResult {
    const result = applyRunAction(this.script, this.state, action, at(this.clock));
    this.state = result.state;
    this.events.push(...result.events);
    return result;
  }
  get node(): string {
    return currentNodeId(this.state);
  }
  types(): string[] {
    return this.events.map((e) => e.type);
  }
  steps(): string[] {
    return this.events.flatMap((e) => (e.type === "step" ? [e.nodeId] : []));
  }
}

function domainMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (isDomainError(error)) return error.message;
    throw error;
  }
  throw new Error("expected a DomainError");
}

describe("startRun", () => {
  it("records the start, the connection and passes through start and checkpoint to the first step to read", () => {
    const run = new Driver(everyKindScript());
    expect(run.node).toBe("intro");
    expect(run.types()).toEqual(["call-started", "connected", "step", "step", "step"]);
    expect(run.steps()).toEqual(["start", "cp", "intro"]);
    expect(run.events[0]).toMatchObject({
      type: "call-started",
      scriptId: "every-kind",
      source: { kind: "draft", revision: 3 },
      preview: true,
      agent: "u-writer",
      seq: 0,
      eventId: "call1-0",
      at: "2026-01-15T09:00:00.000Z",
      offsetMs: 0,
    });
    expect(run.events.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4]);
  });

  it("starts from a chosen node and carries pilot, variant and contact reference", () => {
    const run = new Driver(everyKindScript(), {
      startNodeId: "q-scale",
      pilotId: "p1",
      variantId: "v2",
      contactRef: "c-17",
      preview: false,
      source: { kind: "version", versionId: "ver-1", number: 2 },
    });
    expect(run.node).toBe("q-scale");
    expect(run.events[0]).toMatchObject({ startNodeId: "q-scale", pilotId: "p1", variantId: "v2", contactRef: "c-17" });
    run.do({ type: "connect" });
    expect(run.steps()).toEqual(["q-scale"]);
  });

  it("refuses a start node that does not exist, or a script without a start", () => {
    expect(domainMessage(() => new Driver(everyKindScript(), { startNodeId: "nope" }))).toMatch(/no step “nope”/);
    const noStart = makeScript({ nodes: [sayNode("s", "Hi")] });
    expect(domainMessage(() => new Driver(noStart))).toMatch(/has no start step/);
  });
});

describe("a real call: dialling before it connects", () => {
  const real = { preview: false, source: { kind: "version", versionId: "ver-1", number: 2 } } as const;

  it("starts dialling with no connected event and no step, then starts the script when the person answers", () => {
    const run = new Driver(everyKindScript(), real);
    expect(run.state.phase).toBe("dialling");
    expect(run.types()).toEqual(["call-started"]);
    expect(canGoBack(run.state)).toBe(false);
    run.at(12_000).do({ type: "connect" });
    expect(run.types()).toEqual(["call-started", "connected", "step", "step", "step"]);
    expect(run.events[1]).toMatchObject({ type: "connected", offsetMs: 12_000 });
    expect(run.node).toBe("intro");
    expect(run.state.phase).toBe("step");
  });

  it("times talk time from the connection, not from dialling, in the state and the folded record", () => {
    const run = new Driver(everyKindScript(), real);
    run.at(12_000).do({ type: "connect" });
    run.at(20_000).do({ type: "continue" });
    run.at(22_000).do({ type: "answer", answer: { kind: "yes" } });
    run.at(25_500).do({ type: "hang-up" });
    run.do({ type: "choose-outcome", outcome: { label: "Broke off mid-call", success: false, disposition: "2.12" } });
    expect(run.state.ended).toMatchObject({ talkSeconds: 13.5, offsetMs: 25_500 });
    const record = foldCallRecord(run.events);
    expect(record).toMatchObject({ connected: true, connectedOffsetMs: 12_000, talkSeconds: 13.5, durationMs: 25_500 });
  });

  it.each([
    ["no-answer", "No answer", "3.13"],
    ["busy", "Busy", "3.12"],
    ["answering-machine", "Voicemail / answering machine", "3.14"],
    ["wrong-number", "Wrong number / not eligible", "4.70"],
    ["disconnected", "Disconnected number", "4.32"],
  ] as const)("records “%s” as not connected: “%s”, AAPOR %s", (reason, label, code) => {
    const run = new Driver(everyKindScript(), real);
    run.at(31_000).do({ type: "not-connected", reason });
    expect(run.types()).toEqual(["call-started", "call-ended"]);
    expect(run.events[1]).toMatchObject({
      endedBy: "agent",
      nodeId: "start",
      outcome: label,
      aaporCode: code,
      success: false,
      connected: false,
      talkSeconds: 0,
    });
    for (const e of run.events) expect(callEventProblems(e)).toEqual([]);
    expect(foldCallRecord(run.events)).toMatchObject({
      status: "ended",
      connected: false,
      aaporCode: code,
      outcome: label,
      talkSeconds: 0,
      steps: [],
    });
    expect(foldCallRecord(run.events)).not.toHaveProperty("connectedOffsetMs");
  });

  it("refuses script actions while dialling, and dialling actions once connected, changing nothing", () => {
    const run = new Driver(everyKindScript(), real);
    const before = run.state;
    for (const action of [{ type: "continue" }, { type: "back" }, { type: "agent-end" }, { type: "objection", objectionId: "busy" }] as RunAction[]) {
      expect(domainMessage(() => run.do(action))).toMatch(/not connected yet: press Connected/);
    }
    expect(run.state).toBe(before);
    run.do({ type: "connect" });
    expect(domainMessage(() => run.do({ type: "connect" }))).toMatch(/Connecting is not possible now/);
    expect(domainMessage(() => run.do({ type: "not-connected", reason: "busy" }))).toMatch(/did not connect is not possible now/);
  });

  it("takes a note while dialling, at the step the call will start from", () => {
    const run = new Driver(everyKindScript(), { ...real, startNodeId: "q-scale" });
    run.do({ type: "note", text: "Rang eight times." });
    expect(run.events[1]).toMatchObject({ type: "note", nodeId: "q-scale" });
  });

  it("counts a customer who picks up and hangs up at once as connected and refused before any answer", () => {
    const run = new Driver(everyKindScript(), real);
    run.at(9_000).do({ type: "hang-up" });
    expect(run.types()).toEqual(["call-started", "connected", "step", "step", "step", "call-ended"]);
    expect(run.state.ended).toMatchObject({ endedBy: "customer", aaporCode: HUNG_UP_BEFORE_ANSWERING.disposition, talkSeconds: 0 });
    expect(foldCallRecord(run.events)).toMatchObject({ connected: true, connectedOffsetMs: 9_000 });
  });

  it("keeps previews starting connected, unless the writer asks to rehearse dialling", () => {
    const run = new Driver(everyKindScript());
    expect(run.state.phase).toBe("step");
    expect(run.types()).toContain("connected");
    const dialled = new Driver(everyKindScript(), { dial: true });
    expect(dialled.state.phase).toBe("dialling");
    expect(dialled.types()).toEqual(["call-started"]);
    // A real call cannot skip dialling.
    expect(new Driver(everyKindScript(), { ...real, dial: false }).state.phase).toBe("dialling");
  });
});

describe("applyRunAction: a whole call through every kind of step", () => {
  it("answers each question type, evaluates the condition and ends at the script's end", () => {
    const run = new Driver(everyKindScript());
    run.at(2_000).do({ type: "continue" });
    expect(run.node).toBe("q-yn");
    run.at(5_000).do({ type: "answer", answer: { kind: "yes" } });
    expect(run.node).toBe("q-single");
    run.at(8_000).do({ type: "answer", answer: { kind: "option", optionId: "a" } });
    run.at(11_000).do({ type: "answer", answer: { kind: "options", optionIds: ["x", "z", "x"] } });
    run.at(14_000).do({ type: "answer", answer: { kind: "scale", value: 4 } });
    run.at(17_000).do({ type: "answer", answer: { kind: "other", text: "  A friend told me " } });
    // 4 > 3: the first rule holds.
    expect(run.node).toBe("end-hot");
    expect(run.state.phase).toBe("step");
    run.at(20_000).do({ type: "continue" });
    expect(run.state.phase).toBe("ended");

    const answers = run.events.filter((e) => e.type === "answer");
    expect(answers.map((a) => [a.nodeId, a.output, a.optionIds])).toEqual([
      ["q-yn", "yes", []],
      ["q-single", "option:a", ["a"]],
      ["q-multi", "next", ["x", "z"]],
      ["q-scale", "next", []],
      ["q-semi", "other", []],
    ]);
    expect(answers[3]).toMatchObject({ value: 4 });
    expect(answers[4]).toMatchObject({ otherText: "A friend told me" });
    expect(run.steps()).toEqual([
      "start", "cp", "intro", "q-yn", "q-single", "q-multi", "q-scale", "q-semi", "cond", "end-hot",
    ]);
    const end = run.events[run.events.length - 1];
    expect(end).toMatchObject({
      type: "call-ended",
      endedBy: "script",
      nodeId: "end-hot",
      outcome: "Hot lead",
      aaporCode: "1.1",
      success: true,
      connected: true,
      talkSeconds: 20,
      offsetMs: 20_000,
    });
    // seq increases by one, offsets never go back, event ids are unique.
    expect(run.events.map((e) => e.seq)).toEqual(run.events.map((_, i) => i));
    const offsets = run.events.map((e) => e.offsetMs);
    expect(offsets).toEqual([...offsets].sort((a, b) => a - b));
    expect(new Set(run.events.map((e) => e.eventId)).size).toBe(run.events.length);
  });

  it("produces events that the call-event schema accepts and that fold into the expected record", () => {
    const run = new Driver(everyKindScript());
    run.at(1_000).do({ type: "continue" });
    run.at(2_000).do({ type: "note", text: "Sounds busy" });
    run.at(3_000).do({ type: "answer", answer: { kind: "no" } });
    run.at(4_000).do({ type: "objection", objectionId: "busy" });
    run.at(5_000).do({ type: "continue" });
    run.at(9_000).do({ type: "callback", date: "2026-02-03", time: "14:30", timeZone: "Europe/Budapest" });
    run.at(10_000).do({ type: "continue" });
    for (const event of run.events) expect(callEventProblems(event), JSON.stringify(event)).toEqual([]);
    expect(run.events.every(isCallEvent)).toBe(true);

    const record = foldCallRecord(run.events);
    expect(record).toMatchObject({
      callId: "call1",
      status: "ended",
      connected: true,
      endNodeId: "end-cb",
      endedBy: "script",
      outcome: "Callback scheduled",
      aaporCode: "2.21",
      success: false,
      talkSeconds: 10,
      callback: { nodeId: "cb", callbackAt: "2026-02-03T14:30", timeZone: "Europe/Budapest", undone: false },
      notes: [{ nodeId: "q-yn", text: "Sounds busy" }],
      objections: [{ objectionId: "busy", nodeId: "cb", resolution: { action: "return", toNodeId: "cb" } }],
    });
  });

  it("takes don't know and refused only where the question allows them", () => {
    const run = new Driver(everyKindScript());
    run.do({ type: "continue" });
    run.do({ type: "answer", answer: { kind: "dont-know" } });
    expect(run.node).toBe("cb");
    const other = new Driver(everyKindScript(), { startNodeId: "q-single" });
    expect(domainMessage(() => other.do({ type: "answer", answer: { kind: "dont-know" } }))).toMatch(/takes no “don't know”/);
    other.do({ type: "answer", answer: { kind: "refused" } });
    expect(other.node).toBe("end-cold");
    expect(other.events.find((e) => e.type === "answer")).toMatchObject({ output: "refused", optionIds: [] });
  });

  it("refuses answers that do not fit the question, changing nothing", () => {
    const cases: [string, RunAction, RegExp][] = [
      ["q-yn", { type: "answer", answer: { kind: "option", optionId: "a" } }, /yes\/no question: it takes no single listed answer/],
      ["q-single", { type: "answer", answer: { kind: "yes" } }, /single-choice question: it takes no yes or no/],
      ["q-single", { type: "answer", answer: { kind: "option", optionId: "zz" } }, /has no answer “zz”/],
      ["q-multi", { type: "answer", answer: { kind: "options", optionIds: [] } }, /Choose at least one answer/],
      ["q-scale", { type: "answer", answer: { kind: "scale", value: 6 } }, /whole number from 1 to 5/],
      ["q-scale", { type: "answer", answer: { kind: "scale", value: 2.5 } }, /whole number from 1 to 5/],
      ["q-semi", { type: "answer", answer: { kind: "other", text: "   " } }, /Type the customer's answer/],
      ["q-semi", { type: "answer", answer: { kind: "other", text: "x".repeat(501) } }, /at most 500/],
      ["q-single", { type: "answer", answer: { kind: "other", text: "hm" } }, /own words/],
      ["intro", { type: "answer", answer: { kind: "yes" } }, /is not a question/],
      ["q-yn", { type: "continue" }, /Choose the customer's answer/],
      ["cb", { type: "continue" }, /callback date, time and time zone/],
      ["ref", { type: "continue" }, /referral's name/],
    ];
    for (const [startNodeId, action, message] of cases) {
      const run = new Driver(everyKindScript(), { startNodeId });
      const before = structuredClone(run.state);
      expect(domainMessage(() => run.do(action)), `${startNodeId} ${JSON.stringify(action)}`).toMatch(message);
      expect(run.state).toEqual(before);
    }
  });

  it("says which answer leads nowhere instead of losing the call", () => {
    const script = everyKindScript();
    script.edges = script.edges.filter((e) => !(e.source === "q-yn" && e.sourceHandle === "no"));
    const run = new Driver(script, { startNodeId: "q-yn" });
    expect(domainMessage(() => run.do({ type: "answer", answer: { kind: "no" } }))).toMatch(
      /“Is now a good time\?” \(No\) is not connected to a next step/,
    );
    expect(run.events.filter((e) => e.type === "answer")).toEqual([]);
  });

  it("records a referral with name, role and phone and checks them", () => {
    const run = new Driver(everyKindScript(), { startNodeId: "ref" });
    expect(domainMessage(() => run.do({ type: "referral", name: " ", role: "", phone: "" }))).toMatch(/Enter the name/);
    expect(domainMessage(() => run.do({ type: "referral", name: "Eve", phone: "call me" }))).toMatch(/phone number/);
    run.at(3_000).do({ type: "referral", name: " Eve Smith ", role: "Fleet manager", phone: "+44 20 7946 0000" });
    expect(run.node).toBe("end-ref");
    expect(run.events.find((e) => e.type === "referral")).toMatchObject({
      nodeId: "ref",
      name: "Eve Smith",
      role: "Fleet manager",
      phone: "+44 20 7946 0000",
    });
  });

  it("checks the callback date, time and time zone", () => {
    const run = new Driver(everyKindScript(), { startNodeId: "cb" });
    const tz = "Europe/London";
    expect(domainMessage(() => run.do({ type: "callback", date: "2026-02-30", time: "10:00", timeZone: tz }))).toMatch(/not a date/);
    expect(domainMessage(() => run.do({ type: "callback", date: "3 Feb", time: "10:00", timeZone: tz }))).toMatch(/year-month-day/);
    expect(domainMessage(() => run.do({ type: "callback", date: "2026-02-03", time: "25:00", timeZone: tz }))).toMatch(/hours:minutes/);
    expect(domainMessage(() => run.do({ type: "callback", date: "2026-02-03", time: "10:00", timeZone: "" }))).toMatch(/time zone/);
    run.do({ type: "callback", date: "2028-02-29", time: "09:05", timeZone: tz });
    expect(run.events.find((e) => e.type === "callback")).toMatchObject({ callbackAt: "2028-02-29T09:05", timeZone: tz });
  });
});

describe("conditions", () => {
  it("take the first rule that holds, in order, else the else branch", () => {
    const throughCondition = (scale: number, vip?: string) => {
      const run = new Driver(everyKindScript(), {
        startNodeId: "q-scale",
        mergeValues: vip === undefined ? {} : { vip },
      });
      run.do({ type: "answer", answer: { kind: "scale", value: scale } });
      run.do({ type: "answer", answer: { kind: "option", optionId: "p" } });
      return run.node;
    };
    expect(throughCondition(5, "yes")).toBe("end-hot"); // both hold: the first wins
    expect(throughCondition(2, "yes")).toBe("end-vip");
    expect(throughCondition(2, "false")).toBe("end-cold");
    expect(throughCondition(2)).toBe("end-cold");
  });

  it("evaluates a condition at the start from merge values alone", () => {
    const script = everyKindScript();
    script.edges = script.edges.map((e) => (e.source === "start" ? { ...e, target: "cond" } : e));
    expect(new Driver(script, { mergeValues: { vip: "TRUE" } }).node).toBe("end-vip");
    expect(new Driver(script, { mergeValues: {} }).node).toBe("end-cold");
  });

  it("stops at a condition whose branch leads nowhere, and at a loop of conditions", () => {
    const script = makeScript({
      nodes: [startNode(), conditionNode("c1", []), conditionNode("c2", [])],
      edges: [edge("start", "next", "c1"), edge("c1", "else", "c2"), edge("c2", "else", "c1")],
    });
    const run = new Driver(script);
    expect(["c1", "c2"]).toContain(run.node);
    expect(domainMessage(() => run.do({ type: "continue" }))).toMatch(/not connected to a next step/);
    const dead = makeScript({ nodes: [startNode(), checkpointNode("cp")], edges: [edge("start", "next", "cp")] });
    const stuck = new Driver(dead);
    expect(stuck.node).toBe("cp");
    stuck.do({ type: "agent-end" });
    expect(stuck.state.phase).toBe("outcome");
  });
});

describe("objections", () => {
  it("shows the reply, then returns to the step where it was raised", () => {
    const run = new Driver(everyKindScript(), { startNodeId: "q-single" });
    run.at(1_000).do({ type: "objection", objectionId: "busy" });
    expect(run.state.phase).toBe("objection");
    expect(run.state.objection).toEqual({ objectionId: "busy", nodeId: "q-single" });
    expect(domainMessage(() => run.do({ type: "answer", answer: { kind: "option", optionId: "a" } }))).toMatch(
      /Finish the objection reply first/,
    );
    run.at(4_000).do({ type: "continue" });
    expect(run.state.phase).toBe("step");
    expect(run.node).toBe("q-single");
    expect(run.events.slice(-2)).toMatchObject([
      { type: "objection", objectionId: "busy", nodeId: "q-single", offsetMs: 1_000 },
      { type: "objection-resolved", objectionId: "busy", action: "return", toNodeId: "q-single", offsetMs: 4_000 },
    ]);
    run.do({ type: "answer", answer: { kind: "option", optionId: "a" } });
    expect(run.node).toBe("q-multi");
  });

  it("goes to the handler's step, and Back returns to where the objection was raised", () => {
    const run = new Driver(everyKindScript(), { startNodeId: "q-single" });
    run.do({ type: "objection", objectionId: "mail" });
    run.do({ type: "continue" });
    expect(run.node).toBe("cb");
    expect(run.events.at(-2)).toMatchObject({ type: "objection-resolved", action: "goto", toNodeId: "cb" });
    run.do({ type: "back" });
    expect(run.node).toBe("q-single");
    expect(run.events.at(-1)).toMatchObject({ type: "back", fromNodeId: "cb", toNodeId: "q-single" });
  });

  it("ends the call with the handler's outcome at the step where it was raised", () => {
    const run = new Driver(everyKindScript(), { startNodeId: "q-multi" });
    run.at(7_500).do({ type: "objection", objectionId: "nope" });
    run.at(9_000).do({ type: "continue" });
    expect(run.state.phase).toBe("ended");
    expect(run.events.slice(-2)).toMatchObject([
      { type: "objection-resolved", objectionId: "nope", action: "end" },
      { type: "call-ended", endedBy: "script", nodeId: "q-multi", outcome: "Refused", aaporCode: "2.11", success: false, talkSeconds: 9 },
    ]);
    expect(run.events.at(-2)).not.toHaveProperty("toNodeId");
  });

  it("lets a second objection replace the first, and refuses an unknown one", () => {
    const run = new Driver(everyKindScript(), { startNodeId: "q-yn" });
    run.do({ type: "objection", objectionId: "busy" });
    run.do({ type: "objection", objectionId: "nope" });
    expect(run.state.objection?.objectionId).toBe("nope");
    expect(domainMessage(() => run.do({ type: "objection", objectionId: "ghost" }))).toMatch(/no objection handler “ghost”/);
  });
});

describe("back", () => {
  it("undoes the last step, clears its answer and keeps both in the events", () => {
    const run = new Driver(everyKindScript(), { startNodeId: "q-yn" });
    run.at(1_000).do({ type: "answer", answer: { kind: "yes" } });
    expect(run.node).toBe("q-single");
    expect(canGoBack(run.state)).toBe(true);
    run.at(2_000).do({ type: "back" });
    expect(run.node).toBe("q-yn");
    expect(run.state.stops.at(-1)?.answer).toBeUndefined();
    const step = run.events.find((e) => e.type === "step" && e.nodeId === "q-single");
    expect(run.events.at(-1)).toMatchObject({ type: "back", undoesSeq: step?.seq, fromNodeId: "q-single", toNodeId: "q-yn" });
    expect(run.state.steps.map((s) => [s.nodeId, s.undone])).toEqual([
      ["q-yn", false],
      ["q-single", true],
    ]);
    run.at(3_000).do({ type: "answer", answer: { kind: "no" } });
    expect(run.node).toBe("cb");
    const record = foldCallRecord(run.events);
    expect(record.answers.map((a) => [a.output, a.undone])).toEqual([
      ["yes", true],
      ["no", false],
    ]);
    expect(record.steps.map((s) => [s.nodeId, s.undone])).toEqual([
      ["q-yn", false],
      ["q-single", true],
      ["cb", false],
    ]);
  });

  it("goes back over a condition to the question that fed it, so the condition is evaluated again", () => {
    const run = new Driver(everyKindScript(), { startNodeId: "q-scale" });
    run.do({ type: "answer", answer: { kind: "scale", value: 5 } });
    run.do({ type: "answer", answer: { kind: "option", optionId: "p" } });
    expect(run.node).toBe("end-hot");
    run.do({ type: "back" });
    expect(run.node).toBe("q-semi");
    run.do({ type: "back" });
    expect(run.node).toBe("q-scale");
    run.do({ type: "answer", answer: { kind: "scale", value: 1 } });
    run.do({ type: "answer", answer: { kind: "option", optionId: "p" } });
    expect(run.node).toBe("end-cold");
  });

  it("is refused at the first step and while an objection reply is shown", () => {
    const run = new Driver(everyKindScript());
    expect(canGoBack(run.state)).toBe(false);
    expect(domainMessage(() => run.do({ type: "back" }))).toMatch(/first step/);
    run.do({ type: "continue" });
    run.do({ type: "objection", objectionId: "busy" });
    expect(canGoBack(run.state)).toBe(false);
    expect(domainMessage(() => run.do({ type: "back" }))).toMatch(/Finish the objection reply/);
  });
});

describe("hang-up and agent ended, at any step", () => {
  const allSteps = ["intro", "q-yn", "q-single", "q-multi", "q-scale", "q-semi", "cb", "ref", "end-hot"];

  it.each(allSteps)("the customer hangs up at %s before any answer: refusal implied", (nodeId) => {
    const run = new Driver(everyKindScript(), { startNodeId: nodeId });
    run.at(12_345).do({ type: "hang-up" });
    expect(run.state.phase).toBe("ended");
    const end = run.events.at(-1);
    if (nodeId === "end-hot") {
      expect(end).toMatchObject({ endedBy: "customer", nodeId, outcome: "Hot lead", aaporCode: "1.1" });
    } else {
      expect(end).toMatchObject({
        type: "call-ended",
        endedBy: "customer",
        nodeId,
        outcome: HUNG_UP_BEFORE_ANSWERING.label,
        aaporCode: "2.11",
        success: false,
        talkSeconds: 12.345,
      });
    }
  });

  it.each(allSteps)("the agent ends at %s: the outcome is asked unless the step implies it", (nodeId) => {
    const run = new Driver(everyKindScript(), { startNodeId: nodeId });
    run.at(5_000).do({ type: "agent-end" });
    if (nodeId === "end-hot") {
      expect(run.events.at(-1)).toMatchObject({ type: "call-ended", endedBy: "agent", outcome: "Hot lead" });
      return;
    }
    expect(run.state.phase).toBe("outcome");
    expect(run.events.at(-1)?.type).not.toBe("call-ended");
    run.at(9_000).do({ type: "choose-outcome", outcome: { label: "Wrong number", success: false, disposition: "4.30" } });
    // The call ended when the agent ended it, not when the outcome was chosen.
    expect(run.events.at(-1)).toMatchObject({
      type: "call-ended",
      endedBy: "agent",
      nodeId,
      outcome: "Wrong number",
      aaporCode: "4.30",
      offsetMs: 5_000,
      talkSeconds: 5,
    });
  });

  it("asks for the outcome when the customer hangs up after an answer, and during an objection", () => {
    const run = new Driver(everyKindScript(), { startNodeId: "q-yn" });
    run.do({ type: "answer", answer: { kind: "yes" } });
    run.do({ type: "objection", objectionId: "busy" });
    run.at(3_000).do({ type: "hang-up" });
    expect(run.state.phase).toBe("outcome");
    expect(run.state.pendingEnd).toMatchObject({ endedBy: "customer", nodeId: "q-single", from: "objection" });
    run.do({ type: "note", text: "Line went dead" });
    run.do({ type: "choose-outcome", outcome: { label: "Broke off mid-call", success: false, disposition: "2.12" } });
    expect(run.events.at(-1)).toMatchObject({ endedBy: "customer", nodeId: "q-single", aaporCode: "2.12" });
    expect(domainMessage(() => run.do({ type: "continue" }))).toMatch(/has ended/);
  });

  it("cancels an end chosen by mistake (and Back does the same), returning to where the run was", () => {
    const run = new Driver(everyKindScript(), { startNodeId: "q-single" });
    run.do({ type: "objection", objectionId: "busy" });
    run.do({ type: "agent-end" });
    run.do({ type: "cancel-end" });
    expect(run.state.phase).toBe("objection");
    run.do({ type: "continue" });
    run.do({ type: "agent-end" });
    run.do({ type: "back" });
    expect(run.state.phase).toBe("step");
    expect(run.node).toBe("q-single");
    expect(run.events.some((e) => e.type === "call-ended")).toBe(false);
  });

  it("refuses an outcome without a name or with an unknown AAPOR code", () => {
    const run = new Driver(everyKindScript(), { startNodeId: "q-yn" });
    run.do({ type: "agent-end" });
    expect(domainMessage(() => run.do({ type: "choose-outcome", outcome: { label: " ", success: false, disposition: "2.11" } }))).toMatch(/needs a name/);
    expect(
      domainMessage(() =>
        run.do({ type: "choose-outcome", outcome: { label: "X", success: false, disposition: "9.9" as "2.11" } }),
      ),
    ).toMatch(/not an AAPOR disposition/);
  });

  it("offers the standard outcomes and each distinct outcome of the script", () => {
    const labels = endOutcomeChoices(everyKindScript()).map((o) => `${o.label} ${o.disposition}`);
    expect(labels.slice(0, 2)).toEqual(["Broke off mid-call 2.12", "Refused 2.11"]);
    expect(labels).toContain("Hot lead 1.1");
    expect(labels).toContain("Callback scheduled 2.21");
    expect(labels.filter((l) => l === "Refused 2.11")).toHaveLength(1);
  });
});

describe("notes and the clock", () => {
  it("records notes at the current step and refuses empty ones", () => {
    const run = new Driver(everyKindScript());
    expect(domainMessage(() => run.do({ type: "note", text: "  " }))).toMatch(/empty/);
    run.at(1_500).do({ type: "note", text: " Asked to speak slowly " });
    expect(run.events.at(-1)).toMatchObject({ type: "note", nodeId: "intro", text: "Asked to speak slowly", offsetMs: 1_500 });
  });

  it("never lets offsets go back when the caller's clock does", () => {
    const run = new Driver(everyKindScript());
    run.at(5_000).do({ type: "continue" });
    run.at(4_000).do({ type: "answer", answer: { kind: "yes" } });
    expect(run.events.at(-1)?.offsetMs).toBe(5_000);
  });

  it("does not change the state it was given", () => {
    const run = new Driver(everyKindScript());
    const before = structuredClone(run.state);
    applyRunAction(run.script, run.state, { type: "continue" }, at(10));
    expect(run.state).toEqual(before);
  });
});
