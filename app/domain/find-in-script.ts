import { readingOrder } from "./reading-order";
import { richTextToPlain } from "./rich-text";
import type { Script, ScriptNode } from "./script-types";

export type FindField = "text" | "title" | "option" | "note" | "name" | "outcome" | "rule";

export interface FindMatch {
  nodeId: string;
  field: FindField;
  /** The match with some context, on one line; "…" marks cut text. */
  snippet: string;
  /** Where the match is in `snippet` (UTF-16 offsets), for highlighting. */
  start: number;
  end: number;
  /** The option or rule the match is in. */
  optionId?: string;
  ruleId?: string;
}

const NOT_ASCII = /[^\t\n\r\u0020-\u007e]/;

/** Characters of context on each side of a match. */
const CONTEXT = 30;

/**
 * Finds `query` in the script's steps: texts (merge fields read as `{{key}}`), titles, answers, rules
 * (label, what they check, their value), checkpoint names, outcomes (label and code) and notes.
 * Case-insensitive with Unicode case folding, on NFC-normalised text, so accented and non-Latin text is
 * found as typed. One match per field (per answer, per rule), the steps in reading order (from the start
 * along the outputs, then the unreachable ones), and within a step: title, name, text, answers, rules,
 * outcome, note. An empty query finds nothing.
 */
export function findInScript(script: Script, query: string): FindMatch[] {
  const needle = query.normalize("NFC").trim();
  if (needle === "") return [];
  const pattern = new RegExp(escapeRegExp(needle).replace(/\s+/g, "\\s+"), "iu");
  const out: FindMatch[] = [];
  for (const node of readingOrder(script)) {
    for (const field of fieldsOf(node)) {
      const match = snippetOf(field.value, pattern);
      if (!match) continue;
      out.push({
        nodeId: node.id,
        field: field.field,
        ...match,
        ...(field.optionId !== undefined ? { optionId: field.optionId } : {}),
        ...(field.ruleId !== undefined ? { ruleId: field.ruleId } : {}),
      });
    }
  }
  return out;
}

interface SearchField {
  field: FindField;
  value: string;
  optionId?: string;
  ruleId?: string;
}

function fieldsOf(node: ScriptNode): SearchField[] {
  const fields: SearchField[] = [];
  if ("title" in node && node.title) fields.push({ field: "title", value: node.title });
  switch (node.kind) {
    case "checkpoint":
      fields.push({ field: "name", value: node.name });
      break;
    case "say":
    case "callback":
    case "referral":
      fields.push({ field: "text", value: richTextToPlain(node.text) });
      break;
    case "question":
      fields.push({ field: "text", value: richTextToPlain(node.text) });
      for (const option of node.options) {
        const value = option.code ? `${option.label} (${option.code})` : option.label;
        fields.push({ field: "option", value, optionId: option.id });
      }
      break;
    case "condition":
      for (const rule of node.rules) fields.push({ field: "rule", value: ruleText(rule), ruleId: rule.id });
      break;
    case "end":
      if (node.text) fields.push({ field: "text", value: richTextToPlain(node.text) });
      fields.push({
        field: "outcome",
        value: node.outcome.code ? `${node.outcome.label} (${node.outcome.code})` : node.outcome.label,
      });
      break;
    default:
      break;
  }
  if (node.note) fields.push({ field: "note", value: node.note });
  return fields;
}

function ruleText(rule: Extract<ScriptNode, { kind: "condition" }>["rules"][number]): string {
  const value = Array.isArray(rule.value)
    ? rule.value.join(", ")
    : rule.value === undefined
      ? ""
      : String(rule.value);
  return [rule.label, rule.source === "variable" ? `{{${rule.key}}}` : rule.key, rule.operator, value]
    .filter((part) => part !== undefined && part !== "")
    .join(" ");
}

function snippetOf(
  raw: string,
  pattern: RegExp,
): { snippet: string; start: number; end: number } | undefined {
  // Most fields do not match: reject them on the raw text, normalising only text that could need it.
  if (!pattern.test(raw) && (!NOT_ASCII.test(raw) || !pattern.test(raw.normalize("NFC")))) return undefined;
  // One line: paragraphs and runs of white space become single spaces, so offsets stay simple.
  const text = raw.normalize("NFC").replace(/\s+/g, " ").trim();
  const match = pattern.exec(text);
  if (!match) return undefined;
  let from = Math.max(0, match.index - CONTEXT);
  let to = Math.min(text.length, match.index + match[0].length + CONTEXT);
  // Never cut a surrogate pair (an emoji, a rare Han character) in half.
  if (from > 0 && isLowSurrogate(text.charCodeAt(from))) from--;
  if (to < text.length && isLowSurrogate(text.charCodeAt(to))) to++;
  // Prefer to cut at a space, when there is one near.
  if (from > 0) {
    const space = text.indexOf(" ", from);
    if (space >= 0 && space < match.index) from = space + 1;
  }
  if (to < text.length) {
    const space = text.lastIndexOf(" ", to);
    if (space >= match.index + match[0].length) to = space;
  }
  const before = from > 0 ? "…" : "";
  const after = to < text.length ? "…" : "";
  const start = before.length + (match.index - from);
  return {
    snippet: `${before}${text.slice(from, to)}${after}`,
    start,
    end: start + match[0].length,
  };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
