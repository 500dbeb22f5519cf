import { AAPOR_DISPOSITIONS } from "../aapor-dispositions";
import { DomainError } from "../domain-error";
import { nodeDisplayName } from "../node-summary";
import { outputLabel } from "../node-outputs";
import type { AaporDisposition, Objection, Outcome, QuestionNode, Script, ScriptNode } from "../script-types";
import type {
  AnswerEvent,
  BackEvent,
  CallbackEvent,
  CallEndedEvent,
  CallEvent,
  CallSource,
  NoteEvent,
  ObjectionEvent,
  ObjectionResolvedEvent,
  ReferralEvent,
  StepEvent,
} from "../calls/call-types";
import { evaluateCondition, type AnswerValue } from "./evaluate-condition";
import type { MergeValues } from "./merge-values";

// The run state machine: what an agent (or a writer rehearsing) does on a call, one action at a time. Each
// action returns the next state and the call events to append (ADR 0004). The caller passes the clock in
// (`at`, `offsetMs`) so the same actions always give the same events.

/** The events a run produces: the call events of ADR 0004. */
export type RunEvent = CallEvent;

/** When an action happened: the wall clock and milliseconds since the call started. */
export interface RunTime {
  at: string;
  offsetMs: number;
}

/** "dialling": a real call before the person answers; previews start at "step". */
export type RunPhase = "dialling" | "step" | "objection" | "outcome" | "ended";
export type EndedBy = CallEndedEvent["endedBy"];

/** A place the run stopped for the agent. Start, condition and checkpoint steps are passed through. */
export interface RunStop {
  nodeId: string;
  /** Step events of the steps passed through on the way here and of this stop; Back undoes them. */
  stepSeqs: number[];
  /** The answer given here when the run moved on (used by conditions; cleared by Back). */
  answer?: AnswerValue;
}

export interface RunStepEntry {
  seq: number;
  nodeId: string;
  offsetMs: number;
  undone: boolean;
}

export interface RunEnd {
  endedBy: EndedBy;
  nodeId: string;
  outcome: string;
  aaporCode: AaporDisposition;
  success: boolean;
  offsetMs: number;
  talkSeconds: number;
}

/** Plain JSON: kept in the browser so a run survives a reload. */
export interface RunState {
  callId: string;
  scriptId: string;
  source: CallSource;
  preview: boolean;
  agent: string;
  startedAt: string;
  mergeValues: MergeValues;
  nextSeq: number;
  lastOffsetMs: number;
  connectedOffsetMs?: number;
  /** Where the script starts once the call connects (the start node, or the "Run from here" node). */
  entryNodeId?: string;
  phase: RunPhase;
  stops: RunStop[];
  steps: RunStepEntry[];
  notes: { seq: number; nodeId: string; text: string; offsetMs: number }[];
  objection?: { objectionId: string; nodeId: string };
  /** Set while the agent chooses the outcome of a call the customer or agent ended. */
  pendingEnd?: { endedBy: "customer" | "agent"; nodeId: string; at: string; offsetMs: number; from: "step" | "objection" };
  ended?: RunEnd;
}

export interface StartRunOptions {
  /** Unique per call, made by the sender (event ids derive from it). */
  callId: string;
  agent: string;
  source: CallSource;
  preview: boolean;
  mergeValues: MergeValues;
  /** Start at this node instead of the start ("Run from here"). */
  startNodeId?: string;
  pilotId?: string;
  variantId?: string;
  /** An opaque contact id, never a name or phone number. */
  contactRef?: string;
  /** Start before anyone answers ("dialling"). Real calls always do; a preview does only when asked. */
  dial?: boolean;
  now: RunTime;
}

/** What the agent chose for a question. */
export type AnswerInput =
  | { kind: "yes" }
  | { kind: "no" }
  | { kind: "option"; optionId: string }
  | { kind: "options"; optionIds: string[] }
  | { kind: "scale"; value: number }
  | { kind: "other"; text: string }
  | { kind: "dont-know" }
  | { kind: "refused" };

