import {
  Background,
  BackgroundVariant,
  Controls,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Edge as FlowEdge,
  type NodeMouseHandler,
  type NodeProps,
  type ReactFlowProps,
} from "@xyflow/react";
import { createContext, memo, useContext, useEffect, useMemo, useRef } from "react";
import { cardCentre } from "~/domain/node-card";
import { nodeDisplayName } from "~/domain/node-summary";
import type { Script } from "~/domain/script-types";
import type { ScriptDiff } from "~/domain/versions/diff";
import { BACKGROUND_GAP, CANVAS_VIEW_OPTIONS, RENDER_VISIBLE_ABOVE } from "~/editor/canvas/canvas-options";
import { ScriptNodeView } from "~/editor/canvas/script-node";
import {
  commentFlow,
  commentsLabel,
  diffFlow,
  EDGE_MARKS,
  NODE_MARKS,
  type MarkedFlowNode,
} from "./canvas-marks";

// The versions pages show the editor's own step cards, without its store: nothing here can change the script.

interface CanvasActions {
  /** A marked step was chosen: show its entry in the list of changes. */
  onShowChange?: (nodeId: string) => void;
  /** A step's comment badge was chosen: open its first thread in the comments panel. */
  onOpenThread?: (threadId: string) => void;
}

const ActionsContext = createContext<CanvasActions>({});

const MarkedNodeView = memo(function MarkedNodeView(props: NodeProps<MarkedFlowNode>) {
  const { mark, comments, node } = props.data;
  const { onShowChange, onOpenThread } = useContext(ActionsContext);
  const name = nodeDisplayName(node, 60);
  const info = mark && mark !== "unchanged" ? NODE_MARKS[mark] : undefined;
  return (
    <div className="ro-node" data-mark={mark}>
      {info ? (
        onShowChange ? (
          <button
            type="button"
            className={`nodrag nopan ro-mark ${mark}`}
            aria-label={`${info.label}: show “${name}” in the list of changes`}
            onClick={(event) => {
              // The step itself reacts to clicks as well (onNodeClick): act once.
              event.stopPropagation();
              onShowChange(props.id);
            }}
          >
            <span aria-hidden="true">{info.sign}</span> <span>{info.label}</span>
          </button>
        ) : (
          <span className={`ro-mark ${mark}`}>
            <span aria-hidden="true">{info.sign}</span> <span>{info.label}</span>
          </span>
        )
      ) : null}
      <ScriptNodeView {...props} />
      {comments ? (
        <button
          type="button"
          className="nodrag nopan ro-comments"
          aria-label={`${commentsLabel(comments)} on “${name}”: open in the comments panel`}
          data-open={comments.open > 0 || undefined}
          onClick={(event) => {
            event.stopPropagation();
            onOpenThread?.(comments.firstThreadId);
          }}
        >
          <span aria-hidden="true">💬</span> {comments.total}
        </button>
      ) : null}
    </div>
  );
});

const NODE_TYPES = { script: MarkedNodeView };

// Stable props, as in the editor (see canvas-options.ts); nothing can be dragged, connected or deleted.
const READ_ONLY_OPTIONS = {
  ...CANVAS_VIEW_OPTIONS,
  nodesDraggable: false,
  nodesConnectable: false,
  elementsSelectable: false,
  edgesFocusable: false,
  edgesReconnectable: false,
  zoomOnDoubleClick: false,
} satisfies Partial<ReactFlowProps>;

const ARIA_LABEL_CONFIG = {
  "node.a11yDescription.default": "A step of the script, read-only. Tab to its mark or comment badge to act on it.",
};

interface FocusRequest {
  nodeId: string;
  /** Changes with every request, so asking for the same step twice centres it again. */
  serial: number;
}

