import { Position, type Edge as FlowEdge, type Node as FlowNode } from "@xyflow/react";
import { cardHandles, cardSize } from "~/domain/node-card";
import { nodeOutputs, outputLabel } from "~/domain/node-outputs";
import { NODE_KIND_LABELS, nodeDisplayName } from "~/domain/node-summary";
import type { Script, ScriptNode } from "~/domain/script-types";

export type ProblemLevel = "error" | "warning";

export interface ScriptNodeData extends Record<string, unknown> {
  node: ScriptNode;
  outputs: { handle: string; label: string }[];
  problem?: ProblemLevel;
  highlighted: boolean;
  /** Names of merge fields declared in the script, to mark undeclared ones. */
  declared: ReadonlySet<string>;
}

export type ScriptFlowNode = FlowNode<ScriptNodeData, "script">;

export interface FlowOverlay {
  problems: ReadonlyMap<string, ProblemLevel>;
  highlight: { nodeIds: ReadonlySet<string>; edgeIds: ReadonlySet<string> } | null;
  selectedNodeIds: ReadonlySet<string>;
  selectedEdgeIds: ReadonlySet<string>;
}

/**
 * The React Flow nodes for a script, each with its card's size and handle positions (domain/node-card), so
 * React Flow never has to render a card to measure it. `previous` lets unchanged nodes keep their object
 * identity, so React Flow re-renders only what an edit touched: immer keeps unchanged script nodes
 * identical, and we reuse a flow node whenever its inputs are identical.
 */
export function toFlowNodes(
  script: Script,
  overlay: FlowOverlay,
  previous: readonly ScriptFlowNode[] = [],
): ScriptFlowNode[] {
  const prevById = new Map(previous.map((n) => [n.id, n]));
  const declared = new Set(script.variables.map((v) => v.key));
  const declaredKey = keyOfSet(declared);
  const keys = new Map<ReadonlySet<string>, string>();
  const sameDeclared = (set: ReadonlySet<string>) => {
    let key = keys.get(set);
    if (key === undefined) keys.set(set, (key = keyOfSet(set)));
    return key === declaredKey;
  };
  const next = script.nodes.map((node): ScriptFlowNode => {
    const problem = overlay.problems.get(node.id);
    const highlighted = overlay.highlight?.nodeIds.has(node.id) ?? false;
    const selected = overlay.selectedNodeIds.has(node.id);
    const prev = prevById.get(node.id);
    if (
      prev &&
      prev.data.node === node &&
      prev.data.problem === problem &&
      prev.data.highlighted === highlighted &&
      prev.selected === selected &&
      sameDeclared(prev.data.declared)
    ) {
      return prev;
    }
    return {
      id: node.id,
      type: "script",
      position: node.position,
      selected,
      ...sized(node),
      ariaLabel: `${NODE_KIND_LABELS[node.kind]}: ${nodeDisplayName(node, 80)}${problem ? ` (has ${problem === "error" ? "problems" : "warnings"})` : ""}`,
      className: `kind-${node.kind}`,
      data: {
        node,
        outputs: nodeOutputs(node).map((handle) => ({ handle, label: outputLabel(node, handle) })),
        problem,
        highlighted,
        declared: prev && sameDeclared(prev.data.declared) ? prev.data.declared : declared,
      },
    };
  });
  return sameElements(previous, next) ? (previous as ScriptFlowNode[]) : next;
}

/** A card's size, given as its measured size too (the canvas draws it to exactly that), and its handles. */
function sized(node: ScriptNode): Pick<ScriptFlowNode, "width" | "height" | "measured" | "handles"> {
  const size = cardSize(node);
  const handles = cardHandles(node, size).map((h) => ({
    ...h,
    position: h.position === "top" ? Position.Top : Position.Bottom,
  }));
  return { ...size, measured: { ...size }, handles };
}

/** The React Flow edges for a script, labelled by the output they leave from. */
export function toFlowEdges(script: Script, overlay: FlowOverlay, previous: readonly FlowEdge[] = []): FlowEdge[] {
  const prevById = new Map(previous.map((e) => [e.id, e]));
  const next = script.edges.map((edge): FlowEdge => {
    const highlighted = overlay.highlight?.edgeIds.has(edge.id) ?? false;
    const selected = overlay.selectedEdgeIds.has(edge.id);
    const prev = prevById.get(edge.id);
    if (
      prev &&
      prev.source === edge.source &&
      prev.target === edge.target &&
      prev.sourceHandle === edge.sourceHandle &&
      prev.selected === selected &&
      (prev.className === "on-path") === highlighted
    ) {
      return prev;
    }
    return {
      id: edge.id,
      source: edge.source,
      sourceHandle: edge.sourceHandle,
      target: edge.target,
      targetHandle: "in",
      selected,
      reconnectable: "target",
      ...(highlighted ? { className: "on-path", animated: true } : {}),
    };
  });
  return sameElements(previous, next) ? (previous as FlowEdge[]) : next;
}

function keyOfSet(set: ReadonlySet<string>): string {
  return [...set].sort().join(",");
}

/**
 * React Flow reprocesses every node (or edge) when it gets a new array, so an update in which every
 * element was reused hands back the previous array itself.
 */
function sameElements<T>(previous: readonly T[], next: readonly T[]): boolean {
  return previous.length === next.length && next.every((item, i) => item === previous[i]);
}
