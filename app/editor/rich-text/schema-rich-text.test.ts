import { getSchema, type JSONContent } from "@tiptap/react";
import { describe, expect, it } from "vitest";
import { minimalScript, sayNode } from "../../../test/factories/script-factory";
import type { RichText } from "~/domain/script-types";
import { createRichTextExtensions } from "./extensions";
import { filterVariables } from "./merge-field-variables";
import { validateRichText, validateScript } from "./rich-text.testing";
import { toSchemaRichText } from "./schema-rich-text";

/** The editor's ProseMirror schema: output must load back into the editor. */
const editorSchema = getSchema(
  createRichTextExtensions({ getVariables: () => [], getPlaceholder: () => "", suggestionRender: null }),
);

function expectValid(doc: RichText) {
  expect(validateRichText(doc), JSON.stringify(validateRichText.errors)).toBe(true);
  const script = minimalScript();
  script.nodes.push({ ...sayNode("say-1", "x"), text: doc });
  expect(validateScript(script), JSON.stringify(validateScript.errors)).toBe(true);
  expect(() => editorSchema.nodeFromJSON(doc).check()).not.toThrow();
}

describe("toSchemaRichText", () => {
  it("keeps what the schema allows, unchanged", () => {
    const doc: RichText = {
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Hello " },
            { type: "mergeField", attrs: { key: "firstName" } },
            { type: "text", text: ", the price is ", marks: [{ type: "bold" }] },
            { type: "text", text: "€9.99", marks: [{ type: "bold" }, { type: "slow" }] },
            { type: "hardBreak" },
            { type: "text", text: "per month", marks: [{ type: "italic" }] },
          ],
        },
        {
          type: "bulletList",
          content: [
            { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "a" }] }] },
          ],
        },
        {
          type: "orderedList",
          attrs: { start: 3 },
          content: [
            { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "b" }] }] },
          ],
        },
      ],
    };
    expect(toSchemaRichText(doc)).toEqual(doc);
    expectValid(toSchemaRichText(doc));
  });

  it("drops attrs the editor adds by default and empty attrs", () => {
    const out = toSchemaRichText({
      type: "doc",
      content: [
        {
          type: "paragraph",
          attrs: {},
          content: [{ type: "text", text: "a", marks: [{ type: "bold", attrs: {} }] }],
        },
        {
          type: "orderedList",
          attrs: { start: 1, type: null },
          content: [{ type: "listItem", attrs: {}, content: [{ type: "paragraph" }] }],
        },
        { type: "paragraph", content: [{ type: "mergeField", attrs: { key: "x", label: "X", id: null } }] },
      ],
    });
    expect(out).toEqual({
      type: "doc",
      content: [
        { type: "paragraph", content: [{ type: "text", text: "a", marks: [{ type: "bold" }] }] },
        { type: "orderedList", content: [{ type: "listItem", content: [{ type: "paragraph" }] }] },
        { type: "paragraph", content: [{ type: "mergeField", attrs: { key: "x" } }] },
      ],
    });
    expectValid(out);
  });

  it("drops marks the schema does not allow and keeps their text", () => {
    const out = toSchemaRichText({
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "see ", marks: [{ type: "link", attrs: { href: "https://x" } }] },
            {
              type: "text",
              text: "terms",
              marks: [{ type: "underline" }, { type: "bold" }, { type: "strike" }],
            },
            { type: "text", text: " now", marks: [{ type: "code" }] },
          ],
        },
      ],
    });
    expect(out.content).toEqual([
      {
        type: "paragraph",
        content: [
          { type: "text", text: "see " },
          { type: "text", text: "terms", marks: [{ type: "bold" }] },
          { type: "text", text: " now" },
        ],
      },
    ]);
    expectValid(out);
  });

  it("turns unknown blocks into paragraphs of their text and unwraps containers", () => {
    const out = toSchemaRichText({
      type: "doc",
      content: [
        { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Opening" }] },
        {
          type: "blockquote",
          content: [{ type: "paragraph", content: [{ type: "text", text: "Quoted" }] }],
        },
        { type: "horizontalRule" },
        { type: "codeBlock", content: [{ type: "text", text: "line 1\nline 2" }] },
        { type: "image", attrs: { src: "x.png" } },
      ],
    });
    expect(out).toEqual({
      type: "doc",
      content: [
        { type: "paragraph", content: [{ type: "text", text: "Opening" }] },
        { type: "paragraph", content: [{ type: "text", text: "Quoted" }] },
        {
          type: "paragraph",
          content: [
            { type: "text", text: "line 1" },
            { type: "hardBreak" },
            { type: "text", text: "line 2" },
          ],
        },
      ],
    });
    expectValid(out);
  });

  it("keeps text of unknown inline nodes, drops those without text, and joins the pieces", () => {
    const out = toSchemaRichText({
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "Hi " },
            { type: "mention", attrs: { id: "u1", label: "Ann" } },
            { type: "emoji", text: "🙂" },
            { type: "text", text: "!", marks: [{ type: "highlight" }] },
          ],
        },
      ],
    });
    expect(out.content).toEqual([{ type: "paragraph", content: [{ type: "text", text: "Hi 🙂!" }] }]);
    expectValid(out);
  });

  it("repairs list structure so ProseMirror accepts it", () => {
    const out = toSchemaRichText({
      type: "doc",
      content: [
        { type: "bulletList", content: [{ type: "paragraph", content: [{ type: "text", text: "loose" }] }] },
        { type: "orderedList", content: [] },
        {
          type: "bulletList",
          content: [
            {
              type: "listItem",
              content: [
                { type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph" }] }] },
              ],
            },
          ],
        },
        { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "stray" }] }] },
        { type: "text", text: "bare text" },
      ],
    });
    expect(out.content).toEqual([
      {
        type: "bulletList",
        content: [
          { type: "listItem", content: [{ type: "paragraph", content: [{ type: "text", text: "loose" }] }] },
        ],
      },
      {
        type: "bulletList",
        content: [
          {
            type: "listItem",
            content: [
              { type: "paragraph" },
              { type: "bulletList", content: [{ type: "listItem", content: [{ type: "paragraph" }] }] },
            ],
          },
        ],
      },
      { type: "paragraph", content: [{ type: "text", text: "stray" }] },
      { type: "paragraph", content: [{ type: "text", text: "bare text" }] },
    ]);
    expectValid(out);
  });

  it("keeps merge-field keys as chips only when they can be variable keys", () => {
    const out = toSchemaRichText({
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "mergeField", attrs: { key: "first name" } },
            { type: "mergeField", attrs: {} },
            { type: "mergeField", attrs: { key: 42 } },
            { type: "mergeField", attrs: { key: "ok_1" }, marks: [{ type: "italic" }, { type: "comment" }] },
          ],
        },
      ],
    });
    expect(out.content).toEqual([
      {
        type: "paragraph",
        content: [
          { type: "text", text: "{{first name}}" },
          { type: "mergeField", attrs: { key: "ok_1" }, marks: [{ type: "italic" }] },
        ],
      },
    ]);
    expectValid(out);
  });

  it("gives an empty document one empty paragraph", () => {
    for (const input of [
      undefined,
      null,
      { type: "doc" },
      { type: "doc", content: [] },
      { type: "doc", content: [{ type: "image" }] },
    ]) {
      const out = toSchemaRichText(input as JSONContent);
      expect(out).toEqual({ type: "doc", content: [{ type: "paragraph" }] });
      expectValid(out);
    }
  });

  it("always produces schema-valid, loadable JSON (random trees)", () => {
    const types = [
      "paragraph",
      "text",
      "bulletList",
      "orderedList",
      "listItem",
      "hardBreak",
      "mergeField",
      "heading",
      "blockquote",
      "codeBlock",
      "mention",
      "image",
      "table",
      "tableCell",
    ];
    const marks = ["bold", "italic", "slow", "link", "strike", "underline", "code"];
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
    const node = (depth: number): JSONContent => {
      const type = pick(types);
      const out: JSONContent = { type };
      if (random() < 0.5) out.text = pick(["", "a", "word\nnext", " "]);
      if (random() < 0.3)
        out.attrs = pick([{}, { key: pick(["firstName", "", "bad key", 3]) }, { start: 2, type: null }]);
      if (random() < 0.3)
        out.marks = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({
          type: pick(marks),
          attrs: {},
        }));
      if (depth < 4 && random() < 0.6)
        out.content = Array.from({ length: Math.floor(random() * 4) }, () => node(depth + 1));
      return out;
    };
    for (let i = 0; i < 300; i++) {
      const out = toSchemaRichText({
        type: "doc",
        content: Array.from({ length: 1 + (i % 4) }, () => node(0)),
      });
      expectValid(out);
      // Normalising is idempotent.
      expect(toSchemaRichText(out)).toEqual(out);
    }
  });
});

describe("filterVariables", () => {
  const vars = [
    { key: "lastName", label: "Last name", type: "text" as const, required: true },
    { key: "firstName", label: "First name", type: "text" as const, required: true },
    { key: "planName", label: "Current plan", type: "text" as const, required: false },
  ];
  it("ranks key prefix, then label word prefix, then anywhere; ignores case and a closing brace", () => {
    expect(filterVariables(vars, "").map((v) => v.key)).toEqual(["lastName", "firstName", "planName"]);
    expect(filterVariables(vars, "fir").map((v) => v.key)).toEqual(["firstName"]);
    expect(filterVariables(vars, "NAME").map((v) => v.key)).toEqual(["lastName", "firstName", "planName"]);
    expect(filterVariables(vars, "plan").map((v) => v.key)).toEqual(["planName"]);
    expect(filterVariables(vars, "cur").map((v) => v.key)).toEqual(["planName"]);
    expect(filterVariables(vars, "firstName}").map((v) => v.key)).toEqual(["firstName"]);
    expect(filterVariables(vars, "zzz")).toEqual([]);
  });
});
