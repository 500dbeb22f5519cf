import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge as FlowEdge,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
  type OnSelectionChangeParams,
} from "@xyflow/react";
import { memo, useCallback, useMemo, useState, type DragEvent } from "react";
import { addNode, connect, deleteElements, moveNodes, reconnectEdge } from "~/domain/edits";
import type { NodeKind, Position } from "~/domain/script-types";
import { useEditor, useEditorStore } from "../editor-store";
import { newId } from "../new-id";
import { toFlowEdges, toFlowNodes, type ScriptFlowNode } from "../to-flow";
import { useEdit } from "../use-edit";
import { BACKGROUND_GAP, CANVAS_VIEW_OPTIONS, RENDER_VISIBLE_ABOVE } from "./canvas-options";
import { nodeTypes } from "./script-node";
import { NodeKindMenu } from "./node-kind-menu";

// Props passed to <ReactFlow> must be stable (see canvas-options.ts).
const ARIA_LABEL_CONFIG = {
  "node.a11yDescription.default":
    "Press Enter or Space to select this step. Use arrow keys to move it, Delete to remove it.",
};
const minimapClassName = (n: ScriptFlowNode) => `minimap-${n.data.node.kind}`;

export const PALETTE_MIME = "application/x-scriptpilot-node-kind";

interface PendingConnection {
  source: string;
  sourceHandle: string;
  screen: { x: number; y: number };
  position: Position;
}

/**
 * The graph canvas: nodes and edges derived from the document; every change goes back as a domain edit.
 * Memoised (no props): it re-renders from the editor store only, never because the layout around it did.
 */
export const ScriptCanvas = memo(function ScriptCanvas() {
  const store = useEditorStore();
  const doc = useEditor((s) => s.doc);
  const problems = useEditor((s) => s.checks?.problemsByNode ?? s.initialProblems);
  const selection = useEditor((s) => s.selection);
  const highlight = useEditor((s) => s.highlight);
  const edit = useEdit();
  const flow = useReactFlow();
  const [pending, setPending] = useState<PendingConnection | null>(null);

  const overlay = useMemo(
    () => ({
      problems,
      highlight: highlight
        ? { nodeIds: new Set(highlight.nodeIds), edgeIds: new Set(highlight.edgeIds) }
        : null,
      selectedNodeIds: new Set(selection.nodeIds),
      selectedEdgeIds: new Set(selection.edgeIds),
    }),
    [problems, highlight, selection],
  );

  // The flow nodes follow the document in the same render (not in an effect, which would commit the canvas
  // twice per keystroke); React Flow's own changes (drags, sizes) update them in between.
  const [derived, setDerived] = useState(() => ({
    doc,
    overlay,
    nodes: toFlowNodes(doc, overlay),
    edges: toFlowEdges(doc, overlay),
  }));
  let { nodes, edges } = derived;
  if (derived.doc !== doc || derived.overlay !== overlay) {
    nodes = toFlowNodes(doc, overlay, nodes);
    edges = toFlowEdges(doc, overlay, edges);
    setDerived({ doc, overlay, nodes, edges });
  }

  // Dragging, measuring and selecting are React Flow's own business until they settle; removals are
  // one undoable domain edit (see use-editor-shortcuts), so they are not applied here.
  const onNodesChange = useCallback((changes: NodeChange<ScriptFlowNode>[]) => {
    const kept = changes.filter((c) => c.type !== "remove");
    if (kept.length > 0) setDerived((f) => ({ ...f, nodes: applyNodeChanges(kept, f.nodes) }));
  }, []);
  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const kept = changes.filter((c) => c.type !== "remove");
    if (kept.length > 0) setDerived((f) => ({ ...f, edges: applyEdgeChanges(kept, f.edges) }));
  }, []);

  const onSelectionChange = useCallback(
    ({ nodes: n, edges: e }: OnSelectionChangeParams) => {
      store.getState().select({ nodeIds: n.map((x) => x.id), edgeIds: e.map((x) => x.id) });
    },
    [store],
  );

  const onNodeDragStop = useCallback(
    (_: unknown, _node: ScriptFlowNode, dragged: ScriptFlowNode[]) => {
      const positions: Record<string, Position> = {};
      for (const n of dragged) positions[n.id] = { x: Math.round(n.position.x), y: Math.round(n.position.y) };
      edit(moveNodes, { positions });
    },
    [edit],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      if (!c.sourceHandle) return;
      edit(connect, { id: newId("e"), source: c.source, sourceHandle: c.sourceHandle, target: c.target });
    },
    [edit],
  );

  const onReconnect = useCallback(
    (old: FlowEdge, c: Connection) => {
      if (c.source !== old.source || c.sourceHandle !== old.sourceHandle) {
        edit(deleteElements, { nodeIds: [], edgeIds: [old.id] });
        if (c.sourceHandle)
          edit(connect, { id: newId("e"), source: c.source, sourceHandle: c.sourceHandle, target: c.target });
        return;
      }
      edit(reconnectEdge, { edgeId: old.id, target: c.target });
    },
    [edit],
  );

  // Dropping a new connection on empty canvas offers to create the next step there.
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid || state.toNode || !state.fromNode || !state.fromHandle?.id) return;
      if (state.fromHandle.type !== "source") return;
      const point = "changedTouches" in event ? event.changedTouches[0] : event;
      const screen = { x: point.clientX, y: point.clientY };
      setPending({
        source: state.fromNode.id,
        sourceHandle: state.fromHandle.id,
        screen,
        position: flow.screenToFlowPosition(screen),
      });
    },
    [flow],
  );

  const createFromPending = useCallback(
    (kind: NodeKind) => {
      if (!pending) return;
      const id = newId("n");
      edit(addNode, {
        kind,
        id,
        position: { x: Math.round(pending.position.x - 130), y: Math.round(pending.position.y) },
        from: { source: pending.source, sourceHandle: pending.sourceHandle, edgeId: newId("e") },
      });
      setPending(null);
      store.getState().select({ nodeIds: [id], edgeIds: [] });
    },
    [pending, edit, store],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (event.dataTransfer.types.includes(PALETTE_MIME)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
    }
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const kind = event.dataTransfer.getData(PALETTE_MIME) as NodeKind;
      if (!kind) return;
      event.preventDefault();
      const position = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      const id = newId("n");
      edit(addNode, {
        kind,
        id,
        position: { x: Math.round(position.x - 130), y: Math.round(position.y - 30) },
      });
      store.getState().select({ nodeIds: [id], edgeIds: [] });
    },
    [flow, edit, store],
  );

  return (
    <div className="sp-canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<ScriptFlowNode, FlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onSelectionChange={onSelectionChange}
        onNodeDragStop={onNodeDragStop}
        onConnect={onConnect}
        onReconnect={onReconnect}
        onConnectEnd={onConnectEnd}
        {...CANVAS_VIEW_OPTIONS}
        onlyRenderVisibleElements={doc.nodes.length > RENDER_VISIBLE_ABOVE}
        ariaLabelConfig={ARIA_LABEL_CONFIG}
      >
        <Background variant={BackgroundVariant.Dots} gap={BACKGROUND_GAP} size={1} />
        <Controls showInteractive={false} />
        <MiniMap<ScriptFlowNode>
          pannable
          zoomable
          ariaLabel="Overview of the script"
          nodeClassName={minimapClassName}
        />
      </ReactFlow>
      {pending ? (
        <NodeKindMenu
          at={pending.screen}
          title="Add the next step"
          onChoose={createFromPending}
          onClose={() => setPending(null)}
        />
      ) : null}
    </div>
  );
});
