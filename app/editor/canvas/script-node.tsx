import { Handle, Position, useStore, type NodeProps, type ReactFlowState } from "@xyflow/react";
import { memo, type ReactNode } from "react";
import { CARD_TEXT_LINES, cardHasOutputLabels } from "~/domain/node-card";
import { richTextToPlain } from "~/domain/rich-text";
import { NODE_KIND_LABELS, nodeDisplayName } from "~/domain/node-summary";
import type { ScriptNode } from "~/domain/script-types";
import type { ScriptFlowNode } from "../to-flow";

/**
 * Below this zoom a card's words are under 4 px tall: it is drawn as a block of its kind's colour, same
 * size and handles (the step's name stays in its accessible name), which keeps a zoomed-out 1,000-step
 * canvas quick to draw, pan and zoom.
 */
export const FAR_ZOOM = 0.3;
const isFar = (s: ReactFlowState) => s.transform[2] < FAR_ZOOM;

/**
 * One node on the canvas: its kind, what it says at a glance, and one output handle per answer. Its size
 * and handle positions are fixed by domain/node-card (see editor.css).
 */
export const ScriptNodeView = memo(function ScriptNodeView({ data, selected }: NodeProps<ScriptFlowNode>) {
  const { node, outputs, problem, highlighted } = data;
  const far = useStore(isFar);
  return (
    <div
      className="sp-node"
      data-kind={node.kind}
      data-problem={problem}
      data-highlighted={highlighted || undefined}
      data-selected={selected || undefined}
      data-far={far || undefined}
    >
      {node.kind !== "start" ? <Handle type="target" position={Position.Top} id="in" className="sp-handle-in" /> : null}
      {far ? (
        outputs.map((o, i) => <OutputHandle key={o.handle} output={o} index={i} of={outputs.length} />)
      ) : (
        <>
          <div className="sp-node-head">
            <span className="sp-kind">{NODE_KIND_LABELS[node.kind]}</span>
            <span className="sp-title">{nodeDisplayName(node, 40)}</span>
            {problem ? (
              <span className={`sp-problem ${problem}`} title={problem === "error" ? "Has problems" : "Has warnings"}>
                {problem === "error" ? "!" : "?"}
              </span>
            ) : null}
          </div>
          <NodeGlance node={node} />
          {outputs.length > 0 ? (
            <div className="sp-outputs" data-labelled={cardHasOutputLabels(node) || undefined}>
              {outputs.map((o, i) => (
                <div key={o.handle} className="sp-output" style={{ flexBasis: `${100 / outputs.length}%` }}>
                  {o.handle !== "next" ? <span className="sp-output-label">{o.label}</span> : null}
                  <OutputHandle output={o} index={i} of={outputs.length} />
                </div>
              ))}
            </div>
          ) : null}
        </>
      )}
    </div>
  );
});

/** An output's handle, spread along the bottom edge in output order (domain/node-card cardHandles). */
function OutputHandle({ output, index, of }: { output: { handle: string; label: string }; index: number; of: number }) {
  return (
    <Handle
      type="source"
      position={Position.Bottom}
      id={output.handle}
      className="sp-handle-out"
      style={{ left: `${((index + 0.5) / of) * 100}%` }}
      aria-label={`Output ${output.label}`}
    />
  );
}

/** What a card says at a glance, clamped to the lines its kind has room for (CARD_TEXT_LINES). */
function NodeGlance({ node }: { node: ScriptNode }) {
  const glance = glanceOf(node);
  if (glance === null) return null;
  return (
    <p className="sp-text" style={{ WebkitLineClamp: CARD_TEXT_LINES[node.kind] }}>
      {glance}
    </p>
  );
}

function glanceOf(node: ScriptNode): ReactNode {
  switch (node.kind) {
    case "say":
    case "callback":
    case "referral":
    case "question": {
      const text = richTextToPlain(node.text).replace(/\s+/g, " ").trim();
      return text ? firstWords(text, 140) : <em>No text yet</em>;
    }
    case "end":
      return `${node.outcome.success ? "✓ " : ""}${node.outcome.label} · AAPOR ${node.outcome.disposition}`;
    case "checkpoint":
      return `Milestone: ${node.name}`;
    case "condition":
      return node.rules.length === 0 ? "No rules" : `${node.rules.length} rule${node.rules.length === 1 ? "" : "s"}`;
    default:
      return null;
  }
}

function firstWords(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

export const nodeTypes = { script: ScriptNodeView };