export type RunAction =
  | { type: "connect" }
  | { type: "not-connected"; reason: NonContactReason }
  | { type: "continue" }
  | { type: "answer"; answer: AnswerInput }
  | { type: "callback"; date: string; time: string; timeZone: string }
  | { type: "referral"; name: string; role?: string; phone?: string }
  | { type: "objection"; objectionId: string }
  | { type: "back" }
  | { type: "hang-up" }
  | { type: "agent-end" }
  | { type: "choose-outcome"; outcome: Pick<Outcome, "label" | "success" | "disposition"> }
  | { type: "cancel-end" }
  | { type: "note"; text: string };

export interface RunResult {
  state: RunState;
  events: RunEvent[];
}

/** The outcome implied when the customer hangs up before answering anything. */
export const HUNG_UP_BEFORE_ANSWERING: Outcome = {
  label: "Hung up before any answer",
  success: false,
  disposition: "2.11",
};

export type NonContactReason = "no-answer" | "busy" | "answering-machine" | "wrong-number" | "disconnected";

/**
 * Why a dialled call never reached anyone, with the AAPOR final disposition each one is (Standard
 * Definitions, telephone): no answer 3.13, always busy 3.12, answering machine with eligibility unknown
 * 3.14, no eligible respondent at this number 4.70, disconnected number 4.32.
 */
export const NON_CONTACT_OUTCOMES: readonly (Outcome & { reason: NonContactReason })[] = [
  { reason: "no-answer", label: "No answer", success: false, disposition: "3.13" },
  { reason: "busy", label: "Busy", success: false, disposition: "3.12" },
  { reason: "answering-machine", label: "Voicemail / answering machine", success: false, disposition: "3.14" },
  { reason: "wrong-number", label: "Wrong number / not eligible", success: false, disposition: "4.70" },
  { reason: "disconnected", label: "Disconnected number", success: false, disposition: "4.32" },
];

/** Outcomes offered when a call ends early, besides the script's own. */
export const STANDARD_END_OUTCOMES: readonly Outcome[] = [
  { label: "Broke off mid-call", success: false, disposition: "2.12" },
  { label: "Refused", success: false, disposition: "2.11" },
  { label: "Partial interview", success: false, disposition: "1.2" },
  { label: "Not the right person", success: false, disposition: "4.70" },
  { label: "Language barrier", success: false, disposition: "2.33" },
];

const PASS_THROUGH: readonly ScriptNode["kind"][] = ["start", "condition", "checkpoint"];
const MAX_OTHER_TEXT = 500;
const MAX_NOTE = 2000;

export function startRun(script: Script, options: StartRunOptions): RunResult {
  const startNode = options.startNodeId
    ? script.nodes.find((n) => n.id === options.startNodeId)
    : script.nodes.find((n) => n.kind === "start");
  if (!startNode) {
    throw new DomainError(
      "invalid",
      options.startNodeId
        ? `There is no step “${options.startNodeId}” in “${script.title}” to start from.`
        : `“${script.title}” has no start step, so a call cannot begin.`,
    );
  }
  const offsetMs = Math.max(0, Math.round(options.now.offsetMs));
  const state: RunState = {
    callId: options.callId,
    scriptId: script.id,
    source: options.source,
    preview: options.preview,
    agent: options.agent,
    startedAt: options.now.at,
    mergeValues: options.mergeValues,
    nextSeq: 0,
    lastOffsetMs: offsetMs,
    phase: "step",
    stops: [],
    steps: [],
    notes: [],
  };
  const run = new Transition(script, state, options.now);
  run.emit({
    type: "call-started",
    scriptId: script.id,
    source: options.source,
    preview: options.preview,
    agent: options.agent,
    ...(options.pilotId !== undefined ? { pilotId: options.pilotId } : {}),
    ...(options.variantId !== undefined ? { variantId: options.variantId } : {}),
    ...(options.contactRef !== undefined ? { contactRef: options.contactRef } : {}),
    ...(options.startNodeId !== undefined ? { startNodeId: options.startNodeId } : {}),
  });
  run.state.entryNodeId = startNode.id;
  // A real call rings first; a preview has nobody to dial, so it is on the line at once unless the writer
  // wants to rehearse the dialling step too.
  if (options.preview && options.dial !== true) run.connect();
  else run.state.phase = "dialling";
  return run.result();
}

