import type { RichNode, RichText } from "./script-types";

const MERGE_FIELD = /\{\{\s*([A-Za-z][A-Za-z0-9_]{0,63})\s*\}\}/g;

/**
 * Builds TipTap JSON from plain text: blank lines separate paragraphs, `{{key}}` becomes a merge-field chip.
 * Templates, generators and importers of plain text use this instead of writing ProseMirror JSON by hand.
 */
export function richTextFromPlain(text: string): RichText {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  return {
    type: "doc",
    content: paragraphs.map((p) => ({ type: "paragraph", content: inlineFromPlain(p) })),
  };
}

function inlineFromPlain(text: string): RichNode[] {
  const out: RichNode[] = [];
  let last = 0;
  for (const match of text.matchAll(MERGE_FIELD)) {
    const index = match.index ?? 0;
    if (index > last) out.push({ type: "text", text: text.slice(last, index) });
    out.push({ type: "mergeField", attrs: { key: match[1] } });
    last = index + match[0].length;
  }
  if (last < text.length) out.push({ type: "text", text: text.slice(last) });
  return out;
}

/**
 * The text a person reads, with merge fields shown as `{{key}}` (or filled by `fill` when given).
 * Paragraphs and list items are separated by newlines.
 */
export function richTextToPlain(doc: RichText | undefined, fill?: (key: string) => string): string {
  if (!doc?.content) return "";
  const blocks: string[] = [];
  for (const node of doc.content) collectBlocks(node, blocks, fill);
  return blocks.join("\n").trim();
}

function collectBlocks(node: RichNode, blocks: string[], fill?: (key: string) => string): void {
  if (node.type === "paragraph") {
    blocks.push(inlineText(node.content ?? [], fill));
    return;
  }
  for (const child of node.content ?? []) collectBlocks(child, blocks, fill);
}

function inlineText(nodes: RichNode[], fill?: (key: string) => string): string {
  let s = "";
  for (const node of nodes) {
    if (node.type === "text") s += node.text ?? "";
    else if (node.type === "hardBreak") s += "\n";
    else if (node.type === "mergeField") {
      const key = mergeFieldKeyOf(node);
      s += fill ? fill(key) : `{{${key}}}`;
    } else s += inlineText(node.content ?? [], fill);
  }
  return s;
}

function mergeFieldKeyOf(node: RichNode): string {
  const key = node.attrs?.["key"];
  return typeof key === "string" ? key : "";
}

/** Every merge-field key used in the text, in order of first use. */
export function mergeFieldKeys(doc: RichText | undefined): string[] {
  const keys = new Set<string>();
  const visit = (nodes: RichNode[] | undefined) => {
    for (const node of nodes ?? []) {
      if (node.type === "mergeField") keys.add(mergeFieldKeyOf(node));
      visit(node.content);
    }
  };
  visit(doc?.content);
  return [...keys];
}

/** True when the text has nothing to read: no characters other than white space and no merge field. */
export function isRichTextEmpty(doc: RichText | undefined): boolean {
  return richTextToPlain(doc).trim().length === 0;
}
