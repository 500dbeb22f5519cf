import type { ConditionNode, ConditionRule, Variable } from "../script-types";
import type { MergeValues } from "./merge-values";

/**
 * The value an answered question contributes to conditions: "yes"/"no", an option id, "other",
 * "dont-know" or "refused" for one answer; the chosen option ids for a multiple-choice question; the
 * rating for a scale. These are the values the rules editor offers.
 */
export type AnswerValue = string | number | string[];

export interface ConditionInputs {
  variables: readonly Variable[];
  mergeValues: MergeValues;
  /** Answers in effect, by question node id. */
  answers: Readonly<Record<string, AnswerValue>>;
}

/** The output a condition takes: the first rule that holds (`rule:<id>`), else `else`. */
export function evaluateCondition(node: ConditionNode, inputs: ConditionInputs): string {
  const rule = node.rules.find((r) => ruleHolds(r, inputs));
  return rule ? `rule:${rule.id}` : "else";
}

export function ruleHolds(rule: ConditionRule, inputs: ConditionInputs): boolean {
  const actual = rule.source === "answer" ? inputs.answers[rule.key] : variableValue(rule.key, inputs);
  switch (rule.operator) {
    case "is-empty":
      return isEmpty(actual);
    case "is-not-empty":
      return !isEmpty(actual);
    case "equals":
      return !isEmpty(actual) && equals(actual, rule.value);
    case "not-equals":
      return !isEmpty(actual) && !equals(actual, rule.value);
    case "in":
      return !isEmpty(actual) && isIn(actual, rule.value);
    case "not-in":
      return !isEmpty(actual) && !isIn(actual, rule.value);
    case "contains":
      return !isEmpty(actual) && contains(actual, rule.value);
    case "greater-than":
      return compare(actual, rule.value) > 0;
    case "less-than":
      return compare(actual, rule.value) < 0;
  }
}

type Actual = AnswerValue | boolean | undefined;

/** A merge value as its variable's type: booleans and numbers from contact lists arrive as text. */
function variableValue(key: string, inputs: ConditionInputs): Actual {
  const raw = inputs.mergeValues[key];
  if (raw === undefined || raw.trim() === "") return undefined;
  const type = inputs.variables.find((v) => v.key === key)?.type;
  if (type === "boolean") return parseBoolean(raw) ?? raw;
  if (type === "number") {
    const n = Number(raw.trim());
    return Number.isFinite(n) ? n : raw;
  }
  return raw;
}

const TRUE_WORDS = new Set(["true", "yes", "y", "1"]);
const FALSE_WORDS = new Set(["false", "no", "n", "0"]);

function parseBoolean(raw: string): boolean | undefined {
  const word = raw.trim().toLocaleLowerCase();
  return TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : undefined;
}

function isEmpty(actual: Actual): boolean {
  return actual === undefined || actual === "" || (Array.isArray(actual) && actual.length === 0);
}

type RuleValue = ConditionRule["value"];

/** Text compares without regard to case or surrounding space: "Budapest" in a list matches "budapest". */
function same(a: string | number | boolean, b: string | number | boolean): boolean {
  if (typeof a === "boolean" || typeof b === "boolean") {
    const x = typeof a === "boolean" ? a : parseBoolean(String(a));
    const y = typeof b === "boolean" ? b : parseBoolean(String(b));
    return x !== undefined && x === y;
  }
  if (typeof a === "number" || typeof b === "number") {
    const x = Number(a);
    const y = Number(b);
    if (Number.isFinite(x) && Number.isFinite(y) && String(a).trim() !== "" && String(b).trim() !== "") return x === y;
  }
  return String(a).trim().toLocaleLowerCase() === String(b).trim().toLocaleLowerCase();
}

function equals(actual: Actual, value: RuleValue): boolean {
  if (actual === undefined || value === undefined) return false;
  if (Array.isArray(actual)) {
    const wanted = Array.isArray(value) ? value : [value];
    return actual.length === wanted.length && wanted.every((w) => actual.some((a) => same(a, w)));
  }
  if (Array.isArray(value)) return false;
  return same(actual, value);
}

function isIn(actual: Actual, value: RuleValue): boolean {
  if (actual === undefined || value === undefined) return false;
  const list = Array.isArray(value) ? value : [value];
  const items = Array.isArray(actual) ? actual : [actual];
  return items.some((a) => list.some((v) => same(a, v)));
}

function contains(actual: Actual, value: RuleValue): boolean {
  if (actual === undefined || value === undefined) return false;
  const wanted = Array.isArray(value) ? value : [value];
  if (Array.isArray(actual)) return wanted.every((w) => actual.some((a) => same(a, w)));
  const text = String(actual).toLocaleLowerCase();
  return wanted.every((w) => text.includes(String(w).trim().toLocaleLowerCase()));
}

function compare(actual: Actual, value: RuleValue): number {
  if (actual === undefined || Array.isArray(actual) || Array.isArray(value) || value === undefined) return NaN;
  const x = Number(actual);
  const y = Number(value);
  if (typeof actual === "boolean" || typeof value === "boolean") return NaN;
  if (!Number.isFinite(x) || !Number.isFinite(y) || String(actual).trim() === "") return NaN;
  return x - y;
}
