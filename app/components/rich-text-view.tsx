import type { ReactNode } from "react";
import type { RichNode, RichText } from "~/domain/script-types";

/** Renders a script's TipTap JSON read-only, on the server as well as in the browser. */
export function RichTextView({ doc, fill }: { doc: RichText | undefined; fill?: (key: string) => string }) {
  return <div className="rich-text">{(doc?.content ?? []).map((node, i) => renderNode(node, i, fill))}</div>;
}

function renderNode(node: RichNode, key: number, fill?: (key: string) => string): ReactNode {
  const children = (node.content ?? []).map((child, i) => renderNode(child, i, fill));
  switch (node.type) {
    case "paragraph":
      return <p key={key}>{children}</p>;
    case "bulletList":
      return <ul key={key}>{children}</ul>;
    case "orderedList":
      return <ol key={key}>{children}</ol>;
    case "listItem":
      return <li key={key}>{children}</li>;
    case "hardBreak":
      return <br key={key} />;
    case "mergeField": {
      const field = typeof node.attrs?.["key"] === "string" ? node.attrs["key"] : "";
      return (
        <span key={key} className="merge-field" title={`Merge field ${field}`}>
          {fill ? fill(field) : `{{${field}}}`}
        </span>
      );
    }
    case "text":
      return applyMarks(node, key);
    default:
      return <span key={key}>{children}</span>;
  }
}

function applyMarks(node: RichNode, key: number): ReactNode {
  let out: ReactNode = node.text ?? "";
  for (const mark of node.marks ?? []) {
    if (mark.type === "bold") out = <strong>{out}</strong>;
    else if (mark.type === "italic") out = <em>{out}</em>;
    else if (mark.type === "slow") out = <span className="read-slowly" title="Read slowly">{out}</span>;
  }
  return <span key={key}>{out}</span>;
}
