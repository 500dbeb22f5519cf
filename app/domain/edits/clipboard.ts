import scriptSchema from "../../../schemas/script.v1.schema.json";
import { DomainError } from "../domain-error";
import { nodeOutputs } from "../node-outputs";
import { mergeFieldKeys } from "../rich-text";
import type { ConditionRule, Edge, Option, Position, Script, ScriptNode, Variable } from "../script-types";
import { NODE_KINDS } from "../script-types";
import { ID_PATTERN, KEY_PATTERN, plain, requireId } from "./draft";

/**
 * What copy puts on the clipboard: whole nodes, the connections among them and the merge fields their
 * texts and rules use, so a paste into another script (another tab, through the system clipboard as JSON)
 * brings what the steps need.
 */
export interface ScriptFragment {
  format: "scriptpilot-fragment";
  version: 1;
  nodes: ScriptNode[];
  edges: Edge[];
  variables: Variable[];
}

/**
 * Copies the nodes `nodeIds` (in document order), the connections between two copied nodes, and the
 * declared merge fields the copied nodes use. A start is copied like any node; the checks flag a second
 * start after pasting. The fragment is plain, unfrozen data, safe to serialise.
 */
export function copyFragment(script: Script, nodeIds: readonly string[]): ScriptFragment {
  const ids = new Set(nodeIds);
  const nodes: ScriptNode[] = [];
  const used = new Set<string>();
  const taken = new Set<string>();
  for (const node of script.nodes) {
    if (!ids.has(node.id) || taken.has(node.id)) continue;
    taken.add(node.id);
    nodes.push(structuredClone(node));
    if ("text" in node) for (const key of mergeFieldKeys(node.text)) used.add(key);
    if (node.kind === "condition") {
      for (const rule of node.rules) if (rule.source === "variable") used.add(rule.key);
    }
  }
  const edges = script.edges.filter((e) => taken.has(e.source) && taken.has(e.target)).map((e) => ({ ...e }));
  const variables = script.variables.filter((v) => used.has(v.key)).map((v) => ({ ...v }));
  return { format: "scriptpilot-fragment", version: 1, nodes, edges, variables };
}

export interface PasteFragmentArgs {
  fragment: ScriptFragment;
  /** Added to every pasted position, so the copy does not sit on the original. */
  offset: Position;
  /** A fresh id for every pasted node, connection, answer and rule. */
  newId: () => string;
}

/**
 * Pastes a fragment: every node, connection, answer and rule gets a fresh id (connections follow their
 * answers' and rules' new ids; rules that check the answer to a pasted question follow it too), positions
 * are offset, and merge fields the script does not declare yet are added. Connections to steps outside
 * the fragment are not pasted. Returns the ids of the new nodes and connections, in fragment order.
 */
