import { outputLabel } from "../node-outputs";
import { nodeDisplayName } from "../node-summary";
import { richTextToPlain } from "../rich-text";
import type { Edge, Objection, Option, RichText, Script, ScriptNode, Variable } from "../script-types";
import { hasTextChange, wordDiff, type WordDiffPart } from "./word-diff";

export interface NodeRef {
  nodeId: string;
  kind: ScriptNode["kind"];
  name: string;
}

export interface TextChange {
  /** "text", "title", "reply"… */
  field: string;
  parts: WordDiffPart[];
}

export type OptionChange =
  | { change: "added"; optionId: string; label: string }
  | { change: "removed"; optionId: string; label: string }
  | { change: "relabelled"; optionId: string; from: string; to: string }
  | { change: "reordered"; from: string[]; to: string[] }
  | { change: "changed"; optionId: string; label: string; fields: string[] };

export interface NodeChange extends NodeRef {
  /** Every field that differs, in words ("text", "answers", "outcome"); layout moves are left out. */
  fields: string[];
  texts: TextChange[];
  options: OptionChange[];
}

export interface EdgeChange {
  source: NodeRef;
  output: string;
  target: NodeRef;
}

export interface BranchMove {
  source: NodeRef;
  output: string;
  from: NodeRef;
  to: NodeRef;
}

export interface ItemChange {
  id: string;
  label: string;
  fields: string[];
  texts: TextChange[];
}

export interface FieldChange {
  field: string;
  from: string;
  to: string;
}

export interface ScriptDiff {
  script: FieldChange[];
  nodes: { added: NodeRef[]; removed: NodeRef[]; changed: NodeChange[] };
  edges: { added: EdgeChange[]; removed: EdgeChange[] };
  /** The same answer of the same step now leads to a different step. */
  branchesMoved: BranchMove[];
  objections: { added: ItemChange[]; removed: ItemChange[]; changed: ItemChange[] };
  variables: { added: ItemChange[]; removed: ItemChange[]; changed: ItemChange[] };
  /** For marking a canvas or outline: each node of either side that differs. */
  nodeMarks: Record<string, "added" | "removed" | "changed">;
  total: number;
}

/**
 * What changed from one script document to another, in the terms a reviewer reads: steps added, removed and
 * changed (which fields, text word by word, answers added/removed/relabelled/reordered), connections added
 * and removed, branches moved, objections and merge fields. Steps are matched by id; connections by where
 * they leave from (step + answer) and where they go, so regenerated edge ids are not reported as changes.
 */
export function diffScripts(from: Script, to: Script): ScriptDiff {
  const before = new Map(from.nodes.map((n) => [n.id, n]));
  const after = new Map(to.nodes.map((n) => [n.id, n]));
  const ref = (node: ScriptNode): NodeRef => ({ nodeId: node.id, kind: node.kind, name: nodeDisplayName(node) });
  const refIn = (id: string, primary: Map<string, ScriptNode>, secondary: Map<string, ScriptNode>): NodeRef => {
    const node = primary.get(id) ?? secondary.get(id);
    return node ? ref(node) : { nodeId: id, kind: "say", name: `missing step ${id}` };
  };

  const nodes: ScriptDiff["nodes"] = { added: [], removed: [], changed: [] };
  for (const node of to.nodes) if (!before.has(node.id)) nodes.added.push(ref(node));
  for (const node of from.nodes) if (!after.has(node.id)) nodes.removed.push(ref(node));
  for (const node of to.nodes) {
    const old = before.get(node.id);
    if (!old) continue;
    const change = diffNode(old, node);
    if (change.fields.length > 0) nodes.changed.push({ ...ref(node), ...change });
  }

  const { edges, branchesMoved } = diffEdges(from, to, before, after, refIn);

  const nodeMarks: ScriptDiff["nodeMarks"] = {};
  for (const n of nodes.changed) nodeMarks[n.nodeId] = "changed";
  for (const m of branchesMoved) nodeMarks[m.source.nodeId] ??= "changed";
  for (const e of [...edges.added, ...edges.removed]) {
    if (before.has(e.source.nodeId) && after.has(e.source.nodeId)) nodeMarks[e.source.nodeId] ??= "changed";
  }
  for (const n of nodes.added) nodeMarks[n.nodeId] = "added";
  for (const n of nodes.removed) nodeMarks[n.nodeId] = "removed";

  const objections = diffItems(from.objections, to.objections, (o) => o.id, (o) => o.label, diffObjection);
  const variables = diffItems(from.variables, to.variables, (v) => v.key, (v) => v.key, diffVariable);
  const script = diffScriptFields(from, to);

  const total =
    script.length +
    nodes.added.length +
    nodes.removed.length +
    nodes.changed.length +
    edges.added.length +
    edges.removed.length +
    branchesMoved.length +
    objections.added.length +
    objections.removed.length +
    objections.changed.length +
    variables.added.length +
    variables.removed.length +
    variables.changed.length;

  return { script, nodes, edges, branchesMoved, objections, variables, nodeMarks, total };
}