/** Applies one action. Throws a DomainError (changing nothing) when the action does not fit the moment. */
export function applyRunAction(script: Script, state: RunState, action: RunAction, now: RunTime): RunResult {
  if (state.phase === "ended") throw new DomainError("invalid", "This call has ended.");
  const run = new Transition(script, structuredClone(state), now);
  switch (action.type) {
    case "connect":
      run.requirePhase("dialling", "Connecting");
      run.connect();
      break;
    case "not-connected":
      run.notConnected(action.reason);
      break;
    case "continue":
      run.continue();
      break;
    case "answer":
      run.answer(action.answer);
      break;
    case "callback":
      run.callback(action);
      break;
    case "referral":
      run.referral(action);
      break;
    case "objection":
      run.raiseObjection(action.objectionId);
      break;
    case "back":
      run.back();
      break;
    case "hang-up":
      run.end("customer");
      break;
    case "agent-end":
      run.end("agent");
      break;
    case "choose-outcome":
      run.chooseOutcome(action.outcome);
      break;
    case "cancel-end":
      run.cancelEnd();
      break;
    case "note":
      run.note(action.text);
      break;
  }
  return run.result();
}

/** The step the agent is at (where an objection was raised, or where the call ended). */
export function currentNodeId(state: RunState): string {
  return (
    state.ended?.nodeId ??
    state.pendingEnd?.nodeId ??
    state.stops[state.stops.length - 1]?.nodeId ??
    state.entryNodeId ??
    ""
  );
}

/** Answers in effect (undone ones are gone), by question node id: what conditions read. */
export function answersInEffect(state: RunState): Record<string, AnswerValue> {
  const answers: Record<string, AnswerValue> = {};
  for (const stop of state.stops) if (stop.answer !== undefined) answers[stop.nodeId] = stop.answer;
  return answers;
}

/** True when Back can undo something now. */
export function canGoBack(state: RunState): boolean {
  return state.phase === "step" && state.stops.length > 1;
}

/** Whether ending the call now (hang-up or agent) would need the agent to choose an outcome. */
export function impliedEndOutcome(script: Script, state: RunState, endedBy: "customer" | "agent"): Outcome | undefined {
  const node = script.nodes.find((n) => n.id === currentNodeId(state));
  if (node?.kind === "end") return node.outcome;
  if (endedBy === "customer" && Object.keys(answersInEffect(state)).length === 0) return HUNG_UP_BEFORE_ANSWERING;
  return undefined;
}

/**
 * The outcomes offered when a call ends before the script's end: standard AAPOR ones first, then each
 * distinct outcome the script's end steps and objection handlers use.
 */
export function endOutcomeChoices(script: Script): Outcome[] {
  const seen = new Set<string>();
  const choices: Outcome[] = [];
  const add = (o: Outcome) => {
    const key = `${o.label}\u0000${o.disposition}`;
    if (seen.has(key)) return;
    seen.add(key);
    choices.push(o);
  };
  STANDARD_END_OUTCOMES.forEach(add);
  for (const node of script.nodes) if (node.kind === "end") add(node.outcome);
  for (const o of script.objections) if (o.then.action === "end") add(o.then.outcome);
  return choices;
}

/** The output an answer takes at a question ("yes", "option:<id>", "next"...). */
export function answerOutput(node: QuestionNode, answer: AnswerInput): string {
  switch (answer.kind) {
    case "yes":
    case "no":
    case "other":
    case "dont-know":
    case "refused":
      return answer.kind;
    case "option":
      return `option:${answer.optionId}`;
    case "options":
    case "scale":
      return "next";
  }
}

/** The target of a node's output, if it is connected to a step that exists. */
export function outputTarget(script: Script, nodeId: string, output: string): string | undefined {
  const edge = script.edges.find((e) => e.source === nodeId && e.sourceHandle === output);
  return edge && script.nodes.some((n) => n.id === edge.target) ? edge.target : undefined;
}

const VALID_DISPOSITIONS = new Set<string>(AAPOR_DISPOSITIONS.map((d) => d.code));

/** One action's work on a private copy of the state, collecting the events it causes. */
class Transition {
  readonly events: RunEvent[] = [];
  readonly offsetMs: number;

  constructor(
    readonly script: Script,
    readonly state: RunState,
    readonly now: RunTime,
  ) {
    // Events keep their order in time even if the caller's clock stepped back.
    this.offsetMs = Math.max(state.lastOffsetMs, Math.round(now.offsetMs));
  }

