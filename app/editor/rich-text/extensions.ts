import {
  type Editor,
  InputRule,
  Mark,
  Node,
  type Range,
  mergeAttributes,
  nodePasteRule,
} from "@tiptap/react";
import { NodeSelection, Plugin, PluginKey } from "@tiptap/pm/state";
import { Decoration, DecorationSet, type NodeView } from "@tiptap/pm/view";
import { StarterKit } from "@tiptap/starter-kit";
import { Placeholder } from "@tiptap/extensions";
import { Suggestion, type SuggestionOptions } from "@tiptap/suggestion";
import type { Variable } from "~/domain/script-types";
import { describeMergeField, filterVariables } from "./merge-field-variables";
import { MERGE_FIELD_KEY } from "./schema-rich-text";

declare module "@tiptap/core" {
  interface Commands<ReturnType> {
    slow: {
      /** Marks the selection "read slowly". */
      setSlow: () => ReturnType;
      toggleSlow: () => ReturnType;
      unsetSlow: () => ReturnType;
    };
    mergeField: {
      /** Inserts a merge-field chip at the selection, or in place of `range`. */
      insertMergeField: (key: string, range?: Range) => ReturnType;
    };
  }
}

/** Keyboard shortcut of the "Read slowly" mark (Strike, which TipTap binds to it, is disabled here). */
export const SLOW_SHORTCUT = "Mod-Shift-s";

/**
 * "Read slowly": the agent slows down for this passage (prices, legal wording).
 * Renders `<span class="read-slowly" data-slow>`, the same class the read-only RichTextView uses.
 */
export const SlowMark = Mark.create({
  name: "slow",

  parseHTML() {
    return [{ tag: "span[data-slow]" }, { tag: "span.read-slowly" }];
  },

  renderHTML({ HTMLAttributes }) {
    return [
      "span",
      mergeAttributes({ class: "read-slowly", "data-slow": "", title: "Read slowly" }, HTMLAttributes),
      0,
    ];
  },

  addCommands() {
    return {
      setSlow:
        () =>
        ({ commands }) =>
          commands.setMark(this.name),
      toggleSlow:
        () =>
        ({ commands }) =>
          commands.toggleMark(this.name),
      unsetSlow:
        () =>
        ({ commands }) =>
          commands.unsetMark(this.name),
    };
  },

  addKeyboardShortcuts() {
    return { [SLOW_SHORTCUT]: () => this.editor.commands.toggleSlow() };
  },
});

export const mergeFieldSuggestionKey = new PluginKey("mergeFieldSuggestion");

type SuggestionRender = NonNullable<SuggestionOptions<Variable, Variable>["render"]>;

export interface MergeFieldOptions {
  /** The script's variables, read each time a chip renders or the `{{` list filters. */
  getVariables: () => readonly Variable[];
  /** The UI of the `{{` list; without it the list has no UI (insertion still works by command). */
  suggestionRender: SuggestionRender | null;
}

interface ChipView {
  refresh: () => void;
}

export interface MergeFieldStorage {
  /** Live chip node views, so chips can re-render when the variables change (labels, undeclared warnings). */
  views: Set<ChipView>;
}

/** `{{key}}` typed out in full (the last `}` being the character just typed). */
const TYPED_MERGE_FIELD = /\{\{\s*([A-Za-z][A-Za-z0-9_]{0,63})\s*\}\}$/;
/** `{{key}}` anywhere in pasted text. */
const PASTED_MERGE_FIELD = /\{\{\s*([A-Za-z][A-Za-z0-9_]{0,63})\s*\}\}/g;

/**
 * An inline atom `{ type: "mergeField", attrs: { key } }`, shown as a chip with the variable's label (or a
 * warning-styled `{{key}}` when the script does not declare it). Typing `{{` opens the variable list
 * (via @tiptap/suggestion); typing or pasting `{{key}}` in full also becomes a chip.
 */
