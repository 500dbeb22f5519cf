import { current, isDraft, original } from "immer";
import { DomainError } from "../domain-error";
import type { Edge, RichText, Script, ScriptNode } from "../script-types";

// Helpers shared by the edit files. Every edit runs either on an immer draft (inside applyEdit / the store's
// produce) or on a plain object (tests, server code). Reading through a draft creates a proxy for every
// element touched, so lookups read a plain snapshot (`plain`) and only the element that changes is
// touched through the draft: an edit costs the size of the change, not the size of the script.

/** The current state of `value` as plain data: itself when not a draft; for an unmodified draft its base. */
export function plain<T>(value: T): T {
  return isDraft(value) ? current(value) : value;
}

/**
 * The element at `index` of an array inside `d`, ready to be changed in place. Inside a recipe, immer
 * drafts an element only while it sits where it was in the base; once an edit has replaced the array
 * (deleteElements, removeEdgesWhere assign a filtered copy because that is ~20x cheaper than splicing a
 * draft), its elements are the base's own objects and must not be written to. Such an element is swapped
 * for a copy first, so several edits in one recipe compose safely.
 */
export function writableAt<T extends object>(d: Script, items: T[], index: number): T {
  const item = items[index];
  if (!isDraft(d) || isDraft(item)) return item;
  items[index] = structuredClone(item);
  return items[index];
}

export function writableNode(d: Script, index: number): ScriptNode {
  return writableAt(d, d.nodes, index);
}

/** Index of the node with this id, or -1. */
export function indexOfNode(d: Script, id: string): number {
  return indexById(d.nodes, id);
}

export function indexOfEdge(d: Script, id: string): number {
  return indexById(d.edges, id);
}

/**
 * Index of the first item with this id, without copying a draft array: `current()` of a modified
 * 1,000-node array costs about a millisecond, the whole budget of an edit. The base (`original`) is
 * searched and the find confirmed at the same index of the draft; items added by this recipe are
 * looked for at the end; only an array reordered by this recipe falls back to a snapshot.
 */
export function indexById<T extends { id: string }>(items: T[], id: string): number {
  if (!isDraft(items)) {
    for (let i = 0; i < items.length; i++) if (items[i].id === id) return i;
    return -1;
  }
  const base = original(items) as T[];
  let k = -1;
  for (let i = 0; i < base.length && k < 0; i++) if (base[i].id === id) k = i;
  if (k >= 0 && k < items.length && items[k].id === id) return k;
  if (k < 0) for (let i = base.length; i < items.length; i++) if (items[i].id === id) return i;
  const now = current(items);
  for (let i = 0; i < now.length; i++) if (now[i].id === id) return i;
  return -1;
}

/** The plain node and its index; throws DomainError("not-found") when there is no such node. */
export function requireNode(d: Script, id: string): { index: number; node: ScriptNode } {
  const index = indexOfNode(d, id);
  if (index < 0) throw new DomainError("not-found", `There is no step “${id}” in this script.`);
  return { index, node: plain(d.nodes[index]) };
}

/** The node with this id as plain data, or undefined. */
export function nodeById(d: Script, id: string): ScriptNode | undefined {
  const index = indexOfNode(d, id);
  return index < 0 ? undefined : plain(d.nodes[index]);
}

/** Like requireNode, and also checks the kind. */
export function requireNodeOfKind<K extends ScriptNode["kind"]>(
  d: Script,
  id: string,
  kind: K,
): { index: number; node: Extract<ScriptNode, { kind: K }> } {
  const { index, node } = requireNode(d, id);
  if (node.kind !== kind) {
    throw new DomainError("invalid", `Step “${id}” is a ${node.kind} step, not a ${kind} step.`);
  }
  return { index, node: node as Extract<ScriptNode, { kind: K }> };
}

/**
 * Removes the edges `drop` selects by assigning a filtered plain array (no proxy per edge).
 * Leaves `d.edges` untouched when nothing matches, so a no-op edit keeps the same document.
 * Returns the ids removed.
 */
export function removeEdgesWhere(d: Script, drop: (edge: Edge) => boolean): string[] {
  const edges = plain(d.edges);
  const removed: string[] = [];
  let kept: Edge[] | undefined;
  for (let i = 0; i < edges.length; i++) {
    const edge = edges[i];
    if (drop(edge)) {
      kept ??= edges.slice(0, i);
      removed.push(edge.id);
    } else if (kept) {
      kept.push(edge);
    }
  }
  if (kept) d.edges = kept;
  return removed;
}

/** Moves an item inside a draft array (options, rules, objections); the index is clamped. */
export function moveItem<T>(items: T[], from: number, toIndex: number): boolean {
  const to = Math.max(0, Math.min(items.length - 1, Math.trunc(toIndex)));
  if (from === to || from < 0) return false;
  const [item] = items.splice(from, 1);
  items.splice(to, 0, item);
  return true;
}

/**
 * Applies a patch object to a draft: `undefined` removes an optional field, equal values are skipped so
 * that immer sees no change, `forbidden` keys are refused.
 */
export function applyPatch(
  target: Record<string, unknown>,
  patch: Record<string, unknown>,
  allowed: readonly string[],
  what: string,
): void {
  for (const key of Object.keys(patch)) {
    if (!allowed.includes(key)) {
      throw new DomainError("invalid", `${what} has no field “${key}” that can be changed.`);
    }
  }
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    if (value === undefined) {
      if (key in target) delete target[key];
    } else if (target[key] !== value) {
      target[key] = value;
    }
  }
}

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

export function requireId(id: string, what: string): void {
  if (typeof id !== "string" || !ID_PATTERN.test(id)) {
    throw new DomainError(
      "invalid",
      `“${String(id)}” cannot be the id of ${what}: use 1 to 64 letters, digits, “-” or “_”.`,
    );
  }
}

/** An empty rich text: one empty paragraph, which is what TipTap produces for a cleared editor. */
export function emptyRichText(): RichText {
  return { type: "doc", content: [{ type: "paragraph" }] };
}

/** Refuses text outside the schema's length limits, naming the field as a writer knows it. */
export function checkLength(value: string, min: number, max: number, what: string): void {
  if (value.length < min) {
    throw new DomainError("invalid", min === 1 ? `${what} cannot be empty.` : `${what} is too short.`);
  }
  if (value.length > max) {
    throw new DomainError("invalid", `${what} is too long: at most ${max} characters.`);
  }
}
