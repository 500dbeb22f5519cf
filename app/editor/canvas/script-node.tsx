import { Handle, Position, type NodeProps } from "@xyflow/react";
import { memo } from "react";
import { cardHasOutputLabels } from "~/domain/node-card";
import { richTextToPlain } from "~/domain/rich-text";
import { NODE_KIND_LABELS, nodeDisplayName } from "~/domain/node-summary";
import type { ScriptNode } from "~/domain/script-types";
import type { ScriptFlowNode } from "../to-flow";

/**
 * One node on the canvas: its kind, what it says at a glance, and one output handle per answer. Its size
 * and handle positions are fixed by domain/node-card (see editor.css).
 */
export const ScriptNodeView = memo(function ScriptNodeView({ data, selected }: NodeProps<ScriptFlowNode>) {
  const { node, outputs, problem, highlighted } = data;
  return (
    <div
      className="sp-node"
      data-kind={node.kind}
      data-problem={problem}
      data-highlighted={highlighted || undefined}
      data-selected={selected || undefined}
    >
      {node.kind !== "start" ? <Handle type="target" position={Position.Top} id="in" className="sp-handle-in" /> : null}
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
              <Handle
                type="source"
                position={Position.Bottom}
                id={o.handle}
                className="sp-handle-out"
                style={{ left: `${((i + 0.5) / outputs.length) * 100}%` }}
                aria-label={`Output ${o.label}`}
              />
            </div>
          ))}
        </div>
      ) : null}
    </div>
  );
});

function NodeGlance({ node }: { node: ScriptNode }) {
  switch (node.kind) {
    case "say":
    case "callback":
    case "referral":
    case "question": {
      const text = richTextToPlain(node.text).replace(/\s+/g, " ").trim();
      return <p className="sp-text">{text ? firstWords(text, 140) : <em>No text yet</em>}</p>;
    }
    case "end":
      return (
        <p className="sp-text">
          {node.outcome.success ? "✓ " : ""}
          {node.outcome.label} · AAPOR {node.outcome.disposition}
        </p>
      );
    case "checkpoint":
      return <p className="sp-text">Milestone: {node.name}</p>;
    case "condition":
      return (
        <p className="sp-text">
          {node.rules.length === 0 ? "No rules" : `${node.rules.length} rule${node.rules.length === 1 ? "" : "s"}`}
        </p>
      );
    default:
      return null;
  }
}

function firstWords(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

export const nodeTypes = { script: ScriptNodeView };
