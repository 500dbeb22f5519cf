// Server render (node environment, no DOM): the editor mounts only in the browser (immediatelyRender: false),
// so the server sends the text read-only, with chips as {{key}} and the toolbar disabled.
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { richTextFromPlain } from "~/domain/rich-text";
import { RichTextEditor } from "./rich-text-editor";

describe("RichTextEditor on the server", () => {
  it("renders the text read-only and no contenteditable", () => {
    const html = renderToString(
      <RichTextEditor
        value={richTextFromPlain("Hello {{firstName}}")}
        onChange={() => {}}
        variables={[{ key: "firstName", label: "First name", type: "text", required: true }]}
        label="Opening line"
      />,
    );
    expect(html).toContain("Hello");
    expect(html).toContain("{{firstName}}");
    expect(html).toContain('aria-label="Bold"');
    expect(html).not.toContain("contenteditable");
  });
});
