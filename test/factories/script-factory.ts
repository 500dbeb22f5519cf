// Small, readable script documents for tests. Every builder returns plain schema-typed data; pass only what
// the test is about and let the defaults fill the rest. Ids are derived from arguments, never from counters,
// so a test's document does not depend on which tests ran before it.
import { richTextFromPlain } from "~/domain/rich-text";
import type {
  CallbackNode,
  CheckpointNode,
  ConditionNode,
  ConditionRule,
  Edge,
  EndNode,
  Objection,
  ObjectionFollowUp,
  Option,
  Outcome,
  QuestionNode,
  ReferralNode,
  SayNode,
  Script,
  StartNode,
  Variable,
} from "~/domain/script-types";

export const FIXED_NOW = "2025-01-15T09:00:00.000Z";

const ORIGIN = { x: 0, y: 0 };

export function makeScript(partial: Partial<Script> = {}): Script {
  return {
    schemaVersion: 1,
    id: "test-script",
    kind: "call-script",
    title: "Test script",
    language: "en",
    tags: [],
    revision: 0,
    createdAt: FIXED_NOW,
    updatedAt: FIXED_NOW,
    variables: [],
    nodes: [],
    edges: [],
    objections: [],
    ...partial,
  };
}

export function startNode(id = "start", extra: Partial<StartNode> = {}): StartNode {
  return { id, kind: "start", position: ORIGIN, ...extra };
}

/** `text` is plain text; `{{key}}` becomes a merge field. */
export function sayNode(id: string, text: string, extra: Partial<SayNode> = {}): SayNode {
  return { id, kind: "say", position: ORIGIN, text: richTextFromPlain(text), ...extra };
}

/**
 * A question. `options` may be labels (ids become `<node id>-o1`, `-o2`...) or full options.
 * Yes-no and scale questions take no options; scale questions get a 1-5 scale unless `extra.scale` says otherwise.
 */
export function questionNode(
  id: string,
  text: string,
  questionType: QuestionNode["questionType"] = "yes-no",
  options: (string | Option)[] = [],
  extra: Partial<QuestionNode> = {},
): QuestionNode {
  return {
    id,
    kind: "question",
    position: ORIGIN,
    text: richTextFromPlain(text),
    questionType,
    options: options.map((o, k) => (typeof o === "string" ? { id: `${id}-o${k + 1}`, label: o } : o)),
    ...(questionType === "scale" ? { scale: { min: 1, max: 5 } } : {}),
    ...extra,
  };
}

export function conditionNode(
  id: string,
  rules: ConditionRule[],
  extra: Partial<ConditionNode> = {},
): ConditionNode {
  return { id, kind: "condition", position: ORIGIN, rules, ...extra };
}

export function rule(
  id: string,
  source: ConditionRule["source"],
  key: string,
  extra: Partial<ConditionRule> = {},
): ConditionRule {
  return { id, source, key, operator: "equals", value: true, ...extra };
}

export function checkpointNode(
  id: string,
  name = "Pitch delivered",
  extra: Partial<CheckpointNode> = {},
): CheckpointNode {
  return { id, kind: "checkpoint", position: ORIGIN, name, ...extra };
}

export function callbackNode(id: string, text: string, extra: Partial<CallbackNode> = {}): CallbackNode {
  return { id, kind: "callback", position: ORIGIN, text: richTextFromPlain(text), ...extra };
}

export function referralNode(id: string, text: string, extra: Partial<ReferralNode> = {}): ReferralNode {
  return { id, kind: "referral", position: ORIGIN, text: richTextFromPlain(text), ...extra };
}

export function outcome(label = "Completed", extra: Partial<Outcome> = {}): Outcome {
  return { label, success: true, disposition: "1.1", ...extra };
}

export function endNode(id: string, label = "Completed", extra: Partial<EndNode> = {}): EndNode {
  return { id, kind: "end", position: ORIGIN, outcome: outcome(label), ...extra };
}

/** An edge with id `<source>-<handle>-<target>` (":" in option/rule handles becomes "_"). */
export function edge(source: string, sourceHandle: string, target: string, id?: string): Edge {
  return { id: id ?? `${source}-${sourceHandle.replace(":", "_")}-${target}`, source, sourceHandle, target };
}

export function variable(key: string, extra: Partial<Variable> = {}): Variable {
  return { key, label: key, type: "text", required: false, ...extra };
}

export function objection(
  id: string,
  label: string,
  reply: string,
  then: ObjectionFollowUp = { action: "return" },
  extra: Partial<Objection> = {},
): Objection {
  return { id, label, reply: richTextFromPlain(reply), then, ...extra };
}

/** start -> say "Hello" -> end: the smallest script with no findings. */
export function minimalScript(partial: Partial<Script> = {}): Script {
  return makeScript({
    nodes: [startNode(), sayNode("hello", "Hello, this is ScriptPilot."), endNode("done")],
    edges: [edge("start", "next", "hello"), edge("hello", "next", "done")],
    ...partial,
  });
}
