import { cardSize } from "./node-card";
import { nodeOutputs } from "./node-outputs";
import type { Position, Script } from "./script-types";

// Auto-layout as a pure mapping: the script becomes a graph in ELK's JSON format (elkjs runs it, in the
// editor, off the main thread or lazily loaded), and ELK's result becomes node positions for moveNodes.
// Each output is a port on the bottom side, in the order nodeOutputs draws them, with the order fixed, so
// the branch of the first answer is laid out to the left of the second's, as the card shows them.

/** The part of ELK's JSON graph format used here (compatible with elkjs's ElkNode). */
export interface ElkGraphNode {
  id: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  layoutOptions?: Record<string, string>;
  ports?: ElkGraphPort[];
  children?: ElkGraphNode[];
  edges?: ElkGraphEdge[];
}

export interface ElkGraphPort {
  id: string;
  x?: number;
  y?: number;
  width?: number;
  height?: number;
  layoutOptions?: Record<string, string>;
}

export interface ElkGraphEdge {
  id: string;
  sources: string[];
  targets: string[];
}

/** Layered, top-down; model order breaks ties so the layout follows the document where it can. */
export const ELK_LAYOUT_OPTIONS: Readonly<Record<string, string>> = {
  "org.eclipse.elk.algorithm": "layered",
  "org.eclipse.elk.direction": "DOWN",
  "org.eclipse.elk.spacing.nodeNode": "60",
  "org.eclipse.elk.layered.spacing.nodeNodeBetweenLayers": "90",
  "org.eclipse.elk.spacing.componentComponent": "120",
  "org.eclipse.elk.layered.cycleBreaking.strategy": "DEPTH_FIRST",
  "org.eclipse.elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
};

/** The id of the port of `handle` on node `nodeId` ("/" never occurs in ids, so this cannot collide). */
export function outputPortId(nodeId: string, handle: string): string {
  return `${nodeId}/${handle}`;
}

/** Every node's single input port, on its top side. */
export function inputPortId(nodeId: string): string {
  return `${nodeId}/in`;
}

/**
 * The script as an ELK graph: one child per node, as large as its card on the canvas, with its outputs as
 * ports on the bottom side in output order (FIXED_ORDER) and an input port on top; one edge per
 * connection that leaves an output its node has and leads to an existing node, from that output's port.
 * Broken connections are left out: they are the checks' business, not the layout's.
 */
export function toElkGraph(script: Script): ElkGraphNode {
  const children: ElkGraphNode[] = [];
  const outputs = new Map<string, string[]>();
  for (const node of script.nodes) {
    if (outputs.has(node.id)) continue; // a repeated id: the first node is the one connections reach
    const handles = [...new Set(nodeOutputs(node))];
    outputs.set(node.id, handles);
    const size = cardSize(node);
    // ELK orders fixed ports clockwise from the top-left corner: along the bottom side that is right to
    // left, so the first output gets the highest index.
    const ports: ElkGraphPort[] = [
      {
        id: inputPortId(node.id),
        width: 1,
        height: 1,
        layoutOptions: { "org.eclipse.elk.port.side": "NORTH", "org.eclipse.elk.port.index": "0" },
      },
      ...handles.map((handle, k) => ({
        id: outputPortId(node.id, handle),
        width: 1,
        height: 1,
        layoutOptions: {
          "org.eclipse.elk.port.side": "SOUTH",
          "org.eclipse.elk.port.index": String(handles.length - k),
        },
      })),
    ];
    children.push({
      id: node.id,
      width: size.width,
      height: size.height,
      layoutOptions: { "org.eclipse.elk.portConstraints": "FIXED_ORDER" },
      ports,
    });
  }
  const edges: ElkGraphEdge[] = [];
  const seen = new Set<string>();
  for (const edge of script.edges) {
    if (seen.has(edge.id)) continue;
    if (!outputs.get(edge.source)?.includes(edge.sourceHandle) || !outputs.has(edge.target)) continue;
    seen.add(edge.id);
    edges.push({
      id: edge.id,
      sources: [outputPortId(edge.source, edge.sourceHandle)],
      targets: [inputPortId(edge.target)],
    });
  }
  return { id: "root", layoutOptions: { ...ELK_LAYOUT_OPTIONS }, children, edges };
}

/** The top-left corner of every laid-out node, rounded to whole pixels, for moveNodes. */
export function positionsFromElk(layout: ElkGraphNode): Record<string, Position> {
  const positions: Record<string, Position> = {};
  for (const child of layout.children ?? []) {
    if (typeof child.x !== "number" || typeof child.y !== "number") continue;
    if (!Number.isFinite(child.x) || !Number.isFinite(child.y)) continue;
    positions[child.id] = { x: Math.round(child.x), y: Math.round(child.y) };
  }
  return positions;
}
