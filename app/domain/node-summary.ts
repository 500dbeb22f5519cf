import { richTextToPlain } from "./rich-text";
import type { ScriptNode } from "./script-types";

export const NODE_KIND_LABELS: Record<ScriptNode["kind"], string> = {
  start: "Start",
  say: "Say",
  question: "Question",
  condition: "Condition",
  callback: "Callback",
  referral: "Referral",
  checkpoint: "Checkpoint",
  end: "End",
};

/** A short name for a node that a writer recognises: its title, else the first words of what it says. */
export function nodeDisplayName(node: ScriptNode, maxLength = 48): string {
  const explicit = "title" in node && node.title ? node.title : undefined;
  const name =
    explicit ??
    (node.kind === "checkpoint"
      ? node.name
      : node.kind === "end"
        ? node.outcome.label
        : node.kind === "start"
          ? "Start"
          : node.kind === "condition"
            ? "Condition"
            : richTextToPlain(node.text).replace(/\s+/g, " "));
  if (!name) return `${NODE_KIND_LABELS[node.kind]} ${node.id}`;
  return name.length > maxLength ? `${name.slice(0, maxLength - 1).trimEnd()}…` : name;
}