export function pasteFragment(
  d: Script,
  { fragment, offset, newId }: PasteFragmentArgs,
): { nodeIds: string[]; edgeIds: string[] } {
  const nodeIdMap = new Map<string, string>();
  const handleMaps = new Map<string, Map<string, string>>();
  const existingNodes = new Set(plain(d.nodes).map((n) => n.id));
  const fresh = (what: string, taken: Set<string>): string => {
    const id = newId();
    requireId(id, what);
    if (taken.has(id)) throw new DomainError("conflict", `The new id “${id}” is already in use.`);
    taken.add(id);
    return id;
  };
  for (const node of fragment.nodes) {
    if (!nodeIdMap.has(node.id)) nodeIdMap.set(node.id, fresh("a step", existingNodes));
  }

  const pasted: ScriptNode[] = [];
  const outputsOf = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const source of fragment.nodes) {
    if (seen.has(source.id)) continue;
    seen.add(source.id);
    const node = structuredClone(source);
    node.id = nodeIdMap.get(source.id) ?? node.id;
    node.position = { x: source.position.x + offset.x, y: source.position.y + offset.y };
    const handles = new Map<string, string>();
    if (node.kind === "question") {
      node.options = node.options.map((o): Option => {
        const id = newSubId(newId, "an answer");
        if (!handles.has(`option:${o.id}`)) handles.set(`option:${o.id}`, `option:${id}`);
        return { ...o, id };
      });
    } else if (node.kind === "condition") {
      node.rules = node.rules.map((r): ConditionRule => {
        const id = newSubId(newId, "a rule");
        if (!handles.has(`rule:${r.id}`)) handles.set(`rule:${r.id}`, `rule:${id}`);
        const key = r.source === "answer" ? (nodeIdMap.get(r.key) ?? r.key) : r.key;
        return { ...r, id, key };
      });
    }
    handleMaps.set(source.id, handles);
    outputsOf.set(source.id, nodeOutputs(node));
    pasted.push(node);
  }

  const existingEdges = new Set(plain(d.edges).map((e) => e.id));
  const edges: Edge[] = [];
  const usedOutputs = new Set<string>();
  for (const e of fragment.edges) {
    const source = nodeIdMap.get(e.source);
    const target = nodeIdMap.get(e.target);
    if (source === undefined || target === undefined) continue;
    const mapped =
      e.sourceHandle.startsWith("option:") || e.sourceHandle.startsWith("rule:")
        ? handleMaps.get(e.source)?.get(e.sourceHandle)
        : e.sourceHandle;
    // An output the pasted node does not have (an answer or rule it lacks, "yes" on a statement...).
    if (mapped === undefined || !outputsOf.get(e.source)?.includes(mapped)) continue;
    const output = `${source}\u0000${mapped}`;
    if (usedOutputs.has(output)) continue; // one connection per output
    usedOutputs.add(output);
    edges.push({ id: fresh("a connection", existingEdges), source, sourceHandle: mapped, target });
  }

  const keys = new Set(plain(d.variables).map((v) => v.key));
  let room = 200 - keys.size;
  const variables: Variable[] = [];
  for (const v of fragment.variables) {
    if (keys.has(v.key) || room <= 0) continue;
    keys.add(v.key);
    variables.push({ ...v });
    room--;
  }

  if (pasted.length > 0) d.nodes.push(...pasted);
  if (edges.length > 0) d.edges.push(...edges);
  if (variables.length > 0) d.variables.push(...variables);
  return { nodeIds: pasted.map((n) => n.id), edgeIds: edges.map((e) => e.id) };
}

export interface DuplicateNodesArgs {
  nodeIds: readonly string[];
  offset: Position;
  newId: () => string;
}

/** Copy and paste in one edit: the duplicates keep the connections among themselves. */
export function duplicateNodes(
  d: Script,
  { nodeIds, offset, newId }: DuplicateNodesArgs,
): { nodeIds: string[]; edgeIds: string[] } {
  return pasteFragment(d, { fragment: copyFragment(plain(d), nodeIds), offset, newId });
}

function newSubId(newId: () => string, what: string): string {
  const id = newId();
  requireId(id, what);
  return id;
}

// --- Shape check for fragments from outside (the system clipboard), without ajv: the editor bundle should
// not carry a schema compiler. The tables come from the script schema, so they cannot drift from it.

type JsonSchema = {
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  items?: JsonSchema;
};
const definitions = scriptSchema.definitions as unknown as Record<string, JsonSchema>;
const NODE_DEFINITIONS: Record<string, string> = {
  start: "StartNode",
  say: "SayNode",
  question: "QuestionNode",
  condition: "ConditionNode",
  callback: "CallbackNode",
  referral: "ReferralNode",
  checkpoint: "CheckpointNode",
  end: "EndNode",
};
const enumOf = (definition: JsonSchema | undefined): readonly unknown[] => definition?.enum ?? [];
const RICH_NODE_TYPES = enumOf(definitions.RichNode.properties?.type);
const MARK_TYPES = enumOf(definitions.RichNode.properties?.marks?.items?.properties?.type);
const DISPOSITIONS = enumOf(definitions.AaporDisposition);
const QUESTION_TYPES = enumOf(definitions.QuestionNode.properties?.questionType);
const RULE_SOURCES = enumOf(definitions.ConditionRule.properties?.source);
const RULE_OPERATORS = enumOf(definitions.ConditionRule.properties?.operator);
const VARIABLE_TYPES = enumOf(definitions.Variable.properties?.type);
const HANDLE =
  /^(next|yes|no|other|dont-know|refused|else|option:[A-Za-z0-9_-]{1,64}|rule:[A-Za-z0-9_-]{1,64})$/;