  result(): RunResult {
    this.state.lastOffsetMs = this.offsetMs;
    return { state: this.state, events: this.events };
  }

  emit<E extends RunEvent>(body: DistributiveOmit<E, Envelope>, time: RunTime = this.now): number {
    const seq = this.state.nextSeq++;
    const offsetMs = time === this.now ? this.offsetMs : Math.round(time.offsetMs);
    const event = {
      schemaVersion: 1 as const,
      eventId: `${this.state.callId}-${seq}`,
      callId: this.state.callId,
      seq,
      at: time.at,
      offsetMs,
      ...body,
    } as RunEvent; // the body's type fixes which event this is; the envelope is the same for all
    this.events.push(event);
    return seq;
  }

  node(id: string): ScriptNode {
    const node = this.script.nodes.find((n) => n.id === id);
    if (!node) throw new DomainError("invalid", `The step “${id}” is no longer in the script.`);
    return node;
  }

  get stop(): RunStop {
    const stop = this.state.stops[this.state.stops.length - 1];
    if (!stop) throw new DomainError("invalid", "The call has no current step.");
    return stop;
  }

  get current(): ScriptNode {
    return this.node(this.stop.nodeId);
  }

  /** Enters a node and passes through starts, checkpoints and conditions to the next step to show. */
  enter(nodeId: string): void {
    const stepSeqs: number[] = [];
    let node = this.node(nodeId);
    // Conditions can form a loop among themselves; never pass through more steps than the script has.
    for (let hops = 0; ; hops++) {
      const seq = this.emit<StepEvent>({ type: "step", nodeId: node.id });
      stepSeqs.push(seq);
      this.state.steps.push({ seq, nodeId: node.id, offsetMs: this.offsetMs, undone: false });
      const next = PASS_THROUGH.includes(node.kind) ? this.passThrough(node) : undefined;
      if (next === undefined || hops >= this.script.nodes.length) break;
      node = this.node(next);
    }
    this.state.stops.push({ nodeId: node.id, stepSeqs });
    this.state.phase = "step";
  }

  private passThrough(node: ScriptNode): string | undefined {
    const output =
      node.kind === "condition"
        ? evaluateCondition(node, {
            variables: this.script.variables,
            mergeValues: this.state.mergeValues,
            answers: answersInEffect(this.state),
          })
        : "next";
    return outputTarget(this.script, node.id, output);
  }

  requirePhase(phase: RunPhase, what: string): void {
    if (this.state.phase === phase) return;
    const why: Record<RunPhase, string> = {
      dialling: "The call is not connected yet: press Connected (Enter), or record why it did not connect.",
      step: "",
      objection: "Finish the objection reply first (Continue).",
      outcome: "Choose how the call ended first.",
      ended: "This call has ended.",
    };
    throw new DomainError("invalid", `${what} is not possible now. ${why[this.state.phase]}`.trim());
  }

  /** The person answered: early rejection and talk time are timed from here. */
  connect(): void {
    const entry = this.state.entryNodeId;
    if (entry === undefined) throw new DomainError("invalid", "The call has no step to start from.");
    this.emit({ type: "connected" });
    this.state.connectedOffsetMs = this.offsetMs;
    this.enter(entry);
  }

  notConnected(reason: NonContactReason): void {
    this.requirePhase("dialling", "Recording that the call did not connect");
    const outcome = NON_CONTACT_OUTCOMES.find((o) => o.reason === reason);
    if (!outcome) throw new DomainError("invalid", `“${reason}” is not a reason a call does not connect.`);
    this.finish("agent", outcome, this.now);
  }

  continue(): void {
    if (this.state.phase === "objection") return this.resolveObjection();
    this.requirePhase("step", "Continue");
    const node = this.current;
    switch (node.kind) {
      case "say":
        return this.follow(node, "next");
      case "end":
        return this.finish("script", node.outcome, this.now);
      case "question":
        throw new DomainError("invalid", `Choose the customer's answer to “${nodeDisplayName(node)}” first.`);
      case "callback":
        throw new DomainError("invalid", "Enter the callback date, time and time zone first.");
      case "referral":
        throw new DomainError("invalid", "Enter the referral's name first.");
      default:
        throw leadsNowhere(node, "next");
    }
  }