function ReadOnlyFlow({
  nodes,
  edges,
  actions,
  focus,
  label,
}: {
  nodes: MarkedFlowNode[];
  edges: FlowEdge[];
  actions: CanvasActions;
  focus?: FocusRequest;
  label: string;
}) {
  const onNodeClick = useMemo<NodeMouseHandler<MarkedFlowNode>>(
    () => (_, node) => {
      if (node.data.comments && actions.onOpenThread) actions.onOpenThread(node.data.comments.firstThreadId);
      else if (node.data.mark && node.data.mark !== "unchanged" && actions.onShowChange) actions.onShowChange(node.id);
    },
    [actions],
  );
  return (
    <ActionsContext.Provider value={actions}>
      <div className="ro-canvas" role="group" aria-label={label}>
        <ReactFlowProvider>
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={NODE_TYPES}
            onNodeClick={onNodeClick}
            onlyRenderVisibleElements={nodes.length > RENDER_VISIBLE_ABOVE}
            ariaLabelConfig={ARIA_LABEL_CONFIG}
            {...READ_ONLY_OPTIONS}
          >
            <Background variant={BackgroundVariant.Dots} gap={BACKGROUND_GAP} />
            <Controls showInteractive={false} />
            <CentreOn focus={focus} />
          </ReactFlow>
        </ReactFlowProvider>
      </div>
    </ActionsContext.Provider>
  );
}

/** Centres the requested step and moves keyboard focus to it. */
function CentreOn({ focus }: { focus?: FocusRequest }) {
  const flow = useReactFlow<MarkedFlowNode>();
  useEffect(() => {
    if (!focus) return;
    const node = flow.getInternalNode(focus.nodeId);
    if (!node) return;
    const { x, y } = cardCentre(node.data.node);
    void flow.setCenter(x, y, { zoom: Math.max(flow.getZoom(), 0.8), duration: 250 });
    const el = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(focus.nodeId)}"]`);
    el?.closest(".ro-canvas")?.scrollIntoView({ block: "nearest" });
    el?.focus({ preventScroll: true });
  }, [focus, flow]);
  return null;
}

/** The diff on the canvas: the "to" side with its changes marked, removed steps as ghosts, and a legend. */
export function DiffCanvas({
  from,
  to,
  diff,
  label,
  onShowChange,
}: {
  from: Script;
  to: Script;
  diff: ScriptDiff;
  label: string;
  onShowChange: (nodeId: string) => void;
}) {
  const { nodes, edges } = useMemo(() => diffFlow(from, to, diff), [from, to, diff]);
  const latest = useRef(onShowChange);
  latest.current = onShowChange;
  const actions = useMemo<CanvasActions>(() => ({ onShowChange: (id) => latest.current(id) }), []);
  return (
    <>
      <ReadOnlyFlow nodes={nodes} edges={edges} actions={actions} label={label} />
      <DiffLegend />
    </>
  );
}

/** What the marks mean, in words and signs as well as colours. */
export function DiffLegend() {
  return (
    <ul className="ro-legend" aria-label="Legend">
      {(["added", "changed", "removed", "unchanged"] as const).map((mark) => (
        <li key={mark}>
          <span className={`ro-swatch node ${mark}`} aria-hidden="true">
            {NODE_MARKS[mark].sign}
          </span>
          {NODE_MARKS[mark].legend}
        </li>
      ))}
      {(["added", "removed", "moved", "moved-from"] as const).map((mark) => (
        <li key={`edge-${mark}`}>
          <span className={`ro-swatch edge ${mark}`} aria-hidden="true" />
          {EDGE_MARKS[mark].legend}
        </li>
      ))}
    </ul>
  );
}

/** One version on the canvas, with a badge on every step that has review threads. */
export function CommentCanvas({
  script,
  threads,
  label,
  focus,
  onOpenThread,
}: {
  script: Script;
  threads: readonly { id: string; nodeId?: string; resolved: boolean }[];
  label: string;
  focus?: FocusRequest;
  onOpenThread: (threadId: string) => void;
}) {
  const { nodes, edges } = useMemo(() => commentFlow(script, threads), [script, threads]);
  const latest = useRef(onOpenThread);
  latest.current = onOpenThread;
  const actions = useMemo<CanvasActions>(() => ({ onOpenThread: (id) => latest.current(id) }), []);
  return <ReadOnlyFlow nodes={nodes} edges={edges} actions={actions} focus={focus} label={label} />;
}