const FIELD_WORDS: Record<string, string> = {
  kind: "kind",
  title: "title",
  text: "text",
  note: "note",
  questionType: "question type",
  options: "answers",
  scale: "scale",
  answerField: "saved as",
  allowDontKnow: "“don't know” answer",
  allowRefused: "“refused” answer",
  readOut: "read-out",
  rules: "rules",
  name: "milestone name",
  outcome: "outcome",
  label: "label",
  shortcut: "shortcut",
  reply: "reply",
  then: "what follows",
  type: "type",
  required: "required",
  sample: "sample",
  fallback: "fallback",
  code: "code",
  pinned: "pinned",
};

const IGNORED_NODE_FIELDS = new Set(["id", "position"]);

function diffNode(old: ScriptNode, node: ScriptNode): Omit<NodeChange, keyof NodeRef> {
  const a = fieldsOf(old);
  const b = fieldsOf(node);
  const fields: string[] = [];
  const texts: TextChange[] = [];
  let options: OptionChange[] = [];
  for (const key of unionKeys(a, b)) {
    if (IGNORED_NODE_FIELDS.has(key) || deepEqual(a[key], b[key])) continue;
    fields.push(FIELD_WORDS[key] ?? key);
    if (key === "text") texts.push({ field: "text", parts: wordDiff(plainOf(a[key]), plainOf(b[key])) });
    if (key === "title" || key === "name" || key === "note") {
      texts.push({ field: FIELD_WORDS[key], parts: wordDiff(stringOf(a[key]), stringOf(b[key])) });
    }
  }
  if (old.kind === "question" && node.kind === "question") options = diffOptions(old.options, node.options);
  return { fields, texts: texts.filter((t) => hasTextChange(t.parts)), options };
}

/** Answers matched by id: added, removed, relabelled, otherwise changed, and whether their order moved. */
export function diffOptions(before: readonly Option[], after: readonly Option[]): OptionChange[] {
  const old = new Map(before.map((o) => [o.id, o]));
  const now = new Map(after.map((o) => [o.id, o]));
  const out: OptionChange[] = [];
  for (const o of after) {
    const prev = old.get(o.id);
    if (!prev) {
      out.push({ change: "added", optionId: o.id, label: o.label });
      continue;
    }
    if (prev.label !== o.label) out.push({ change: "relabelled", optionId: o.id, from: prev.label, to: o.label });
    const other = unionKeys(fieldsOf(prev), fieldsOf(o)).filter(
      (k) => k !== "id" && k !== "label" && !deepEqual(fieldsOf(prev)[k], fieldsOf(o)[k]),
    );
    if (other.length > 0) out.push({ change: "changed", optionId: o.id, label: o.label, fields: other.map((k) => FIELD_WORDS[k] ?? k) });
  }
  for (const o of before) if (!now.has(o.id)) out.push({ change: "removed", optionId: o.id, label: o.label });
  const keptBefore = before.filter((o) => now.has(o.id));
  const keptAfter = after.filter((o) => old.has(o.id));
  if (keptBefore.some((o, i) => o.id !== keptAfter[i].id)) {
    out.push({ change: "reordered", from: keptBefore.map((o) => o.label), to: keptAfter.map((o) => o.label) });
  }
  return out;
}

