import { mergeFieldKeys } from "~/domain/rich-text";
import type { Objection, ScriptNode } from "~/domain/script-types";

/**
 * How many places use each merge field: every text (step, end, objection reply) that shows it, and every
 * condition rule that checks it. Renaming a field rewrites all of them; removing it leaves them undeclared.
 */
export function mergeFieldUses(
  nodes: readonly ScriptNode[],
  objections: readonly Objection[],
): Map<string, number> {
  const uses = new Map<string, number>();
  const count = (key: string) => uses.set(key, (uses.get(key) ?? 0) + 1);
  for (const node of nodes) {
    if (node.kind === "condition") {
      for (const rule of node.rules) if (rule.source === "variable") count(rule.key);
    } else if ("text" in node) {
      for (const key of mergeFieldKeys(node.text)) count(key);
    }
  }
  for (const objection of objections) for (const key of mergeFieldKeys(objection.reply)) count(key);
  return uses;
}

/** "firstName" or "first_name" → "First name": a starting label for a new merge field. */
export function labelFromKey(key: string): string {
  const words = key
    .replace(/_+/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