  private follow(node: ScriptNode, output: string): void {
    const target = outputTarget(this.script, node.id, output);
    if (target === undefined) throw leadsNowhere(node, output);
    this.enter(target);
  }

  answer(answer: AnswerInput): void {
    this.requirePhase("step", "Answering");
    const node = this.current;
    if (node.kind !== "question") throw new DomainError("invalid", `“${nodeDisplayName(node)}” is not a question.`);
    const { value, optionIds, otherText } = checkAnswer(node, answer);
    const output = answerOutput(node, answer);
    if (outputTarget(this.script, node.id, output) === undefined) throw leadsNowhere(node, output);
    this.emit<AnswerEvent>({
      type: "answer",
      nodeId: node.id,
      output,
      optionIds,
      ...(otherText !== undefined ? { otherText } : {}),
      ...(answer.kind === "scale" ? { value: answer.value } : {}),
    });
    this.stop.answer = value;
    this.follow(node, output);
  }

  callback(input: { date: string; time: string; timeZone: string }): void {
    this.requirePhase("step", "A callback");
    const node = this.current;
    if (node.kind !== "callback") throw new DomainError("invalid", `“${nodeDisplayName(node)}” does not ask for a callback.`);
    const callbackAt = checkCallbackTime(input.date, input.time);
    const timeZone = input.timeZone.trim();
    if (!/^[A-Za-z][A-Za-z0-9_+/-]{0,63}$/.test(timeZone)) {
      throw new DomainError("invalid", "Choose the time zone of the callback, e.g. Europe/London.");
    }
    if (outputTarget(this.script, node.id, "next") === undefined) throw leadsNowhere(node, "next");
    this.emit<CallbackEvent>({ type: "callback", nodeId: node.id, callbackAt, timeZone });
    this.follow(node, "next");
  }

  referral(input: { name: string; role?: string; phone?: string }): void {
    this.requirePhase("step", "A referral");
    const node = this.current;
    if (node.kind !== "referral") throw new DomainError("invalid", `“${nodeDisplayName(node)}” does not ask for a referral.`);
    const name = input.name.trim();
    const role = input.role?.trim() ?? "";
    const phone = input.phone?.trim() ?? "";
    if (!name) throw new DomainError("invalid", "Enter the name of the person to talk to.");
    if (name.length > 200) throw new DomainError("invalid", "The referral's name is longer than 200 characters.");
    if (role.length > 200) throw new DomainError("invalid", "The referral's role is longer than 200 characters.");
    if (phone && !/^\+?[0-9][0-9 ().\-/]{2,38}$/.test(phone)) {
      throw new DomainError("invalid", "The referral's phone number should have digits only (spaces, +, - and brackets allowed).");
    }
    if (outputTarget(this.script, node.id, "next") === undefined) throw leadsNowhere(node, "next");
    this.emit<ReferralEvent>({
      type: "referral",
      nodeId: node.id,
      name,
      ...(role ? { role } : {}),
      ...(phone ? { phone } : {}),
    });
    this.follow(node, "next");
  }

  raiseObjection(objectionId: string): void {
    if (this.state.phase !== "objection") this.requirePhase("step", "Raising an objection");
    const objection = this.script.objections.find((o) => o.id === objectionId);
    if (!objection) throw new DomainError("invalid", `There is no objection handler “${objectionId}” in this script.`);
    const nodeId = this.stop.nodeId;
    this.emit<ObjectionEvent>({ type: "objection", objectionId, nodeId });
    this.state.objection = { objectionId, nodeId };
    this.state.phase = "objection";
  }

  private resolveObjection(): void {
    const raised = this.state.objection;
    const objection: Objection | undefined = this.script.objections.find((o) => o.id === raised?.objectionId);
    if (!raised || !objection) throw new DomainError("invalid", "There is no objection to continue from.");
    const then = objection.then;
    if (then.action === "return") {
      this.emit<ObjectionResolvedEvent>({
        type: "objection-resolved",
        objectionId: objection.id,
        action: "return",
        toNodeId: raised.nodeId,
      });
      delete this.state.objection;
      this.state.phase = "step";
    } else if (then.action === "goto") {
      if (!this.script.nodes.some((n) => n.id === then.target)) {
        throw new DomainError(
          "invalid",
          `The objection handler “${objection.label}” leads to a step that is not in the script.`,
        );
      }
      this.emit<ObjectionResolvedEvent>({
        type: "objection-resolved",
        objectionId: objection.id,
        action: "goto",
        toNodeId: then.target,
      });
      delete this.state.objection;
      this.enter(then.target);
    } else {
      this.emit<ObjectionResolvedEvent>({ type: "objection-resolved", objectionId: objection.id, action: "end" });
      delete this.state.objection;
      this.finish("script", then.outcome, this.now);
    }
  }

