import type { ScriptNode } from "./script-types";

/**
 * The outputs (React Flow source handles, edge `sourceHandle`s) a node offers, in the order they are drawn.
 * One output per answer, so a branch is drawn from the answer that causes it.
 */
export function nodeOutputs(node: ScriptNode): string[] {
  switch (node.kind) {
    case "end":
      return [];
    case "condition":
      return [...node.rules.map((r) => `rule:${r.id}`), "else"];
    case "question": {
      const answers =
        node.questionType === "yes-no"
          ? ["yes", "no"]
          : node.questionType === "single"
            ? node.options.map((o) => `option:${o.id}`)
            : node.questionType === "semi-open"
              ? [...node.options.map((o) => `option:${o.id}`), "other"]
              : ["next"];
      if (node.allowDontKnow) answers.push("dont-know");
      if (node.allowRefused) answers.push("refused");
      return answers;
    }
    default:
      return ["next"];
  }
}

/** A label for an output that a writer recognises: the option's label, the rule's label, "Yes", "Else"... */
export function outputLabel(node: ScriptNode, handle: string): string {
  if (handle.startsWith("option:") && node.kind === "question") {
    const option = node.options.find((o) => `option:${o.id}` === handle);
    return option?.label || "(unnamed option)";
  }
  if (handle.startsWith("rule:") && node.kind === "condition") {
    const index = node.rules.findIndex((r) => `rule:${r.id}` === handle);
    const rule = node.rules[index];
    return rule ? rule.label || `Rule ${index + 1}` : "(missing rule)";
  }
  return FIXED_LABELS[handle] ?? handle;
}

const FIXED_LABELS: Record<string, string> = {
  next: "Next",
  yes: "Yes",
  no: "No",
  other: "Other",
  "dont-know": "Don't know",
  refused: "Refused",
  else: "Else",
};