const MAX_DEPTH = 40;

/** Whether `value` (e.g. parsed JSON from the clipboard) is a fragment that pastes into a valid script. */
export function isScriptFragment(value: unknown): value is ScriptFragment {
  if (!isRecord(value) || value.format !== "scriptpilot-fragment" || value.version !== 1) return false;
  if (!onlyKeys(value, ["format", "version", "nodes", "edges", "variables"])) return false;
  const { nodes, edges, variables } = value;
  return (
    Array.isArray(nodes) &&
    nodes.length <= 20_000 &&
    nodes.every(isNode) &&
    Array.isArray(edges) &&
    edges.length <= 60_000 &&
    edges.every(isEdge) &&
    Array.isArray(variables) &&
    variables.length <= 200 &&
    variables.every(isVariable)
  );
}

function isNode(value: unknown): boolean {
  if (!isRecord(value) || typeof value.kind !== "string") return false;
  if (!(NODE_KINDS as readonly string[]).includes(value.kind)) return false;
  const definition = definitions[NODE_DEFINITIONS[value.kind]];
  if (!onlyKeys(value, Object.keys(definition.properties ?? {}))) return false;
  if (!(definition.required ?? []).every((key) => key in value)) return false;
  if (!isId(value.id) || !isPosition(value.position)) return false;
  if (!optional(value.note, (v) => isString(v, 0, 2000))) return false;
  if (!optional(value.title, (v) => isString(v, 0, 100))) return false;
  if (!optional(value.text, isRichText)) return false;
  switch (value.kind) {
    case "question":
      return (
        QUESTION_TYPES.includes(value.questionType) &&
        Array.isArray(value.options) &&
        value.options.length <= 50 &&
        value.options.every(isOption) &&
        optional(value.scale, isScale) &&
        optional(value.answerField, (v) => typeof v === "string" && KEY_PATTERN.test(v)) &&
        optional(value.allowDontKnow, isBoolean) &&
        optional(value.allowRefused, isBoolean) &&
        optional(
          value.readOut,
          (v) =>
            isRecord(v) &&
            onlyKeys(v, ["aloud", "order"]) &&
            isBoolean(v.aloud) &&
            (v.order === "fixed" || v.order === "rotate"),
        )
      );
    case "condition":
      return Array.isArray(value.rules) && value.rules.length <= 50 && value.rules.every(isRule);
    case "checkpoint":
      return isString(value.name, 1, 100);
    case "end":
      return isOutcome(value.outcome);
    default:
      return true;
  }
}

function isOption(value: unknown): boolean {
  return (
    isRecord(value) &&
    onlyKeys(value, ["id", "label", "code", "pinned"]) &&
    isId(value.id) &&
    isString(value.label, 0, 200) &&
    optional(value.code, (v) => isString(v, 0, 40)) &&
    optional(value.pinned, isBoolean)
  );
}

function isScale(value: unknown): boolean {
  return (
    isRecord(value) &&
    onlyKeys(value, ["min", "max", "minLabel", "maxLabel"]) &&
    Number.isInteger(value.min) &&
    Number.isInteger(value.max) &&
    (value.min as number) >= -10 &&
    (value.min as number) <= 10 &&
    (value.max as number) >= -10 &&
    (value.max as number) <= 100 &&
    optional(value.minLabel, (v) => isString(v, 0, 100)) &&
    optional(value.maxLabel, (v) => isString(v, 0, 100))
  );
}

