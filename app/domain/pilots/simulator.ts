import type { CallEvent } from "../calls/call-types";
import { DomainError } from "../domain-error";
import { nodeOutputs } from "../node-outputs";
import type { AaporDisposition, Script, ScriptNode } from "../script-types";
import { nodeSpeakingSeconds, objectionSpeakingSeconds } from "../speaking-time";
import { createRandom, type Random } from "../stats/random";
import { blockTemplate } from "./assignment";
import type { CallSummary } from "./call-summary";
import { formatUtc, parseTimestamp } from "./import/timestamp";
import type { Pilot } from "./pilot-types";

/** How customers react to one variant. Every field has a default, so `{}` is a plausible variant. */
export interface VariantBehaviour {
  /** Chance per second that the customer hangs up during the opening (default 0.01: ~26% within 30 s). */
  openingHazardPerSecond?: number;
  /** Chance that the customer hangs up while a step is read, after the opening (default 0.03). */
  stepHangup?: number;
  /** Per node id, the chance of hanging up at that step, instead of the above. */
  hangupAtNode?: Record<string, number>;
  /** Chance of "yes" at a yes-no question (default 0.6). Other questions pick an answer evenly. */
  yesProbability?: number;
  /** Per node id, relative weights of its outputs ("yes", "option:o2", "rule:r1", "else"...). */
  outputWeights?: Record<string, Record<string, number>>;
  /** Chance that the customer raises an objection at a step (default 0.05); one of the script's, evenly. */
  objectionRate?: number;
}

export interface SimulationOptions {
  pilot: Pick<Pilot, "id" | "variants" | "successOutcomes">;
  /** Each variant's frozen script, by variant id. */
  scripts: Readonly<Record<string, Script>>;
  /** Contacts dialled, shared between the variants by their weights in permuted blocks. */
  contacts: number;
  seed: number | string;
  /** Share of dials that reach the person (default 0.35). */
  connectRate?: number;
  /** Seconds counted as the opening for openingHazardPerSecond (default 30). */
  openingSeconds?: number;
  /** Per variant id; missing variants behave with the defaults. */
  behaviour?: Readonly<Record<string, VariantBehaviour>>;
  /** Spread of talk times around the speaking-time estimate: sd of a log-normal factor (default 0.25). */
  talkNoise?: number;
  /** When the first call starts (ISO); later ones follow every `spacingSeconds` (default 20). */
  startAt: string;
  spacingSeconds?: number;
  agents?: readonly string[];
  /** Also produce the calls' events (ADR 0004 shapes), e.g. to benchmark folding and analysis. */
  events?: boolean;
}

export interface SimulationResult {
  summaries: CallSummary[];
  events: CallEvent[];
}

const NON_CONTACT: readonly [AaporDisposition, number][] = [
  ["3.13", 0.55],
  ["2.22", 0.2],
  ["3.12", 0.1],
  ["4.31", 0.1],
  ["2.21", 0.05],
];
const MAX_STEPS = 200;

/**
 * Simulates a pilot's calls over the variants' real scripts: each dial connects or not; a connected call
 * walks the script graph, each step taking its speaking-time estimate times log-normal noise; the
 * customer may hang up (a per-second hazard in the opening, a per-step chance after it), raise objections,
 * and answers questions by the behaviour's weights; ends give the outcome and success. Seeded: the same
 * options give the same calls. For tests of the statistics over many pilots, and for leads to see what a
 * pilot of a given size could show.
 */
export function simulatePilot(options: SimulationOptions): SimulationResult {
  const random = createRandom(options.seed);
  const start = parseTimestamp(options.startAt);
  if (!start.ok) throw new DomainError("invalid", `The simulation start ${start.reason}.`);
  const models = new Map(options.pilot.variants.map((v) => [v.id, buildModel(v.id, options)]));
  const block = blockTemplate(options.pilot.variants);
  const agents = options.agents ?? ["agent-1", "agent-2", "agent-3", "agent-4", "agent-5"];
  const spacing = options.spacingSeconds ?? 20;
  const summaries: CallSummary[] = [];
  const events: CallEvent[] = [];
  let order: string[] = [];
  for (let i = 0; i < options.contacts; i++) {
    if (i % block.length === 0) order = random.shuffle(block);
    const model = models.get(order[i % block.length]);
    if (!model) throw new Error("unreachable: every block variant has a model");
    const call: CallContext = {
      callId: `sim-${i + 1}`,
      contactRef: `c${i + 1}`,
      agent: agents[random.int(agents.length)],
      startMs: start.epochMs + i * spacing * 1000,
      events: options.events ? events : undefined,
      seq: 0,
    };
    summaries.push(simulateCall(call, model, options, random));
  }
  return { summaries, events };
}

