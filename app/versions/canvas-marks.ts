import type { Edge as FlowEdge, Node as FlowNode } from "@xyflow/react";
import type { ScriptDiff } from "~/domain/versions/diff";
import type { Edge, Script } from "~/domain/script-types";
import { toFlowNodes, type FlowOverlay, type ScriptFlowNode, type ScriptNodeData } from "~/editor/to-flow";

export type NodeMark = "added" | "changed" | "removed" | "unchanged";
export type EdgeMark = "added" | "removed" | "moved" | "moved-from" | "unchanged";

/** What a read-only canvas adds to a step: its diff mark, or how many review threads it has. */
export interface MarkedNodeData extends ScriptNodeData {
  mark?: NodeMark;
  comments?: { total: number; open: number; firstThreadId: string };
}

export type MarkedFlowNode = FlowNode<MarkedNodeData, "script">;

/**
 * Word and sign for every mark: colour repeats them and never carries the meaning alone. The legend and the
 * marks on the nodes and edges read from this one table.
 */
export const NODE_MARKS: Record<NodeMark, { label: string; sign: string; legend: string }> = {
  added: { label: "Added", sign: "+", legend: "Added step" },
  changed: { label: "Changed", sign: "✎", legend: "Changed step" },
  removed: { label: "Removed", sign: "−", legend: "Removed step, faded where it used to be" },
  unchanged: { label: "Unchanged", sign: "", legend: "Unchanged step, muted" },
};

export const EDGE_MARKS: Record<Exclude<EdgeMark, "unchanged">, { label: string; legend: string }> = {
  added: { label: "Added", legend: "Added connection (solid)" },
  removed: { label: "Removed", legend: "Removed connection (dashed)" },
  moved: { label: "Moved here", legend: "Branch moved: where it leads now" },
  "moved-from": { label: "Moved away", legend: "Branch moved: where it used to lead (dashed)" },
};

const NO_OVERLAY: FlowOverlay = {
  problems: new Map(),
  highlight: null,
  selectedNodeIds: new Set(),
  selectedEdgeIds: new Set(),
};

const edgeKey = (e: Edge) => `${e.source}\u0000${e.sourceHandle}\u0000${e.target}`;
const outputKey = (e: Edge) => `${e.source}\u0000${e.sourceHandle}`;

/**
 * The canvas of a comparison: the "to" side's steps marked added, changed or unchanged, the steps removed
 * since the "from" side drawn as ghosts where they were, and connections marked the way the change list
 * reports them (a one-to-one change of target on an output is a moved branch, not an add and a remove).
 */
export function diffFlow(from: Script, to: Script, diff: ScriptDiff): { nodes: MarkedFlowNode[]; edges: FlowEdge[] } {
  const removedIds = new Set(diff.nodes.removed.map((n) => n.nodeId));
  const markOf = (id: string): NodeMark => {
    const mark = diff.nodeMarks[id];
    return mark === "added" || mark === "changed" || mark === "removed" ? mark : "unchanged";
  };
  const current = toFlowNodes(to, NO_OVERLAY).map((n) => markNode(n, markOf(n.id)));
  const ghosts = toFlowNodes({ ...from, nodes: from.nodes.filter((n) => removedIds.has(n.id)), edges: [] }, NO_OVERLAY).map(
    (n) => markNode(n, "removed"),
  );

  const fromIds = new Set(from.nodes.map((n) => n.id));
  const toIds = new Set(to.nodes.map((n) => n.id));
  const oldKeys = new Set(from.edges.map(edgeKey));
  const newKeys = new Set(to.edges.map(edgeKey));
  const count = (edges: Edge[]) => {
    const counts = new Map<string, number>();
    for (const e of edges) counts.set(outputKey(e), (counts.get(outputKey(e)) ?? 0) + 1);
    return counts;
  };
  const oldCounts = count(from.edges);
  const newCounts = count(to.edges);
  const isMove = (e: Edge) =>
    oldCounts.get(outputKey(e)) === 1 &&
    newCounts.get(outputKey(e)) === 1 &&
    fromIds.has(e.source) &&
    toIds.has(e.source);

  const edges: FlowEdge[] = [
    ...to.edges.map((e) => markEdge(e, e.id, newKeysMark(e))),
    ...from.edges.filter((e) => !newKeys.has(edgeKey(e))).map((e) => markEdge(e, `was:${e.id}`, isMove(e) ? "moved-from" : "removed")),
  ];
  return { nodes: [...current, ...ghosts], edges };

  function newKeysMark(e: Edge): EdgeMark {
    if (oldKeys.has(edgeKey(e))) return "unchanged";
    return isMove(e) ? "moved" : "added";
  }
}

/** The canvas of one version: every step, with a count of its review threads where it has any. */
export function commentFlow(
  script: Script,
  threads: readonly { id: string; nodeId?: string; resolved: boolean }[],
): { nodes: MarkedFlowNode[]; edges: FlowEdge[] } {
  const byNode = new Map<string, { total: number; open: number; firstThreadId: string }>();
  for (const t of threads) {
    if (!t.nodeId) continue;
    const c = byNode.get(t.nodeId) ?? { total: 0, open: 0, firstThreadId: t.id };
    byNode.set(t.nodeId, { ...c, total: c.total + 1, open: c.open + (t.resolved ? 0 : 1) });
  }
  const nodes = toFlowNodes(script, NO_OVERLAY).map((n): MarkedFlowNode => {
    const comments = byNode.get(n.id);
    if (!comments) return n;
    return {
      ...n,
      ariaLabel: `${n.ariaLabel ?? n.id}, ${commentsLabel(comments)}`,
      data: { ...n.data, comments },
    };
  });
  return { nodes, edges: script.edges.map((e) => markEdge(e, e.id, "unchanged")) };
}

export function commentsLabel(c: { total: number; open: number }): string {
  return `${c.total} comment${c.total === 1 ? "" : "s"}${c.open > 0 ? `, ${c.open} open` : ", resolved"}`;
}

function markNode(n: ScriptFlowNode, mark: NodeMark): MarkedFlowNode {
  return {
    ...n,
    // Ghosts sit where the removed step was and may overlap a step of the other side: keep them behind it.
    ...(mark === "removed" ? { zIndex: -1 } : {}),
    ariaLabel: `${n.ariaLabel ?? n.id} (${NODE_MARKS[mark].label.toLowerCase()})`,
    className: `${n.className ?? ""} mark-${mark}`.trim(),
    data: { ...n.data, mark },
  };
}

function markEdge(e: Edge, id: string, mark: EdgeMark): FlowEdge {
  return {
    id,
    source: e.source,
    sourceHandle: e.sourceHandle,
    target: e.target,
    targetHandle: "in",
    className: `diff-edge edge-${mark}`,
    ...(mark === "unchanged" ? {} : { label: EDGE_MARKS[mark].label, ariaLabel: `${EDGE_MARKS[mark].label} connection` }),
    ...(mark === "added" || mark === "moved" ? { zIndex: 1 } : {}),
  };
}
