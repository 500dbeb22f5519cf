import { DomainError } from "../domain-error";
import { nodeOutputs } from "../node-outputs";
import type { NodeKind, Position, QuestionNode, Script, ScriptNode } from "../script-types";
import {
  applyPatch,
  checkLength,
  emptyRichText,
  KEY_PATTERN,
  indexOfNode,
  plain,
  removeEdgesWhere,
  requireId,
  requireNode,
  requireNodeOfKind,
  writableAt,
  writableNode,
} from "./draft";
import { connect } from "./edges";

/** The fields of one node kind that an edit may change: everything but `id` and `kind`. */
export type NodePatchOf<N extends ScriptNode> = Partial<Omit<N, "id" | "kind">>;
/** A patch for any node kind. `undefined` removes an optional field (a title, a note...). */
export type NodePatch = PatchOfEach<ScriptNode>;
type PatchOfEach<N> = N extends ScriptNode ? NodePatchOf<N> : never;

/** A new node of `kind` with sensible defaults, ready to be edited in the inspector. */
export function createNode(kind: NodeKind, id: string, position: Position): ScriptNode {
  const at = { x: position.x, y: position.y };
  switch (kind) {
    case "start":
      return { id, kind, position: at };
    case "say":
    case "callback":
    case "referral":
      return { id, kind, position: at, text: emptyRichText() };
    case "question":
      return { id, kind, position: at, text: emptyRichText(), questionType: "yes-no", options: [] };
    case "condition":
      return { id, kind, position: at, rules: [] };
    case "checkpoint":
      return { id, kind, position: at, name: "Pitch delivered" };
    case "end":
      return { id, kind, position: at, outcome: { label: "Completed", success: true, disposition: "1.1" } };
  }
}

export interface AddNodeArgs {
  kind: NodeKind;
  id: string;
  position: Position;
  /** Connects this output to the new node (dropping a connection on empty canvas). */
  from?: { source: string; sourceHandle: string; edgeId: string };
}

/** Adds a new node; with `from`, also connects that output to it. Returns the new node. */
export function addNode(d: Script, { kind, id, position, from }: AddNodeArgs): ScriptNode {
  requireId(id, "a step");
  if (indexOfNode(d, id) >= 0) {
    throw new DomainError("conflict", `There is already a step with the id “${id}”.`);
  }
  const node = createNode(kind, id, position);
  d.nodes.push(node);
  if (from) connect(d, { id: from.edgeId, source: from.source, sourceHandle: from.sourceHandle, target: id });
  return node;
}

/** Which fields each kind has besides id and kind, and which of them cannot be removed (schema). */
const FIELDS: Record<NodeKind, { allowed: readonly string[]; required: readonly string[] }> = {
  start: { allowed: ["position", "note"], required: ["position"] },
  say: { allowed: ["position", "note", "title", "text"], required: ["position", "text"] },
  question: {
    allowed: [
      "position",
      "note",
      "title",
      "text",
      "questionType",
      "options",
      "scale",
      "answerField",
      "allowDontKnow",
      "allowRefused",
      "readOut",
    ],
    required: ["position", "text", "questionType", "options"],
  },
  condition: { allowed: ["position", "note", "title", "rules"], required: ["position", "rules"] },
  callback: { allowed: ["position", "note", "title", "text"], required: ["position", "text"] },
  referral: { allowed: ["position", "note", "title", "text"], required: ["position", "text"] },
  checkpoint: { allowed: ["position", "note", "name"], required: ["position", "name"] },
  end: { allowed: ["position", "note", "text", "outcome"], required: ["position", "outcome"] },
};

export interface UpdateNodeArgs {
  id: string;
  patch: NodePatch;
}

/**
 * Changes some of a node's own fields (never its id or kind). `undefined` removes an optional field.
 * Connections from outputs the node no longer has (a removed option, a question type that has no
 * "yes"...) are dropped. Returns the ids of the dropped connections.
 */
export function updateNode(d: Script, { id, patch }: UpdateNodeArgs): string[] {
  const { index, node } = requireNode(d, id);
  const fields = FIELDS[node.kind];
  const values = patch as Record<string, unknown>;
  for (const key of Object.keys(values)) {
    if (!fields.allowed.includes(key)) {
      throw new DomainError("invalid", `A ${node.kind} step has no field “${key}” that can be changed.`);
    }
  }
  for (const key of fields.required) {
    if (key in values && values[key] === undefined) {
      throw new DomainError("invalid", `A ${node.kind} step must keep its ${key}.`);
    }
  }
  validateNodeFields(values, node.kind);
  applyPatch(
    writableNode(d, index) as unknown as Record<string, unknown>,
    values,
    fields.allowed,
    `A ${node.kind} step`,
  );
  return pruneEdgesOf(d, id);
}

/**
 * Drops the connections that leave `nodeId` from an output it does not have (any more).
 * Returns the ids of the dropped connections.
 */
export function pruneEdgesOf(d: Script, nodeId: string): string[] {
  const index = indexOfNode(d, nodeId);
  if (index < 0) return [];
  const outputs = nodeOutputs(plain(d.nodes[index]));
  return removeEdgesWhere(d, (e) => e.source === nodeId && !outputs.includes(e.sourceHandle));
}

