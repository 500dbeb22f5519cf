// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import type { Editor } from "@tiptap/react";
import { useState } from "react";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { richTextFromPlain } from "~/domain/rich-text";
import type { RichNode, RichText, Variable } from "~/domain/script-types";
import { RichTextEditor, type RichTextEditorProps } from "./rich-text-editor";
import { validateRichText } from "./rich-text.testing";

// ProseMirror measures the DOM (coordsAtPos, scrolling the selection into view); jsdom has no layout.
beforeAll(() => {
  const emptyRects = () => {
    const list: DOMRect[] = [];
    return Object.assign(list, { item: (i: number) => list[i] ?? null }) as unknown as DOMRectList;
  };
  Range.prototype.getClientRects = emptyRects;
  Range.prototype.getBoundingClientRect = () => new DOMRect(0, 0, 0, 0);
  Element.prototype.getClientRects = emptyRects;
  document.elementFromPoint = () => null;
  Element.prototype.scrollIntoView = () => {};
});

afterEach(cleanup);

const variables: Variable[] = [
  { key: "firstName", label: "First name", type: "text", required: true },
  { key: "lastName", label: "Last name", type: "text", required: true },
  { key: "planName", label: "Current plan", type: "text", required: false },
];

const LABEL = "Opening line";

function setup(props: Partial<RichTextEditorProps> = {}) {
  const onChange = vi.fn<(value: RichText) => void>();
  const all: RichTextEditorProps = {
    value: richTextFromPlain("Hello {{firstName}}, this is Sam."),
    onChange,
    variables,
    label: LABEL,
    ...props,
  };
  const utils = render(<RichTextEditor {...all} />);
  return { ...utils, onChange, props: all };
}

/** The contenteditable, once TipTap has mounted it (immediatelyRender: false mounts after the first render). */
async function textbox(name = LABEL): Promise<HTMLElement> {
  return screen.findByRole("textbox", { name });
}

function editorOf(element: HTMLElement): Editor {
  const editor = (element as HTMLElement & { editor?: Editor }).editor;
  if (!editor) throw new Error("no TipTap editor on this element");
  return editor;
}

/** Types like a keyboard would: through ProseMirror's handleTextInput (input rules) or as plain inserted text. */
function typeText(editor: Editor, text: string) {
  for (const char of text) {
    act(() => {
      const { view } = editor;
      const { from, to } = view.state.selection;
      const handled = view.someProp("handleTextInput", (f) => f(view, from, to, char, () => view.state.tr));
      if (!handled) view.dispatch(view.state.tr.insertText(char, from, to));
    });
  }
}

function key(element: HTMLElement, keyName: string, init: KeyboardEventInit = {}) {
  act(() => {
    fireEvent.keyDown(element, { key: keyName, ...init });
  });
}

function lastValue(onChange: ReturnType<typeof vi.fn>): RichText {
  const calls = onChange.mock.calls;
  expect(calls.length).toBeGreaterThan(0);
  return calls[calls.length - 1][0] as RichText;
}

function findNodes(doc: RichText, type: RichNode["type"]): RichNode[] {
  const out: RichNode[] = [];
  const visit = (nodes: RichNode[] | undefined) => {
    for (const node of nodes ?? []) {
      if (node.type === type) out.push(node);
      visit(node.content);
    }
  };
  visit(doc.content);
  return out;
}

function expectAllSchemaValid(onChange: ReturnType<typeof vi.fn>) {
  for (const [value] of onChange.mock.calls) {
    expect(validateRichText(value), JSON.stringify(validateRichText.errors)).toBe(true);
  }
}