  back(): void {
    if (this.state.phase === "outcome") return this.cancelEnd();
    this.requirePhase("step", "Back");
    if (this.state.stops.length < 2) throw new DomainError("invalid", "This is the first step: there is nothing to go back to.");
    const undone = this.state.stops.pop();
    if (!undone) return;
    const previous = this.stop;
    delete previous.answer;
    const undoneSeqs = new Set(undone.stepSeqs);
    for (const step of this.state.steps) if (undoneSeqs.has(step.seq)) step.undone = true;
    // The first step of the move being undone: the fold marks it and the answer that led to it undone.
    this.emit<BackEvent>({
      type: "back",
      undoesSeq: undone.stepSeqs[0],
      fromNodeId: undone.nodeId,
      toNodeId: previous.nodeId,
    });
  }

  end(endedBy: "customer" | "agent"): void {
    // Someone picked up and hung up straight away: a connected call refused at the first words.
    if (this.state.phase === "dialling" && endedBy === "customer") this.connect();
    const from = this.state.phase;
    if (from !== "step" && from !== "objection") this.requirePhase("step", "Ending the call");
    const implied = impliedEndOutcome(this.script, this.state, endedBy);
    if (implied) return this.finish(endedBy, implied, this.now);
    this.state.pendingEnd = {
      endedBy,
      nodeId: this.stop.nodeId,
      at: this.now.at,
      offsetMs: this.offsetMs,
      from: from === "objection" ? "objection" : "step",
    };
    this.state.phase = "outcome";
  }

  chooseOutcome(outcome: Pick<Outcome, "label" | "success" | "disposition">): void {
    this.requirePhase("outcome", "Choosing an outcome");
    const pending = this.state.pendingEnd;
    if (!pending) throw new DomainError("invalid", "The call is not waiting for an outcome.");
    const label = outcome.label.trim();
    if (!label || label.length > 100) throw new DomainError("invalid", "The outcome needs a name of 1 to 100 characters.");
    if (!VALID_DISPOSITIONS.has(outcome.disposition)) {
      throw new DomainError("invalid", `“${outcome.disposition}” is not an AAPOR disposition code.`);
    }
    this.finish(pending.endedBy, { ...outcome, label }, { at: pending.at, offsetMs: pending.offsetMs });
  }

  cancelEnd(): void {
    this.requirePhase("outcome", "Cancelling the end of the call");
    this.state.phase = this.state.pendingEnd?.from ?? "step";
    delete this.state.pendingEnd;
  }

  note(text: string): void {
    const trimmed = text.trim();
    if (!trimmed) throw new DomainError("invalid", "The note is empty.");
    if (trimmed.length > MAX_NOTE) throw new DomainError("invalid", `A note can be at most ${MAX_NOTE} characters.`);
    const nodeId = currentNodeId(this.state);
    const seq = this.emit<NoteEvent>({ type: "note", nodeId, text: trimmed });
    this.state.notes.push({ seq, nodeId, text: trimmed, offsetMs: this.offsetMs });
  }

  private finish(endedBy: EndedBy, outcome: Pick<Outcome, "label" | "success" | "disposition">, time: RunTime): void {
    const nodeId = currentNodeId(this.state);
    const endOffset = time === this.now ? this.offsetMs : Math.round(time.offsetMs);
    const connected = this.state.connectedOffsetMs !== undefined;
    const talkSeconds = connected ? Math.max(0, endOffset - (this.state.connectedOffsetMs ?? 0)) / 1000 : 0;
    this.emit<CallEndedEvent>(
      {
        type: "call-ended",
        endedBy,
        nodeId,
        outcome: outcome.label,
        aaporCode: outcome.disposition,
        success: outcome.success,
        connected,
        talkSeconds,
      },
      time,
    );
    this.state.ended = {
      endedBy,
      nodeId,
      outcome: outcome.label,
      aaporCode: outcome.disposition,
      success: outcome.success,
      offsetMs: endOffset,
      talkSeconds,
    };
    delete this.state.pendingEnd;
    delete this.state.objection;
    this.state.phase = "ended";
  }
}