interface Model {
  variantId: string;
  versionId: string;
  versionNumber: number;
  script: Script;
  behaviour: VariantBehaviour;
  nodes: Map<string, ScriptNode>;
  seconds: Map<string, number>;
  /** `${source}\u0000${handle}` -> target node id. */
  next: Map<string, string>;
  startId: string;
  success: (node: ScriptNode) => boolean;
}

function buildModel(variantId: string, options: SimulationOptions): Model {
  const script = options.scripts[variantId];
  const variant = options.pilot.variants.find((v) => v.id === variantId);
  if (!script || !variant) throw new DomainError("invalid", `No script was given for variant ${variantId}.`);
  const start = script.nodes.find((n) => n.kind === "start");
  if (!start)
    throw new DomainError("invalid", `“${script.title}” has no start step, so it cannot be simulated.`);
  const next = new Map<string, string>();
  for (const edge of script.edges) {
    const key = `${edge.source}\u0000${edge.sourceHandle}`;
    if (!next.has(key)) next.set(key, edge.target);
  }
  const successIds = new Set(options.pilot.successOutcomes);
  return {
    variantId,
    versionId: variant.versionId,
    versionNumber: variant.versionNumber,
    script,
    behaviour: options.behaviour?.[variantId] ?? {},
    nodes: new Map(script.nodes.map((n) => [n.id, n])),
    seconds: new Map(script.nodes.map((n) => [n.id, nodeSpeakingSeconds(n, script)])),
    next,
    startId: start.id,
    success: (node) =>
      successIds.size > 0 ? successIds.has(node.id) : node.kind === "end" && node.outcome.success,
  };
}

interface CallContext {
  callId: string;
  contactRef: string;
  agent: string;
  startMs: number;
  events: CallEvent[] | undefined;
  seq: number;
}

type EventBody = {
  [K in CallEvent["type"]]: Omit<
    Extract<CallEvent, { type: K }>,
    "schemaVersion" | "eventId" | "callId" | "seq" | "at" | "offsetMs"
  >;
}[CallEvent["type"]];

function emit(call: CallContext, offsetSeconds: number, body: EventBody): void {
  if (!call.events) return;
  const offsetMs = Math.round(offsetSeconds * 1000);
  const seq = call.seq++;
  // The spread keeps the body's own narrowed type; the common fields are the same for every event type.
  call.events.push({
    schemaVersion: 1,
    eventId: `${call.callId}-${seq}`,
    callId: call.callId,
    seq,
    at: formatUtc(call.startMs + offsetMs),
    offsetMs,
    ...body,
  } as CallEvent);
}

