import type { NodeKind } from "~/domain/script-types";

/** The kinds a writer can add, with a one-line explanation shown in the palette. */
export const ADDABLE_KINDS: readonly { kind: NodeKind; label: string; hint: string }[] = [
  { kind: "say", label: "Say", hint: "Something the agent says" },
  { kind: "question", label: "Question", hint: "A closed question with one branch per answer" },
  { kind: "condition", label: "Condition", hint: "Branch on a merge field or an earlier answer" },
  { kind: "checkpoint", label: "Checkpoint", hint: "A milestone, e.g. pitch delivered" },
  { kind: "callback", label: "Callback", hint: "Ask for a time to call back" },
  { kind: "referral", label: "Referral", hint: "Ask who else to talk to" },
  { kind: "end", label: "End", hint: "An outcome of the call" },
  { kind: "start", label: "Start", hint: "Where the call begins (one per script)" },
];
