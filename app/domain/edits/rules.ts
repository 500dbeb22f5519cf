import { DomainError } from "../domain-error";
import type { ConditionNode, ConditionRule, Script } from "../script-types";
import {
  applyPatch,
  checkLength,
  moveItem,
  plain,
  removeEdgesWhere,
  requireId,
  requireNodeOfKind,
  writableNode,
} from "./draft";

const MAX_RULES = 50;
const RULE_FIELDS = ["label", "source", "key", "operator", "value"] as const;

export type AddRuleArgs = { nodeId: string; id: string; index?: number } & Partial<Omit<ConditionRule, "id">>;

/**
 * Adds a rule to a condition, before "else". Unspecified fields default to a check that the script's first
 * merge field is filled in (`is-not-empty`), which the writer then edits. Returns the rule.
 */
export function addRule(d: Script, { nodeId, id, index, ...fields }: AddRuleArgs): ConditionRule {
  requireId(id, "a rule");
  const { index: at, node } = requireNodeOfKind(d, nodeId, "condition");
  if (node.rules.length >= MAX_RULES) {
    throw new DomainError("too-large", `A condition can have at most ${MAX_RULES} rules.`);
  }
  if (node.rules.some((r) => r.id === id)) {
    throw new DomainError("conflict", `This condition already has a rule with the id “${id}”.`);
  }
  const source = fields.source ?? "variable";
  const key = fields.key ?? (source === "variable" ? plain(d.variables)[0]?.key : undefined) ?? "field";
  const rule: ConditionRule = {
    id,
    ...(fields.label !== undefined ? { label: fields.label } : {}),
    source,
    key,
    operator: fields.operator ?? "is-not-empty",
    ...(fields.value !== undefined ? { value: fields.value } : {}),
  };
  validateRule(rule);
  const rules = (writableNode(d, at) as ConditionNode).rules;
  if (index === undefined || index >= rules.length) rules.push(rule);
  else rules.splice(Math.max(0, Math.trunc(index)), 0, rule);
  return rule;
}

export interface UpdateRuleArgs {
  nodeId: string;
  ruleId: string;
  /** `undefined` removes label or value. */
  patch: Partial<Omit<ConditionRule, "id">>;
}

export function updateRule(d: Script, { nodeId, ruleId, patch }: UpdateRuleArgs): void {
  const { index, node } = requireNodeOfKind(d, nodeId, "condition");
  const k = ruleIndex(node, ruleId);
  for (const key of ["source", "key", "operator"] as const) {
    if (key in patch && patch[key] === undefined) {
      throw new DomainError("invalid", `A rule must keep its ${key}.`);
    }
  }
  validateRule({ ...node.rules[k], ...patch });
  const draft = (writableNode(d, index) as ConditionNode).rules[k];
  applyPatch(draft as unknown as Record<string, unknown>, patch, RULE_FIELDS, "A rule");
}

export interface RemoveRuleArgs {
  nodeId: string;
  ruleId: string;
}

/** Removes a rule and the connection drawn from it. Returns the ids of removed connections. */
export function removeRule(d: Script, { nodeId, ruleId }: RemoveRuleArgs): string[] {
  const { index, node } = requireNodeOfKind(d, nodeId, "condition");
  const k = ruleIndex(node, ruleId);
  (writableNode(d, index) as ConditionNode).rules.splice(k, 1);
  if (node.rules.some((r, i) => i !== k && r.id === ruleId)) return [];
  const handle = `rule:${ruleId}`;
  return removeEdgesWhere(d, (e) => e.source === nodeId && e.sourceHandle === handle);
}

export interface MoveRuleArgs {
  nodeId: string;
  ruleId: string;
  toIndex: number;
}

/** Reorders a rule: rules are tried in order, so this changes which branch wins. */
export function moveRule(d: Script, { nodeId, ruleId, toIndex }: MoveRuleArgs): void {
  const { index, node } = requireNodeOfKind(d, nodeId, "condition");
  const k = ruleIndex(node, ruleId);
  if (k === toIndex) return;
  moveItem((writableNode(d, index) as ConditionNode).rules, k, toIndex);
}

function ruleIndex(node: ConditionNode, ruleId: string): number {
  const k = node.rules.findIndex((r) => r.id === ruleId);
  if (k < 0) throw new DomainError("not-found", `The condition has no rule “${ruleId}”.`);
  return k;
}

const SOURCES = ["variable", "answer"];
const OPERATORS = [
  "equals",
  "not-equals",
  "in",
  "not-in",
  "contains",
  "greater-than",
  "less-than",
  "is-empty",
  "is-not-empty",
];

function validateRule(rule: ConditionRule): void {
  if (rule.label !== undefined) checkLength(rule.label, 0, 100, "A rule's label");
  if (!SOURCES.includes(rule.source))
    throw new DomainError("invalid", `A rule cannot check “${rule.source}”.`);
  checkLength(rule.key, 1, 64, "What a rule checks");
  if (!OPERATORS.includes(rule.operator)) {
    throw new DomainError("invalid", `“${rule.operator}” is not a comparison a rule can make.`);
  }
  const value = rule.value;
  if (typeof value === "string") checkLength(value, 0, 500, "A rule's value");
  else if (Array.isArray(value)) {
    if (value.length > 100) throw new DomainError("invalid", "A rule can compare with at most 100 values.");
    for (const v of value) {
      if (typeof v !== "string") throw new DomainError("invalid", "A rule's list of values holds text only.");
      checkLength(v, 0, 500, "A rule's value");
    }
  } else if (value !== undefined && typeof value !== "number" && typeof value !== "boolean") {
    throw new DomainError("invalid", "A rule's value must be text, a number, yes/no or a list of texts.");
  } else if (typeof value === "number" && !Number.isFinite(value)) {
    throw new DomainError("invalid", "A rule's value must be a finite number.");
  }
}
