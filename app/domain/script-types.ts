// The script document's types, generated from schemas/script.v1.schema.json (see tools/gen-types.js).
export type {
  Script,
  ScriptNode,
  StartNode,
  SayNode,
  QuestionNode,
  ConditionNode,
  ConditionRule,
  CallbackNode,
  ReferralNode,
  CheckpointNode,
  EndNode,
  Edge,
  Objection,
  ObjectionFollowUp,
  Option,
  Outcome,
  Variable,
  RichText,
  RichNode,
  Position,
  ScriptSettings,
  AaporDisposition,
} from "~/types/generated/script.v1";

import type { Script } from "~/types/generated/script.v1";

export type ScriptKind = Script["kind"];
export type NodeKind = Script["nodes"][number]["kind"];

export const NODE_KINDS: readonly NodeKind[] = [
  "start",
  "say",
  "question",
  "condition",
  "callback",
  "referral",
  "checkpoint",
  "end",
];

export const CURRENT_SCRIPT_SCHEMA_VERSION = 1;