function simulateCall(
  call: CallContext,
  model: Model,
  options: SimulationOptions,
  random: Random,
): CallSummary {
  const b = model.behaviour;
  const opening = options.openingSeconds ?? 30;
  const hazard = b.openingHazardPerSecond ?? 0.01;
  const noise = options.talkNoise ?? 0.25;
  emit(call, 0, {
    type: "call-started",
    scriptId: model.script.id,
    source: { kind: "version", versionId: model.versionId, number: model.versionNumber },
    preview: false,
    agent: call.agent,
    pilotId: options.pilot.id,
    variantId: model.variantId,
    contactRef: call.contactRef,
  });
  const base = {
    callId: call.callId,
    variantId: model.variantId,
    contactRef: call.contactRef,
    agent: call.agent,
    startedAt: formatUtc(call.startMs),
  };
  if (!random.bernoulli(options.connectRate ?? 0.35)) {
    const aaporCode = pickWeighted(NON_CONTACT, random);
    emit(call, 0, {
      type: "call-ended",
      endedBy: "agent",
      nodeId: model.startId,
      outcome: "Not reached",
      aaporCode,
      success: false,
      connected: false,
      talkSeconds: 0,
    });
    return {
      ...base,
      connected: false,
      talkSeconds: 0,
      endedBy: "agent",
      aaporCode,
      success: false,
      endNodeId: model.startId,
      reachedNodeIds: [],
      objections: [],
    };
  }
  emit(call, 0, { type: "connected" });

  const reached: string[] = [];
  const reachedSet = new Set<string>();
  const objections: CallSummary["objections"] = [];
  let answered = false;
  let t = 0;
  let nodeId: string | undefined = model.startId;
  const end = (
    endedBy: CallSummary["endedBy"],
    at: string,
    outcome: string,
    aaporCode: AaporDisposition,
    success: boolean,
  ): CallSummary => {
    const talkSeconds = Math.round(t * 10) / 10;
    emit(call, t, {
      type: "call-ended",
      endedBy,
      nodeId: at,
      outcome,
      aaporCode,
      success,
      connected: true,
      talkSeconds,
    });
    return {
      ...base,
      connected: true,
      talkSeconds,
      endedBy,
      aaporCode,
      success,
      endNodeId: at,
      reachedNodeIds: reached,
      objections,
    };
  };
  const hangUp = (at: string) => end("customer", at, "Customer hung up", answered ? "2.12" : "2.11", false);

  for (let steps = 0; nodeId !== undefined && steps < MAX_STEPS; steps++) {
    const node = model.nodes.get(nodeId);
    if (!node) break;
    if (!reachedSet.has(node.id)) {
      reachedSet.add(node.id);
      reached.push(node.id);
    }
    emit(call, t, { type: "step", nodeId: node.id });
    const duration = (model.seconds.get(node.id) ?? 0) * Math.exp(noise * random.normal());
    // Hang-ups: a constant hazard while the opening lasts, then a chance per step read.
    if (duration > 0) {
      const inOpening = Math.max(0, Math.min(t + duration, opening) - t);
      if (inOpening > 0 && hazard > 0) {
        const after = random.exponential(hazard);
        if (after < inOpening) {
          t += after;
          return hangUp(node.id);
        }
      }
      const stepChance = b.hangupAtNode?.[node.id] ?? (t >= opening ? (b.stepHangup ?? 0.03) : 0);
      if (random.bernoulli(stepChance)) {
        t += duration * random.next();
        return hangUp(node.id);
      }
    } else if (b.hangupAtNode?.[node.id] !== undefined && random.bernoulli(b.hangupAtNode[node.id])) {
      return hangUp(node.id);
    }
    t += duration;
    if (node.kind === "end") {
      return end("script", node.id, node.outcome.label, node.outcome.disposition, model.success(node));
    }
    if (duration > 0 && model.script.objections.length > 0 && random.bernoulli(b.objectionRate ?? 0.05)) {
      const objection = model.script.objections[random.int(model.script.objections.length)];
      objections.push({ objectionId: objection.id, nodeId: node.id });
      emit(call, t, { type: "objection", objectionId: objection.id, nodeId: node.id });
      t += objectionSpeakingSeconds(objection, model.script) * Math.exp(noise * random.normal());
      const then = objection.then;
      emit(call, t, {
        type: "objection-resolved",
        objectionId: objection.id,
        action: then.action,
        ...(then.action === "goto" && { toNodeId: then.target }),
      });
      if (then.action === "end")
        return end("script", node.id, then.outcome.label, then.outcome.disposition, then.outcome.success);
      if (then.action === "goto") {
        nodeId = then.target;
        continue;
      }
    }
    const output = chooseOutput(node, model, random);
    if (node.kind === "question" && output !== undefined) {
      answered = true;
      const optionIds = output.startsWith("option:") ? [output.slice("option:".length)] : [];
      emit(call, t, { type: "answer", nodeId: node.id, output, optionIds });
    }
    const target = output === undefined ? undefined : model.next.get(`${node.id}\u0000${output}`);
    if (target === undefined) {
      // A dead end: the agent closes the call where the script stops.
      return end("agent", node.id, "Ended by agent", "1.2", false);
    }
    nodeId = target;
  }
  return end("agent", reached[reached.length - 1] ?? model.startId, "Ended by agent", "1.2", false);
}

function chooseOutput(node: ScriptNode, model: Model, random: Random): string | undefined {
  const outputs = nodeOutputs(node).filter((h) => model.next.has(`${node.id}\u0000${h}`));
  if (outputs.length === 0) return nodeOutputs(node)[0];
  const weights = model.behaviour.outputWeights?.[node.id];
  if (weights)
    return (
      pickWeighted(
        outputs.map((h) => [h, weights[h] ?? 0] as const),
        random,
      ) ?? outputs[0]
    );
  if (
    node.kind === "question" &&
    node.questionType === "yes-no" &&
    outputs.includes("yes") &&
    outputs.includes("no")
  ) {
    return random.bernoulli(model.behaviour.yesProbability ?? 0.6) ? "yes" : "no";
  }
  return outputs[random.int(outputs.length)];
}

function pickWeighted<T>(items: readonly (readonly [T, number])[], random: Random): T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  let u = random.next() * total;
  for (const [item, w] of items) {
    u -= w;
    if (u < 0) return item;
  }
  return items[items.length - 1][0];
}
