import { DomainError } from "../domain-error";
import type { Option, QuestionNode, Script } from "../script-types";
import {
  applyPatch,
  checkLength,
  moveItem,
  removeEdgesWhere,
  requireId,
  requireNodeOfKind,
  writableNode,
} from "./draft";

const MAX_OPTIONS = 50;
const OPTION_FIELDS = ["label", "code", "pinned"] as const;

export interface AddOptionArgs {
  nodeId: string;
  id: string;
  label: string;
  code?: string;
  /** Where to insert it; at the end when absent. */
  index?: number;
}

/** Adds an answer to a single-choice, multiple-choice or semi-open question. Returns the option. */
export function addOption(d: Script, { nodeId, id, label, code, index }: AddOptionArgs): Option {
  requireId(id, "an answer");
  const { index: at, node } = requireNodeOfKind(d, nodeId, "question");
  if (node.questionType === "yes-no" || node.questionType === "scale") {
    throw new DomainError(
      "invalid",
      `A ${node.questionType === "yes-no" ? "yes/no" : "rating-scale"} question has no listed answers; change its type first.`,
    );
  }
  if (node.options.length >= MAX_OPTIONS) {
    throw new DomainError("too-large", `A question can list at most ${MAX_OPTIONS} answers.`);
  }
  if (node.options.some((o) => o.id === id)) {
    throw new DomainError("conflict", `This question already has an answer with the id “${id}”.`);
  }
  checkLength(label, 0, 200, "An answer's label");
  if (code !== undefined) checkLength(code, 0, 40, "An answer's code");
  const option: Option = { id, label, ...(code !== undefined ? { code } : {}) };
  const options = (writableNode(d, at) as QuestionNode).options;
  if (index === undefined || index >= options.length) options.push(option);
  else options.splice(Math.max(0, Math.trunc(index)), 0, option);
  return option;
}

export interface UpdateOptionArgs {
  nodeId: string;
  optionId: string;
  /** label, code, pinned; `undefined` removes code or pinned. */
  patch: Partial<Omit<Option, "id">>;
}

export function updateOption(d: Script, { nodeId, optionId, patch }: UpdateOptionArgs): void {
  const { index, node } = requireNodeOfKind(d, nodeId, "question");
  const k = optionIndex(node, optionId);
  if ("label" in patch && patch.label === undefined) {
    throw new DomainError("invalid", "An answer must keep its label.");
  }
  if (patch.label !== undefined) checkLength(patch.label, 0, 200, "An answer's label");
  if (patch.code !== undefined) checkLength(patch.code, 0, 40, "An answer's code");
  const draft = (writableNode(d, index) as QuestionNode).options[k];
  applyPatch(draft as unknown as Record<string, unknown>, patch, OPTION_FIELDS, "An answer");
}

export interface RemoveOptionArgs {
  nodeId: string;
  optionId: string;
}

/** Removes an answer and the connection drawn from it. Returns the ids of removed connections. */
export function removeOption(d: Script, { nodeId, optionId }: RemoveOptionArgs): string[] {
  const { index, node } = requireNodeOfKind(d, nodeId, "question");
  const k = optionIndex(node, optionId);
  (writableNode(d, index) as QuestionNode).options.splice(k, 1);
  // A repeated id (a broken document) keeps its handle while another option still has it.
  if (node.options.some((o, i) => i !== k && o.id === optionId)) return [];
  const handle = `option:${optionId}`;
  return removeEdgesWhere(d, (e) => e.source === nodeId && e.sourceHandle === handle);
}

export interface MoveOptionArgs {
  nodeId: string;
  optionId: string;
  toIndex: number;
}

/** Reorders an answer (its connection follows it: handles are by id). */
export function moveOption(d: Script, { nodeId, optionId, toIndex }: MoveOptionArgs): void {
  const { index, node } = requireNodeOfKind(d, nodeId, "question");
  const k = optionIndex(node, optionId);
  if (k === toIndex) return;
  moveItem((writableNode(d, index) as QuestionNode).options, k, toIndex);
}

function optionIndex(node: QuestionNode, optionId: string): number {
  const k = node.options.findIndex((o) => o.id === optionId);
  if (k < 0) throw new DomainError("not-found", `The question has no answer “${optionId}”.`);
  return k;
}