function isRule(value: unknown): boolean {
  if (!isRecord(value) || !onlyKeys(value, ["id", "label", "source", "key", "operator", "value"]))
    return false;
  const v = value.value;
  const valueOk =
    v === undefined ||
    isString(v, 0, 500) ||
    (typeof v === "number" && Number.isFinite(v)) ||
    typeof v === "boolean" ||
    (Array.isArray(v) && v.length <= 100 && v.every((s) => isString(s, 0, 500)));
  return (
    isId(value.id) &&
    optional(value.label, (l) => isString(l, 0, 100)) &&
    RULE_SOURCES.includes(value.source) &&
    isString(value.key, 1, 64) &&
    RULE_OPERATORS.includes(value.operator) &&
    valueOk
  );
}

function isOutcome(value: unknown): boolean {
  return (
    isRecord(value) &&
    onlyKeys(value, ["label", "code", "success", "disposition"]) &&
    isString(value.label, 1, 100) &&
    optional(value.code, (v) => isString(v, 0, 40)) &&
    isBoolean(value.success) &&
    DISPOSITIONS.includes(value.disposition)
  );
}

function isEdge(value: unknown): boolean {
  return (
    isRecord(value) &&
    onlyKeys(value, ["id", "source", "sourceHandle", "target"]) &&
    isId(value.id) &&
    isId(value.source) &&
    isId(value.target) &&
    typeof value.sourceHandle === "string" &&
    HANDLE.test(value.sourceHandle)
  );
}

function isVariable(value: unknown): boolean {
  return (
    isRecord(value) &&
    onlyKeys(value, ["key", "label", "type", "required", "sample", "fallback"]) &&
    typeof value.key === "string" &&
    KEY_PATTERN.test(value.key) &&
    isString(value.label, 1, 100) &&
    VARIABLE_TYPES.includes(value.type) &&
    isBoolean(value.required) &&
    optional(value.sample, (v) => isString(v, 0, 500)) &&
    optional(value.fallback, (v) => isString(v, 0, 500))
  );
}

function isRichText(value: unknown): boolean {
  return (
    isRecord(value) &&
    onlyKeys(value, ["type", "content"]) &&
    value.type === "doc" &&
    optional(value.content, (c) => Array.isArray(c) && c.every((n) => isRichNode(n, 1)))
  );
}

function isRichNode(value: unknown, depth: number): boolean {
  if (depth > MAX_DEPTH || !isRecord(value)) return false;
  return (
    onlyKeys(value, ["type", "text", "attrs", "marks", "content"]) &&
    RICH_NODE_TYPES.includes(value.type) &&
    optional(value.text, (t) => typeof t === "string") &&
    optional(value.attrs, isRecord) &&
    optional(
      value.marks,
      (marks) =>
        Array.isArray(marks) &&
        marks.every(
          (m) =>
            isRecord(m) &&
            onlyKeys(m, ["type", "attrs"]) &&
            MARK_TYPES.includes(m.type) &&
            optional(m.attrs, isRecord),
        ),
    ) &&
    optional(value.content, (c) => Array.isArray(c) && c.every((n) => isRichNode(n, depth + 1)))
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function onlyKeys(value: Record<string, unknown>, keys: readonly string[]): boolean {
  for (const key of Object.keys(value)) if (!keys.includes(key)) return false;
  return true;
}

function optional(value: unknown, check: (v: unknown) => boolean): boolean {
  return value === undefined || check(value);
}

function isId(value: unknown): boolean {
  return typeof value === "string" && ID_PATTERN.test(value);
}

function isString(value: unknown, min: number, max: number): boolean {
  return typeof value === "string" && value.length >= min && value.length <= max;
}

function isBoolean(value: unknown): boolean {
  return typeof value === "boolean";
}

function isPosition(value: unknown): boolean {
  return (
    isRecord(value) &&
    onlyKeys(value, ["x", "y"]) &&
    typeof value.x === "number" &&
    Number.isFinite(value.x) &&
    typeof value.y === "number" &&
    Number.isFinite(value.y)
  );
}