type Envelope = "schemaVersion" | "eventId" | "callId" | "seq" | "at" | "offsetMs";
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function leadsNowhere(node: ScriptNode, output: string): DomainError {
  const answer = output === "next" ? "" : ` (${outputLabel(node, output)})`;
  return new DomainError(
    "invalid",
    `The step “${nodeDisplayName(node)}”${answer} is not connected to a next step. Connect it in the editor, or end the call.`,
    [{ path: `node “${nodeDisplayName(node)}” (${node.id})`, message: `output ${output} leads nowhere`, nodeId: node.id }],
  );
}

function checkAnswer(
  node: QuestionNode,
  answer: AnswerInput,
): { value: AnswerValue; optionIds: string[]; otherText?: string } {
  const type = node.questionType;
  const wrong = (what: string) =>
    new DomainError("invalid", `“${nodeDisplayName(node)}” is a ${QUESTION_TYPE_NAMES[type]} question: it takes no ${what}.`);
  const optionOf = (id: string) => {
    if (!node.options.some((o) => o.id === id)) {
      throw new DomainError("invalid", `“${nodeDisplayName(node)}” has no answer “${id}”.`);
    }
    return id;
  };
  switch (answer.kind) {
    case "yes":
    case "no":
      if (type !== "yes-no") throw wrong("yes or no");
      return { value: answer.kind, optionIds: [] };
    case "option":
      if (type !== "single" && type !== "semi-open") throw wrong("single listed answer");
      return { value: optionOf(answer.optionId), optionIds: [answer.optionId] };
    case "options": {
      if (type !== "multiple") throw wrong("several answers");
      const ids = [...new Set(answer.optionIds)].map(optionOf);
      if (ids.length === 0) throw new DomainError("invalid", `Choose at least one answer to “${nodeDisplayName(node)}”.`);
      return { value: ids, optionIds: ids };
    }
    case "scale": {
      if (type !== "scale") throw wrong("rating");
      const { min, max } = node.scale ?? { min: 1, max: 5 };
      if (!Number.isInteger(answer.value) || answer.value < min || answer.value > max) {
        throw new DomainError("invalid", `The rating must be a whole number from ${min} to ${max}.`);
      }
      return { value: answer.value, optionIds: [] };
    }
    case "other": {
      if (type !== "semi-open") throw wrong("answer in the customer's own words");
      const text = answer.text.trim();
      if (!text) throw new DomainError("invalid", "Type the customer's answer in the “Other” field.");
      if (text.length > MAX_OTHER_TEXT) {
        throw new DomainError("invalid", `The “Other” answer can be at most ${MAX_OTHER_TEXT} characters.`);
      }
      return { value: "other", optionIds: [], otherText: text };
    }
    case "dont-know":
      if (!node.allowDontKnow) throw wrong("“don't know”");
      return { value: "dont-know", optionIds: [] };
    case "refused":
      if (!node.allowRefused) throw wrong("“refused”");
      return { value: "refused", optionIds: [] };
  }
}

const QUESTION_TYPE_NAMES: Record<QuestionNode["questionType"], string> = {
  "yes-no": "yes/no",
  single: "single-choice",
  multiple: "multiple-choice",
  scale: "rating",
  "semi-open": "semi-open",
};

/** "2026-12-01" + "14:30" as a local date-time, checking that the day exists. */
function checkCallbackTime(date: string, time: string): string {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  if (!d) throw new DomainError("invalid", "Enter the callback date as year-month-day, e.g. 2026-12-01.");
  const [year, month, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new DomainError("invalid", `${date.trim()} is not a date in the calendar.`);
  }
  const t = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time.trim());
  if (!t) throw new DomainError("invalid", "Enter the callback time as hours:minutes, e.g. 14:30.");
  return `${d[1]}-${d[2]}-${d[3]}T${t[1]}:${t[2]}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