function diffEdges(
  from: Script,
  to: Script,
  before: Map<string, ScriptNode>,
  after: Map<string, ScriptNode>,
  refIn: (id: string, primary: Map<string, ScriptNode>, secondary: Map<string, ScriptNode>) => NodeRef,
): { edges: ScriptDiff["edges"]; branchesMoved: BranchMove[] } {
  const key = (e: Edge) => `${e.source}\u0000${e.sourceHandle}\u0000${e.target}`;
  const outputKey = (e: Edge) => `${e.source}\u0000${e.sourceHandle}`;
  const oldKeys = new Set(from.edges.map(key));
  const newKeys = new Set(to.edges.map(key));
  const oldByOutput = groupBy(from.edges, outputKey);
  const newByOutput = groupBy(to.edges, outputKey);
  const label = (e: Edge, nodes: Map<string, ScriptNode>) => {
    const node = nodes.get(e.source);
    return node ? outputLabel(node, e.sourceHandle) : e.sourceHandle;
  };

  const branchesMoved: BranchMove[] = [];
  const moved = new Set<string>();
  for (const [output, olds] of oldByOutput) {
    const news = newByOutput.get(output);
    // Only a one-to-one replacement is a move; anything else is reported as connections added and removed.
    if (olds.length !== 1 || news?.length !== 1 || olds[0].target === news[0].target) continue;
    if (!before.has(olds[0].source) || !after.has(olds[0].source)) continue;
    moved.add(output);
    branchesMoved.push({
      source: refIn(news[0].source, after, before),
      output: label(news[0], after),
      from: refIn(olds[0].target, before, after),
      to: refIn(news[0].target, after, before),
    });
  }
  const added = to.edges
    .filter((e) => !oldKeys.has(key(e)) && !moved.has(outputKey(e)))
    .map((e) => ({ source: refIn(e.source, after, before), output: label(e, after), target: refIn(e.target, after, before) }));
  const removed = from.edges
    .filter((e) => !newKeys.has(key(e)) && !moved.has(outputKey(e)))
    .map((e) => ({ source: refIn(e.source, before, after), output: label(e, before), target: refIn(e.target, before, after) }));
  return { edges: { added, removed }, branchesMoved };
}

function diffObjection(a: Objection, b: Objection): Pick<ItemChange, "fields" | "texts"> {
  const { fields } = diffFields(a, b, ["id"]);
  const texts: TextChange[] = [];
  if (!deepEqual(a.reply, b.reply)) texts.push({ field: "reply", parts: wordDiff(richTextToPlain(a.reply), richTextToPlain(b.reply)) });
  if (a.label !== b.label) texts.push({ field: "label", parts: wordDiff(a.label, b.label) });
  return { fields, texts: texts.filter((t) => hasTextChange(t.parts)) };
}

function diffVariable(a: Variable, b: Variable): Pick<ItemChange, "fields" | "texts"> {
  return { fields: diffFields(a, b, ["key"]).fields, texts: [] };
}

function diffItems<T>(
  before: readonly T[],
  after: readonly T[],
  idOf: (item: T) => string,
  labelOf: (item: T) => string,
  compare: (a: T, b: T) => Pick<ItemChange, "fields" | "texts">,
): { added: ItemChange[]; removed: ItemChange[]; changed: ItemChange[] } {
  const old = new Map(before.map((i) => [idOf(i), i]));
  const now = new Map(after.map((i) => [idOf(i), i]));
  const item = (i: T): ItemChange => ({ id: idOf(i), label: labelOf(i), fields: [], texts: [] });
  const changed: ItemChange[] = [];
  for (const i of after) {
    const prev = old.get(idOf(i));
    if (!prev) continue;
    const change = compare(prev, i);
    if (change.fields.length > 0) changed.push({ ...item(i), ...change });
  }
  return {
    added: after.filter((i) => !old.has(idOf(i))).map(item),
    removed: before.filter((i) => !now.has(idOf(i))).map(item),
    changed,
  };
}

const SCRIPT_FIELDS: [keyof Script, string][] = [
  ["title", "title"],
  ["description", "description"],
  ["kind", "kind"],
  ["language", "language"],
  ["tags", "tags"],
  ["settings", "settings"],
];

function diffScriptFields(from: Script, to: Script): FieldChange[] {
  return SCRIPT_FIELDS.filter(([key]) => !deepEqual(from[key], to[key])).map(([key, field]) => ({
    field,
    from: summary(from[key]),
    to: summary(to[key]),
  }));
}

function diffFields(a: object, b: object, ignore: string[]): { fields: string[] } {
  const fa = fieldsOf(a);
  const fb = fieldsOf(b);
  return {
    fields: unionKeys(fa, fb)
      .filter((k) => !ignore.includes(k) && !deepEqual(fa[k], fb[k]))
      .map((k) => FIELD_WORDS[k] ?? k),
  };
}

function summary(value: unknown): string {
  if (value === undefined) return "(none)";
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(String).join(", ") || "(none)";
  return JSON.stringify(value);
}

function plainOf(value: unknown): string {
  return isRichText(value) ? richTextToPlain(value) : "";
}

function isRichText(value: unknown): value is RichText {
  return typeof value === "object" && value !== null && (value as { type?: unknown }).type === "doc";
}

function stringOf(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function fieldsOf(value: object): Record<string, unknown> {
  return value as Record<string, unknown>;
}

function unionKeys(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])];
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  }
  return map;
}

/** Structural equality of JSON data, independent of key order. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ra = fieldsOf(a);
  const rb = fieldsOf(b);
  const keys = unionKeys(ra, rb);
  return keys.every((k) => deepEqual(ra[k], rb[k]));
}