describe("RichTextEditor", () => {
  it("renders the initial content with merge-field chips, undeclared ones with a warning", async () => {
    setup({ value: richTextFromPlain("Hello {{firstName}}, about {{contractId}}.") });
    const box = await textbox();
    expect(box.getAttribute("contenteditable")).toBe("true");
    expect(box.getAttribute("aria-multiline")).toBe("true");
    expect(box.textContent).toContain("Hello");

    const chip = box.querySelector('[data-merge-field="firstName"]')!;
    expect(chip.className).toBe("merge-field");
    expect(chip.textContent).toBe("First name");
    expect(chip.getAttribute("title")).toContain("{{firstName}}");

    const undeclared = box.querySelector('[data-merge-field="contractId"]')!;
    expect(undeclared.classList.contains("merge-field--undeclared")).toBe(true);
    expect(undeclared.textContent).toBe("{{contractId}}");

    // The canvas must not treat gestures and keys in here as its own.
    const wrapper = box.closest(".rich-text-editor")!;
    for (const className of ["nodrag", "nopan", "nowheel", "nokey"]) {
      expect(wrapper.classList.contains(className)).toBe(true);
    }
  });

  it("uses id, placeholder and autoFocus", async () => {
    setup({ value: { type: "doc" }, id: "say-text", placeholder: "What the agent says…", autoFocus: true });
    const box = await textbox();
    expect(box.id).toBe("say-text");
    expect(screen.getByRole("toolbar").getAttribute("aria-controls")).toBe("say-text");
    await waitFor(() => expect(document.activeElement).toBe(box));
    expect(box.querySelector("[data-placeholder]")?.getAttribute("data-placeholder")).toBe(
      "What the agent says…",
    );
  });

  it("toolbar buttons are real buttons whose aria-pressed follows the selection", async () => {
    const { onChange } = setup({ value: richTextFromPlain("Hello there") });
    const editor = editorOf(await textbox());
    const toolbar = screen.getByRole("toolbar", { name: `${LABEL}: formatting` });
    const names = ["Bold", "Italic", "Read slowly", "Bullet list", "Numbered list", "Insert merge field"];
    for (const name of names) {
      const button = within(toolbar).getByRole("button", { name });
      expect(button.getAttribute("type")).toBe("button");
    }
    const bold = within(toolbar).getByRole("button", { name: "Bold" });
    expect(bold.getAttribute("aria-pressed")).toBe("false");
    expect(within(toolbar).getByRole("button", { name: "Read slowly" }).title).toMatch(
      /Read slowly \(Ctrl\+Shift\+S|⌘⇧S\)/,
    );

    act(() => {
      editor.commands.setTextSelection({ from: 1, to: 6 }); // "Hello"
    });
    fireEvent.click(bold);
    await waitFor(() => expect(bold.getAttribute("aria-pressed")).toBe("true"));
    expect(lastValue(onChange).content?.[0].content?.[0]).toEqual({
      type: "text",
      text: "Hello",
      marks: [{ type: "bold" }],
    });

    // Moving the caret out of the bold text releases the button.
    act(() => {
      editor.commands.setTextSelection(9);
    });
    await waitFor(() => expect(bold.getAttribute("aria-pressed")).toBe("false"));

    // Read slowly and the lists work the same way.
    act(() => {
      editor.commands.setTextSelection({ from: 7, to: 12 });
    });
    const slow = within(toolbar).getByRole("button", { name: "Read slowly" });
    fireEvent.click(slow);
    await waitFor(() => expect(slow.getAttribute("aria-pressed")).toBe("true"));
    expect(box(editor).querySelector("span.read-slowly[data-slow]")?.textContent).toBe("there");

    const bullets = within(toolbar).getByRole("button", { name: "Bullet list" });
    fireEvent.click(bullets);
    await waitFor(() => expect(bullets.getAttribute("aria-pressed")).toBe("true"));
    expect(lastValue(onChange).content?.[0].type).toBe("bulletList");
    expectAllSchemaValid(onChange);
  });

  it("the toolbar is one tab stop; arrow keys move between its buttons", async () => {
    setup();
    await textbox();
    const toolbar = screen.getByRole("toolbar");
    const buttons = within(toolbar).getAllByRole("button");
    expect(buttons.filter((b) => b.tabIndex === 0)).toHaveLength(1);
    act(() => buttons[0].focus());
    key(buttons[0], "ArrowRight");
    expect(document.activeElement).toBe(buttons[1]);
    key(buttons[1], "End");
    expect(document.activeElement).toBe(within(toolbar).getByRole("button", { name: "Insert merge field" }));
    key(document.activeElement as HTMLElement, "ArrowRight");
    expect(document.activeElement).toBe(buttons[0]);
    expect(buttons[0].tabIndex).toBe(0);
  });

  it("typing {{fir lists matching variables; Enter inserts a chip in place of what was typed", async () => {
    const { onChange } = setup({
      value: { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "Hi " }] }] },
    });
    const box = await textbox();
    const editor = editorOf(box);
    act(() => {
      editor.commands.focus("end");
    });
    typeText(editor, "{{fir");

    const listbox = await screen.findByRole("listbox", { name: "Merge fields" });
    const options = within(listbox).getAllByRole("option");
    expect(options.map((o) => o.textContent)).toEqual(["First name{{firstName}}"]);
    expect(options[0].getAttribute("aria-selected")).toBe("true");
    await waitFor(() => expect(box.getAttribute("aria-activedescendant")).toBe(options[0].id));
    expect(box.getAttribute("aria-controls")).toBe(listbox.id);

    key(box, "Enter");
    await waitFor(() => expect(screen.queryByRole("listbox")).toBeNull());

    const value = lastValue(onChange);
    expect(value.content).toEqual([
      {
        type: "paragraph",
        content: [
          { type: "text", text: "Hi " },
          { type: "mergeField", attrs: { key: "firstName" } },
        ],
      },
    ]);
    expect(box.querySelector('[data-merge-field="firstName"]')?.textContent).toBe("First name");
    expect(box.hasAttribute("aria-activedescendant")).toBe(false);
    expectAllSchemaValid(onChange);
  });

  it("the {{ list is keyboard navigable; Tab inserts, Escape closes without inserting", async () => {
    const { onChange } = setup({ value: richTextFromPlain("Dear") });
    const box = await textbox();
    const editor = editorOf(box);
    act(() => {
      editor.commands.focus("end");
    });
    typeText(editor, " {{");

    const listbox = await screen.findByRole("listbox");
    const selected = () =>
      within(listbox)
        .getAllByRole("option")
        .findIndex((o) => o.getAttribute("aria-selected") === "true");
    expect(within(listbox).getAllByRole("option")).toHaveLength(3);
    expect(selected()).toBe(0);
    key(box, "ArrowDown");
    key(box, "ArrowDown");
    expect(selected()).toBe(2);
    key(box, "ArrowDown");
    expect(selected()).toBe(0);
    key(box, "ArrowUp");
    expect(selected()).toBe(2);

    // Filtering by label: "cur" matches "Current plan".
    typeText(editor, "cur");
    await waitFor(() => expect(within(screen.getByRole("listbox")).getAllByRole("option")).toHaveLength(1));
    key(box, "Escape");
    await waitFor(() => expect(screen.queryByRole("listbox")).toBeNull());
    expect(findNodes(lastValue(onChange), "mergeField")).toEqual([]);
    expect(editor.getText()).toBe("Dear {{cur");

    // Escape dismissed this "{{"; a new one opens the list again. Choose with Tab.
    typeText(editor, " {{la");
    await screen.findByRole("option", { name: /Last name/ });
    key(box, "Tab");
    await waitFor(() =>
      expect(findNodes(lastValue(onChange), "mergeField")).toEqual([
        { type: "mergeField", attrs: { key: "lastName" } },
      ]),
    );
    expectAllSchemaValid(onChange);
  });

  it("clicking an option inserts it", async () => {
    const { onChange } = setup({ value: richTextFromPlain("Plan:") });
    const box = await textbox();
    const editor = editorOf(box);
    act(() => {
      editor.commands.focus("end");
    });
    typeText(editor, " {{");
    const option = await screen.findByRole("option", { name: /Current plan/ });
    act(() => {
      fireEvent.mouseDown(option);
    });
    await waitFor(() =>
      expect(findNodes(lastValue(onChange), "mergeField")).toEqual([
        { type: "mergeField", attrs: { key: "planName" } },
      ]),
    );
  });

  it("typing {{key}} in full becomes a chip too", async () => {
    const { onChange } = setup({ value: richTextFromPlain("Hi") });
    const editor = editorOf(await textbox());
    act(() => {
      editor.commands.focus("end");
    });
    typeText(editor, " {{firstName}}!");
    expect(lastValue(onChange).content).toEqual([
      {
        type: "paragraph",
        content: [
          { type: "text", text: "Hi " },
          { type: "mergeField", attrs: { key: "firstName" } },
          { type: "text", text: "!" },
        ],
      },
    ]);
  });

  it("the Insert merge field menu inserts a chip at the caret", async () => {
    const { onChange } = setup({ value: richTextFromPlain("Hello") });
    const box = await textbox();
    const editor = editorOf(box);
    act(() => {
      editor.commands.focus("end");
    });
    await waitFor(() => expect(document.activeElement).toBe(box));
    const trigger = screen.getByRole("button", { name: "Insert merge field" });
    expect(trigger.getAttribute("aria-haspopup")).toBe("menu");
    fireEvent.click(trigger);
    expect(trigger.getAttribute("aria-expanded")).toBe("true");
    const menu = screen.getByRole("menu", { name: "Merge fields" });
    const items = within(menu).getAllByRole("menuitem");
    await waitFor(() => expect(document.activeElement).toBe(items[0]));
    key(items[0], "ArrowDown");
    expect(document.activeElement).toBe(items[1]);
    fireEvent.click(items[1]);
    expect(screen.queryByRole("menu")).toBeNull();
    expect(findNodes(lastValue(onChange), "mergeField")).toEqual([
      { type: "mergeField", attrs: { key: "lastName" } },
    ]);

    // Escape closes the menu and returns focus to the button.
    fireEvent.click(trigger);
    const again = within(screen.getByRole("menu")).getAllByRole("menuitem");
    key(again[0], "Escape");
    expect(screen.queryByRole("menu")).toBeNull();
    expect(document.activeElement).toBe(trigger);
  });

  it("applies an outside value change without calling onChange, keeping the caret", async () => {
    const onChange = vi.fn<(value: RichText) => void>();
    const first = richTextFromPlain("One two three");
    const { rerender } = render(
      <RichTextEditor value={first} onChange={onChange} variables={variables} label={LABEL} />,
    );
    const box = await textbox();
    const editor = editorOf(box);
    act(() => {
      editor.commands.setTextSelection(4);
    });

    const outside = richTextFromPlain("One two three, {{lastName}}");
    rerender(<RichTextEditor value={outside} onChange={onChange} variables={variables} label={LABEL} />);
    await waitFor(() => expect(box.querySelector('[data-merge-field="lastName"]')).not.toBeNull());
    expect(editor.getText()).toBe("One two three, {{lastName}}");
    expect(editor.state.selection.from).toBe(4);
    expect(onChange).not.toHaveBeenCalled();

    // An equal value (a fresh object, as from a store that clones) changes nothing.
    const before = editor.state.doc;
    rerender(
      <RichTextEditor
        value={structuredClone(outside)}
        onChange={onChange}
        variables={variables}
        label={LABEL}
      />,
    );
    expect(editor.state.doc).toBe(before);

    // The outside change is not in the text's own undo history.
    act(() => {
      editor.commands.undo();
    });
    expect(editor.getText()).toBe("One two three, {{lastName}}");
    expect(onChange).not.toHaveBeenCalled();
  });

  it("as a controlled component, its own changes echo back without resetting the content", async () => {
    const seen: RichText[] = [];
    function Host() {
      const [value, setValue] = useState<RichText>(richTextFromPlain("Hi"));
      return (
        <RichTextEditor
          value={value}
          onChange={(next) => {
            seen.push(next);
            setValue(next);
          }}
          variables={variables}
          label={LABEL}
        />
      );
    }
    render(<Host />);
    const editor = editorOf(await textbox());
    act(() => {
      editor.commands.focus("end");
    });
    typeText(editor, " there");
    expect(editor.getText()).toBe("Hi there");
    expect(editor.state.selection.from).toBe(9);
    expect(seen).toHaveLength(6);
    // Undo inside the text undoes text.
    act(() => {
      editor.commands.undo();
    });
    expect(editor.getText()).toBe("Hi");
  });

  it("follows canvas undo and redo of its own changes", async () => {
    const history: RichText[] = [];
    let setValue: (value: RichText) => void = () => {};
    function Host() {
      const [value, set] = useState<RichText>(richTextFromPlain("Hi"));
      setValue = set;
      return (
        <RichTextEditor
          value={value}
          onChange={(next) => {
            history.push(next);
            set(next);
          }}
          variables={variables}
          label={LABEL}
        />
      );
    }
    render(<Host />);
    const editor = editorOf(await textbox());
    act(() => {
      editor.commands.focus("end");
    });
    typeText(editor, "!?");
    expect(history).toHaveLength(2);
    act(() => setValue(history[0])); // canvas undo
    expect(editor.getText()).toBe("Hi!");
    act(() => setValue(history[1])); // canvas redo: the very object we emitted earlier
    expect(editor.getText()).toBe("Hi!?");
    expect(history).toHaveLength(2);
  });

  it("re-renders chips when the variables change", async () => {
    const onChange = vi.fn();
    const value = richTextFromPlain("Hello {{nickname}}");
    const { rerender } = render(
      <RichTextEditor value={value} onChange={onChange} variables={variables} label={LABEL} />,
    );
    const box = await textbox();
    const chip = () => box.querySelector('[data-merge-field="nickname"]')!;
    expect(chip().classList.contains("merge-field--undeclared")).toBe(true);
    const more: Variable[] = [
      ...variables,
      { key: "nickname", label: "Nickname", type: "text", required: false },
    ];
    rerender(<RichTextEditor value={value} onChange={onChange} variables={more} label={LABEL} />);
    await waitFor(() => expect(chip().textContent).toBe("Nickname"));
    expect(chip().classList.contains("merge-field--undeclared")).toBe(false);
    expect(onChange).not.toHaveBeenCalled();
  });

  it("keeps key events inside, so the canvas never sees Backspace or Ctrl+Z; unhandled Escape bubbles", async () => {
    const outer = vi.fn();
    const onDocument = vi.fn();
    document.addEventListener("keydown", onDocument);
    try {
      render(
        // eslint-disable-next-line jsx-a11y/no-static-element-interactions
        <div onKeyDown={(event) => outer(event.key)}>
          <RichTextEditor
            value={richTextFromPlain("abc")}
            onChange={() => {}}
            variables={variables}
            label={LABEL}
          />
        </div>,
      );
      const box = await textbox();
      key(box, "Backspace");
      key(box, "Delete");
      key(box, "z", { ctrlKey: true });
      key(box, "ArrowLeft");
      key(screen.getByRole("button", { name: "Bold" }), "Delete");
      expect(outer).not.toHaveBeenCalled();
      expect(onDocument).not.toHaveBeenCalled();

      // Escape that closes the {{ list stays inside; an Escape nothing used bubbles (e.g. to leave the node).
      const editor = editorOf(box);
      act(() => {
        editor.commands.focus("end");
      });
      typeText(editor, " {{");
      await screen.findByRole("listbox");
      key(box, "Escape");
      await waitFor(() => expect(screen.queryByRole("listbox")).toBeNull());
      expect(outer).not.toHaveBeenCalled();
      key(box, "Escape");
      expect(outer).toHaveBeenCalledWith("Escape");
    } finally {
      document.removeEventListener("keydown", onDocument);
    }
  });
});

function box(editor: Editor): HTMLElement {
  return editor.view.dom;
}
