// The script document as a plugin sees it, and the few graph helpers every exporter needs. The SDK is
// first-party: it may use the pure domain (bundled into a third-party plugin with the SDK), so a plugin gets
// the same outputs, labels and reading order as the editor, from one implementation.
import { nodeOutputs } from "../../app/domain/node-outputs";
import { readingOrder } from "../../app/domain/reading-order";
import type { RichNode, RichText, Script, ScriptNode } from "../../app/types/generated/script.v1";

export type * from "../../app/types/generated/script.v1";
export { nodeOutputs, outputLabel } from "../../app/domain/node-outputs";

export type NodeKind = ScriptNode["kind"];

export const NODE_KINDS: readonly NodeKind[] = [
  "start",
  "say",
  "question",
  "condition",
  "callback",
  "referral",
  "checkpoint",
  "end",
];

/** A script's nodes by id and where each output leads. */
export interface ScriptGraph {
  node(id: string): ScriptNode | undefined;
  /** The node an output leads to, or undefined when it is not connected. */
  next(nodeId: string, handle: string): ScriptNode | undefined;
  start: ScriptNode | undefined;
  /** Nodes in reading order: breadth-first from the start along drawn outputs, then unreachable ones. */
  readingOrder: ScriptNode[];
  /** Ids of the nodes reachable from the start. */
  reachable: Set<string>;
}

export function scriptGraph(script: Script): ScriptGraph {
  const byId = new Map(script.nodes.map((n) => [n.id, n]));
  const targets = new Map<string, string>();
  for (const e of script.edges) targets.set(`${e.source}\u0000${e.sourceHandle}`, e.target);
  const next = (nodeId: string, handle: string) => byId.get(targets.get(`${nodeId}\u0000${handle}`) ?? "");
  const start = script.nodes.find((n) => n.kind === "start");
  const reachable = new Set<string>();
  const queue: ScriptNode[] = start ? [start] : [];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i];
    if (reachable.has(node.id)) continue;
    reachable.add(node.id);
    for (const handle of nodeOutputs(node)) {
      const target = next(node.id, handle);
      if (target && !reachable.has(target.id)) queue.push(target);
    }
  }
  return { node: (id) => byId.get(id), next, start, readingOrder: readingOrder(script), reachable };
}

/** One piece of text: literal words or a merge field to fill. */
export type TextPart = { text: string } | { field: string };

/**
 * Rich text as paragraphs of parts, so each exporter renders merge fields its own way
 * (`<value expr>` in VoiceXML, `{field}` in SurveyJS, a filled span in HTML).
 */
export function textParagraphs(doc: RichText | undefined): TextPart[][] {
  const paragraphs: TextPart[][] = [];
  const inline = (nodes: RichNode[], parts: TextPart[]) => {
    for (const node of nodes) {
      if (node.type === "text") parts.push({ text: node.text ?? "" });
      else if (node.type === "hardBreak") parts.push({ text: "\n" });
      else if (node.type === "mergeField") {
        const key = node.attrs?.["key"];
        parts.push({ field: typeof key === "string" ? key : "" });
      } else inline(node.content ?? [], parts);
    }
  };
  const block = (node: RichNode) => {
    if (node.type === "paragraph") {
      const parts: TextPart[] = [];
      inline(node.content ?? [], parts);
      paragraphs.push(parts);
    } else for (const child of node.content ?? []) block(child);
  };
  for (const node of doc?.content ?? []) block(node);
  return paragraphs;
}

/** Plain text with merge fields as `{{key}}`, or filled by `fill`; paragraphs joined by newlines. */
export function plainText(doc: RichText | undefined, fill?: (key: string) => string): string {
  return textParagraphs(doc)
    .map((parts) =>
      parts.map((p) => ("field" in p ? (fill ? fill(p.field) : `{{${p.field}}}`) : p.text)).join(""),
    )
    .join("\n")
    .trim();
}

/** The node's own name for people: its title, else the first words of its text, else its kind and id. */
export function nodeLabel(node: ScriptNode): string {
  if ("title" in node && node.title) return node.title;
  if (node.kind === "checkpoint") return node.name;
  const text = "text" in node ? plainText(node.text) : "";
  if (text) return text.length > 60 ? `${text.slice(0, 57)}…` : text;
  return `${node.kind} ${node.id}`;
}