export const MergeField = Node.create<MergeFieldOptions, MergeFieldStorage>({
  name: "mergeField",
  group: "inline",
  inline: true,
  atom: true,
  selectable: true,
  draggable: false,

  addOptions() {
    return { getVariables: () => [], suggestionRender: null };
  },

  addStorage() {
    return { views: new Set<ChipView>() };
  },

  addAttributes() {
    return {
      key: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-merge-field"),
        renderHTML: (attributes) => ({ "data-merge-field": attributes["key"] as string }),
      },
    };
  },

  parseHTML() {
    return [{ tag: "span[data-merge-field]" }];
  },

  renderHTML({ node, HTMLAttributes }) {
    return [
      "span",
      mergeAttributes({ class: "merge-field" }, HTMLAttributes),
      `{{${String(node.attrs["key"])}}}`,
    ];
  },

  renderText({ node }) {
    return `{{${String(node.attrs["key"])}}}`;
  },

  addNodeView() {
    const { getVariables } = this.options;
    const views = this.storage.views;
    return ({ node: initialNode }) => {
      let node = initialNode;
      const dom = document.createElement("span");
      dom.contentEditable = "false";
      const render = () => {
        const key = String(node.attrs["key"] ?? "");
        const chip = describeMergeField(key, getVariables());
        // classList, not className: ProseMirror adds decoration classes (is-in-selection) to this element.
        dom.classList.add("merge-field");
        dom.classList.toggle("merge-field--undeclared", !chip.declared);
        dom.dataset["mergeField"] = key;
        dom.title = chip.title;
        dom.textContent = chip.text;
      };
      render();
      const chipView: ChipView = { refresh: render };
      views.add(chipView);
      const view: NodeView = {
        dom,
        update(next) {
          if (next.type !== node.type) return false;
          node = next;
          render();
          return true;
        },
        selectNode() {
          dom.classList.add("is-selected");
        },
        deselectNode() {
          dom.classList.remove("is-selected");
        },
        ignoreMutation: () => true,
        destroy() {
          views.delete(chipView);
        },
      };
      return view;
    };
  },

  addCommands() {
    return {
      insertMergeField:
        (key, range) =>
        ({ commands }) => {
          if (!MERGE_FIELD_KEY.test(key)) return false;
          const content = { type: this.name, attrs: { key } };
          return range ? commands.insertContentAt(range, content) : commands.insertContent(content);
        },
    };
  },

  addInputRules() {
    return [
      new InputRule({
        find: TYPED_MERGE_FIELD,
        handler: ({ state, range, match }) => {
          state.tr.replaceWith(range.from, range.to, this.type.create({ key: match[1] }));
        },
      }),
    ];
  },

  addPasteRules() {
    return [
      nodePasteRule({
        find: PASTED_MERGE_FIELD,
        type: this.type,
        getAttributes: (match) => ({ key: match[1] }),
      }),
    ];
  },

  addProseMirrorPlugins() {
    const { getVariables, suggestionRender } = this.options;
    const type = this.type;
    return [
      // Chips are user-select: none (see the CSS), so the browser does not paint them as selected:
      // mark the ones inside a text selection ourselves.
      new Plugin({
        key: new PluginKey("mergeFieldInSelection"),
        props: {
          decorations: ({ doc, selection }) => {
            if (selection.empty || selection instanceof NodeSelection) return null;
            const decorations: Decoration[] = [];
            doc.nodesBetween(selection.from, selection.to, (node, pos) => {
              if (node.type === type)
                decorations.push(Decoration.node(pos, pos + node.nodeSize, { class: "is-in-selection" }));
            });
            return decorations.length > 0 ? DecorationSet.create(doc, decorations) : null;
          },
        },
      }),
      Suggestion<Variable, Variable>({
        editor: this.editor,
        pluginKey: mergeFieldSuggestionKey,
        char: "{{",
        // `{{` opens the list anywhere, also straight after a word ("Mr{{lastName}}" is the writer's call).
        allowedPrefixes: null,
        items: ({ query }) => filterVariables(getVariables(), query),
        command: ({ editor, range, props }) => {
          editor.chain().focus().insertMergeField(props.key, range).run();
        },
        ...(suggestionRender ? { render: suggestionRender } : {}),
      }),
    ];
  },
});

/** Re-renders every chip (labels, undeclared warnings) after the variables changed. */
export function refreshMergeFieldChips(editor: Editor): void {
  const storage = (editor.storage as unknown as Record<string, MergeFieldStorage | undefined>)["mergeField"];
  storage?.views.forEach((view) => view.refresh());
}

export interface RichTextExtensionOptions {
  getVariables: () => readonly Variable[];
  getPlaceholder: () => string;
  suggestionRender: SuggestionRender | null;
}

/**
 * The extensions of the script text editor: exactly the node types and marks the script schema allows.
 * StarterKit (v3) also brings heading, blockquote, code, code block, strike, underline, link, horizontal
 * rule and the trailing-node plugin; all are switched off.
 */
export function createRichTextExtensions(options: RichTextExtensionOptions) {
  return [
    StarterKit.configure({
      blockquote: false,
      code: false,
      codeBlock: false,
      heading: false,
      horizontalRule: false,
      link: false,
      strike: false,
      underline: false,
      // Appends an empty paragraph after a trailing list: noise in the stored JSON, and an onChange on load.
      trailingNode: false,
      dropcursor: false,
    }),
    SlowMark,
    MergeField.configure({ getVariables: options.getVariables, suggestionRender: options.suggestionRender }),
    Placeholder.configure({ placeholder: () => options.getPlaceholder() }),
  ];
}