export interface SetQuestionTypeArgs {
  id: string;
  questionType: QuestionNode["questionType"];
  /** Ids for the default options a choice question gets when it has none. */
  newId: () => string;
}

/**
 * Switches a question's type and gives it what the new type needs: two options for a choice question
 * that has none, a 1-5 scale for a rating question. Yes/no and scale questions list no options (schema),
 * so theirs are cleared; undo brings them back. Returns the ids of dropped connections.
 */
export function setQuestionType(d: Script, { id, questionType, newId }: SetQuestionTypeArgs): string[] {
  const { index, node } = requireNodeOfKind(d, id, "question");
  const draft = writableNode(d, index) as QuestionNode;
  if (node.questionType !== questionType) draft.questionType = questionType;
  switch (questionType) {
    case "single":
    case "multiple":
    case "semi-open":
      if (node.options.length === 0) {
        draft.options = [
          { id: newId(), label: "Option 1" },
          { id: newId(), label: "Option 2" },
        ];
      }
      if (node.scale !== undefined) delete draft.scale;
      break;
    case "scale":
      if (node.options.length > 0) draft.options = [];
      if (node.scale === undefined) draft.scale = { min: 1, max: 5 };
      break;
    case "yes-no":
      if (node.options.length > 0) draft.options = [];
      if (node.scale !== undefined) delete draft.scale;
      break;
  }
  return pruneEdgesOf(d, id);
}

export interface DeleteElementsArgs {
  nodeIds?: readonly string[];
  edgeIds?: readonly string[];
}

/**
 * Deletes nodes (with every connection into or out of them) and connections. Objection handlers that
 * went on to a deleted step go back to where the call was instead. Returns what was actually removed.
 */
export function deleteElements(
  d: Script,
  { nodeIds = [], edgeIds = [] }: DeleteElementsArgs,
): { nodeIds: string[]; edgeIds: string[] } {
  const doomed = new Set(nodeIds);
  const removedNodes: string[] = [];
  if (doomed.size > 0) {
    const nodes = plain(d.nodes);
    const kept: ScriptNode[] = [];
    for (const node of nodes) {
      if (doomed.has(node.id)) removedNodes.push(node.id);
      else kept.push(node);
    }
    if (removedNodes.length > 0) d.nodes = kept;
  }
  const gone = new Set(removedNodes);
  const edgeSet = new Set(edgeIds);
  const removedEdges =
    gone.size === 0 && edgeSet.size === 0
      ? []
      : removeEdgesWhere(d, (e) => edgeSet.has(e.id) || gone.has(e.source) || gone.has(e.target));
  if (gone.size > 0) {
    const objections = plain(d.objections);
    for (let i = 0; i < objections.length; i++) {
      const then = objections[i].then;
      if (then.action === "goto" && gone.has(then.target))
        writableAt(d, d.objections, i).then = { action: "return" };
    }
  }
  return { nodeIds: removedNodes, edgeIds: removedEdges };
}

export interface MoveNodesArgs {
  positions: Record<string, Position>;
}

/** Moves nodes to new positions (a drag, an auto-layout). Unknown ids are ignored: the node may be gone. */
export function moveNodes(d: Script, { positions }: MoveNodesArgs): void {
  const ids = Object.keys(positions);
  if (ids.length === 0) return;
  const nodes = plain(d.nodes);
  const wanted = new Set(ids);
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (!wanted.has(node.id)) continue;
    const to = positions[node.id];
    if (!Number.isFinite(to.x) || !Number.isFinite(to.y)) {
      throw new DomainError(
        "invalid",
        `Step “${node.id}” cannot be moved to a position that is not a number.`,
      );
    }
    if (node.position.x !== to.x || node.position.y !== to.y)
      writableNode(d, i).position = { x: to.x, y: to.y };
  }
}

function validateNodeFields(values: Record<string, unknown>, kind: NodeKind): void {
  const what = `The ${kind} step's`;
  if (typeof values.title === "string") checkLength(values.title, 0, 100, `${what} title`);
  if (typeof values.note === "string") checkLength(values.note, 0, 2000, `${what} note`);
  if (values.name !== undefined) checkLength(String(values.name), 1, 100, "A checkpoint's name");
  if (typeof values.answerField === "string" && !KEY_PATTERN.test(values.answerField)) {
    throw new DomainError(
      "invalid",
      `“${values.answerField}” cannot name an answer: start with a letter, then letters, digits or “_”.`,
    );
  }
  const outcome = values.outcome as { label?: unknown; code?: unknown } | undefined;
  if (outcome && typeof outcome === "object") {
    checkLength(String(outcome.label ?? ""), 1, 100, "An outcome's label");
    if (typeof outcome.code === "string") checkLength(outcome.code, 0, 40, "An outcome's code");
  }
  const position = values.position as Position | undefined;
  if (position !== undefined && (!Number.isFinite(position.x) || !Number.isFinite(position.y))) {
    throw new DomainError("invalid", "A step's position must be two numbers.");
  }
}
