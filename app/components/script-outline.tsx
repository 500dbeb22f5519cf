import { nodeOutputs, outputLabel } from "~/domain/node-outputs";
import { NODE_KIND_LABELS, nodeDisplayName } from "~/domain/node-summary";
import { readingOrder } from "~/domain/reading-order";
import type { ReactNode } from "react";
import type { Script, ScriptNode } from "~/domain/script-types";
import { RichTextView } from "./rich-text-view";

/**
 * The script as a readable outline: what the server renders, and what works without JavaScript.
 * `limit` shows the first steps only (large scripts open faster); the page offers the rest on request.
 * `annotate` adds something under a step's heading (review comments, diff marks on the versions pages).
 */
export function ScriptOutline({
  script,
  limit,
  annotate,
}: {
  script: Script;
  limit?: number;
  annotate?: (node: ScriptNode) => ReactNode;
}) {
  const byId = new Map(script.nodes.map((n) => [n.id, n]));
  const targetOf = new Map(script.edges.map((e) => [`${e.source}\u0000${e.sourceHandle}`, e.target]));
  return (
    <ol className="outline" aria-label="Script outline">
      {readingOrder(script).slice(0, limit).map((node) => (
        <li key={node.id} id={`node-${node.id}`} className="card outline-node" data-kind={node.kind}>
          <h3>
            <span className="badge">{NODE_KIND_LABELS[node.kind]}</span> {nodeDisplayName(node, 80)}
          </h3>
          {annotate?.(node)}
          <NodeBody node={node} />
          {node.note ? <p className="note">Note: {node.note}</p> : null}
          {nodeOutputs(node).length > 0 ? (
            <ul className="outline-outputs" aria-label={`Where “${nodeDisplayName(node)}” leads`}>
              {nodeOutputs(node).map((handle) => {
                const target = byId.get(targetOf.get(`${node.id}\u0000${handle}`) ?? "");
                return (
                  <li key={handle}>
                    {handle === "next" ? "Then" : outputLabel(node, handle)} →{" "}
                    {target ? <a href={`#node-${target.id}`}>{nodeDisplayName(target)}</a> : <em>not connected</em>}
                  </li>
                );
              })}
            </ul>
          ) : null}
        </li>
      ))}
    </ol>
  );
}

function NodeBody({ node }: { node: ScriptNode }) {
  switch (node.kind) {
    case "say":
    case "callback":
    case "referral":
      return <RichTextView doc={node.text} />;
    case "question":
      return (
        <>
          <RichTextView doc={node.text} />
          <p className="meta">
            {QUESTION_TYPE_LABELS[node.questionType]}
            {node.answerField ? ` · saved as ${node.answerField}` : ""}
            {node.readOut ? ` · options ${node.readOut.aloud ? "read aloud" : "not read"}, ${node.readOut.order}` : ""}
            {node.questionType === "scale" && node.scale ? ` · ${node.scale.min} to ${node.scale.max}` : ""}
          </p>
        </>
      );
    case "end":
      return (
        <>
          {node.text ? <RichTextView doc={node.text} /> : null}
          <p className="meta">
            Outcome: {node.outcome.label} · {node.outcome.success ? "success" : "not a success"} · AAPOR{" "}
            {node.outcome.disposition}
          </p>
        </>
      );
    case "condition":
      return node.rules.length === 0 ? <p className="meta">No rules: always takes “else”.</p> : null;
    case "checkpoint":
      return <p className="meta">Milestone reached: {node.name}</p>;
    default:
      return null;
  }
}

const QUESTION_TYPE_LABELS = {
  "yes-no": "Yes / no",
  single: "Single choice",
  multiple: "Multiple choice",
  scale: "Rating scale",
  "semi-open": "Semi-open (listed answers + other)",
} as const;
