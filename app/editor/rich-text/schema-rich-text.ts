import type { JSONContent } from "@tiptap/react";
import type { RichNode, RichText } from "~/domain/script-types";

/**
 * Turning editor output into what the script schema accepts.
 *
 * The schema's RichText allows the node types paragraph, text, bulletList, orderedList, listItem, hardBreak
 * and mergeField, and the marks bold, italic and slow. Anything else (a heading or link pasted from a web
 * page, a mark from an extension someone adds later, stray attrs) is dropped here while the words are kept,
 * and the result is also a valid ProseMirror document for our editor schema (doc > block+, listItem >
 * paragraph block*, lists > listItem+), so it loads back into the editor unchanged.
 */

type RichMark = NonNullable<RichNode["marks"]>[number];
type MarkType = RichMark["type"];

const MARK_ORDER: readonly MarkType[] = ["bold", "italic", "slow"];
const ALLOWED_MARKS = new Set<string>(MARK_ORDER);

/** Same pattern as the schema's Variable.key. */
export const MERGE_FIELD_KEY = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

const EMPTY_PARAGRAPH: RichNode = { type: "paragraph" };

export function toSchemaRichText(json: JSONContent | RichText | null | undefined): RichText {
  const root = (json ?? {}) as JSONContent;
  const children = root.type === "doc" || root.type === undefined ? (root.content ?? []) : [root];
  const content = toBlocks(children);
  return { type: "doc", content: content.length > 0 ? content : [{ ...EMPTY_PARAGRAPH }] };
}

/** Block-level content: paragraphs and lists. Inline nodes found here are gathered into paragraphs. */
function toBlocks(nodes: readonly JSONContent[]): RichNode[] {
  const out: RichNode[] = [];
  let pendingInline: JSONContent[] = [];
  const flushInline = () => {
    if (pendingInline.length === 0) return;
    const inline = toInline(pendingInline);
    pendingInline = [];
    if (inline.length > 0) out.push({ type: "paragraph", content: inline });
  };

  for (const node of nodes) {
    if (!isObject(node)) continue;
    switch (node.type) {
      case "paragraph": {
        flushInline();
        out.push(paragraph(toInline(node.content ?? [])));
        break;
      }
      case "bulletList":
      case "orderedList": {
        flushInline();
        const list = toList(node);
        if (list) out.push(list);
        break;
      }
      case "listItem": {
        // A list item outside a list keeps its blocks.
        flushInline();
        out.push(...toBlocks(node.content ?? []));
        break;
      }
      case "text":
      case "hardBreak":
      case "mergeField":
        pendingInline.push(node);
        break;
      default: {
        // Unknown node: a heading or code block becomes a paragraph of its text, a blockquote or table keeps
        // its paragraphs, an image or rule (no text) disappears.
        if (typeof node.text === "string") {
          pendingInline.push({ type: "text", text: node.text, marks: node.marks });
          break;
        }
        flushInline();
        out.push(...toBlocks(node.content ?? []));
      }
    }
  }
  flushInline();
  return out;
}

function paragraph(inline: RichNode[]): RichNode {
  return inline.length > 0 ? { type: "paragraph", content: inline } : { ...EMPTY_PARAGRAPH };
}

function toList(node: JSONContent): RichNode | null {
  const items: RichNode[] = [];
  let loose: JSONContent[] = [];
  const flushLoose = () => {
    if (loose.length === 0) return;
    const blocks = toBlocks(loose);
    loose = [];
    if (blocks.length > 0) items.push(listItem(blocks));
  };
  for (const child of node.content ?? []) {
    if (!isObject(child)) continue;
    if (child.type === "listItem") {
      flushLoose();
      items.push(listItem(toBlocks(child.content ?? [])));
    } else loose.push(child);
  }
  flushLoose();
  if (items.length === 0) return null;

  const type = node.type === "orderedList" ? "orderedList" : "bulletList";
  const start = node.attrs?.["start"];
  if (type === "orderedList" && typeof start === "number" && Number.isInteger(start) && start !== 1) {
    return { type, attrs: { start }, content: items };
  }
  return { type, content: items };
}

/** ProseMirror requires a list item to start with a paragraph. */
function listItem(blocks: RichNode[]): RichNode {
  if (blocks.length === 0 || blocks[0].type !== "paragraph") blocks.unshift({ ...EMPTY_PARAGRAPH });
  return { type: "listItem", content: blocks };
}

/** Inline content: text, hard breaks and merge fields, with adjacent text of the same marks joined. */
function toInline(nodes: readonly JSONContent[]): RichNode[] {
  const out: RichNode[] = [];
  const pushText = (text: string, marks: RichMark[] | undefined) => {
    if (text.length === 0) return;
    const last = out[out.length - 1];
    if (last?.type === "text" && sameMarks(last.marks, marks)) {
      last.text = (last.text ?? "") + text;
      return;
    }
    out.push(marks ? { type: "text", text, marks } : { type: "text", text });
  };
  // Newlines in text (from a code block, say) become hard breaks.
  const addText = (text: string, marks: RichMark[] | undefined) => {
    text.split("\n").forEach((part, i) => {
      if (i > 0) out.push(withMarks({ type: "hardBreak" }, marks));
      pushText(part, marks);
    });
  };

  for (const node of nodes) {
    if (!isObject(node)) continue;
    switch (node.type) {
      case "text": {
        if (typeof node.text === "string") addText(node.text, toMarks(node.marks));
        break;
      }
      case "hardBreak":
        out.push(withMarks({ type: "hardBreak" }, toMarks(node.marks)));
        break;
      case "mergeField": {
        const key = node.attrs?.["key"];
        if (typeof key === "string" && MERGE_FIELD_KEY.test(key)) {
          out.push(withMarks({ type: "mergeField", attrs: { key } }, toMarks(node.marks)));
        } else if (typeof key === "string" && key.trim().length > 0) {
          // Not a key the schema of variables could ever declare: keep what the writer typed.
          pushText(`{{${key}}}`, toMarks(node.marks));
        }
        break;
      }
      default: {
        // Unknown inline node (a mention, an emoji) or a block nested where only inline content fits:
        // keep its text, drop the rest.
        if (typeof node.text === "string") addText(node.text, toMarks(node.marks));
        else if (node.content) {
          for (const child of toInline(node.content)) {
            if (child.type === "text") pushText(child.text ?? "", child.marks);
            else out.push(child);
          }
        }
      }
    }
  }
  return out;
}

function toMarks(marks: JSONContent["marks"]): RichMark[] | undefined {
  if (!Array.isArray(marks)) return undefined;
  const present = new Set<string>();
  for (const mark of marks) {
    if (isObject(mark) && typeof mark.type === "string" && ALLOWED_MARKS.has(mark.type))
      present.add(mark.type);
  }
  // Our marks carry no attributes; a stable order makes equal formatting compare equal.
  const out = MARK_ORDER.filter((type) => present.has(type)).map((type) => ({ type }));
  return out.length > 0 ? out : undefined;
}

function withMarks(node: RichNode, marks: RichMark[] | undefined): RichNode {
  return marks ? { ...node, marks } : node;
}

function sameMarks(a: RichMark[] | undefined, b: RichMark[] | undefined): boolean {
  const left = a ?? [];
  const right = b ?? [];
  return left.length === right.length && left.every((mark, i) => mark.type === right[i].type);
}

function isObject(value: unknown): value is JSONContent {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
