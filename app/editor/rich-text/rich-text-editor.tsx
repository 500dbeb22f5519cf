import {
  type KeyboardEvent as ReactKeyboardEvent,
  type ReactNode,
  useCallback,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
} from "react";
import { createPortal } from "react-dom";
import { type Editor, EditorContent, useEditor, useEditorState } from "@tiptap/react";
import { Selection, TextSelection } from "@tiptap/pm/state";
import type { Node as PMNode } from "@tiptap/pm/model";
import type { SuggestionKeyDownProps, SuggestionProps } from "@tiptap/suggestion";
import type { RichText, Variable } from "~/domain/script-types";
import { SLOW_SHORTCUT, createRichTextExtensions, refreshMergeFieldChips } from "./extensions";
import { toSchemaRichText } from "./schema-rich-text";
import { StaticSurface } from "./static-surface";

export interface RichTextEditorProps {
  /** TipTap JSON from the script document. */
  value: RichText;
  /**
   * Called on every change of the document (each ProseMirror transaction that changes it, i.e. every
   * keystroke), synchronously and not debounced, with schema-valid JSON (see `toSchemaRichText`).
   * Not called for changes that came in through `value`. Debounce saving in the store, not here.
   */
  onChange: (value: RichText) => void;
  /** The script's merge fields, for chips and the `{{` suggestion list. */
  variables: Variable[];
  /** Accessible name of the editing area (aria-label on the contenteditable). */
  label: string;
  /** id of the contenteditable element. */
  id?: string;
  placeholder?: string;
  /** Focuses the end of the text once the editor has mounted. */
  autoFocus?: boolean;
}

type SuggestionUi = {
  items: Variable[];
  query: string;
  loading: boolean;
  command: (variable: Variable) => void;
};

type MarkButton = {
  name: "bold" | "italic" | "slow" | "bulletList" | "orderedList";
  label: string;
  shortcut: string;
  icon: ReactNode;
  run: (editor: Editor) => boolean;
};

const FORMAT_BUTTONS: readonly MarkButton[] = [
  {
    name: "bold",
    label: "Bold",
    shortcut: "Mod-b",
    icon: <b>B</b>,
    run: (e) => e.chain().focus().toggleBold().run(),
  },
  {
    name: "italic",
    label: "Italic",
    shortcut: "Mod-i",
    icon: <i>I</i>,
    run: (e) => e.chain().focus().toggleItalic().run(),
  },
  {
    name: "slow",
    label: "Read slowly",
    shortcut: SLOW_SHORTCUT,
    icon: <span className="rich-text-editor__icon-slow">Slow</span>,
    run: (e) => e.chain().focus().toggleSlow().run(),
  },
  {
    name: "bulletList",
    label: "Bullet list",
    shortcut: "Mod-Shift-8",
    icon: <ListIcon numbered={false} />,
    run: (e) => e.chain().focus().toggleBulletList().run(),
  },
  {
    name: "orderedList",
    label: "Numbered list",
    shortcut: "Mod-Shift-7",
    icon: <ListIcon numbered />,
    run: (e) => e.chain().focus().toggleOrderedList().run(),
  },
];

/** Index of the "Insert merge field" button in the toolbar's roving tab order (after the format buttons). */
const INSERT_INDEX = FORMAT_BUTTONS.length;

/**
 * Rich text editor for script text (TipTap 3), constrained to the script schema's RichText: paragraphs,
 * bullet/numbered lists, hard breaks, bold, italic, "read slowly" and merge-field chips.
 *
 * Inside the React Flow canvas: the wrapper carries `nodrag nopan nowheel nokey`, and keydown events do not
 * bubble out of the wrapper (except an Escape nothing inside used), so Backspace, Delete, Ctrl+Z, arrows
 * etc. edit the text instead of deleting nodes or undoing the canvas. Include the styles from
 * `richTextEditorStylesHref` (./styles.ts) in the route's `links`.
 */
export function RichTextEditor({
  value,
  onChange,
  variables,
  label,
  id,
  placeholder,
  autoFocus = false,
}: RichTextEditorProps) {
  const reactId = useId();
  const baseId = id ?? `rich-text-${reactId.replace(/[^A-Za-z0-9_-]/g, "")}`;
  const listboxId = `${baseId}-merge-fields`;

  const wrapperRef = useRef<HTMLDivElement>(null);
  const onChangeRef = useRef(onChange);
  const variablesRef = useRef<readonly Variable[]>(variables);
  const placeholderRef = useRef(placeholder ?? "");
  useEffect(() => {
    onChangeRef.current = onChange;
    placeholderRef.current = placeholder ?? "";
  });

  /**
   * The `value` the editor's content currently stands for: the last one we emitted, or the last outside one
   * applied. A `value` prop identical to it is our own change coming back and needs no work.
   */
  const syncedValueRef = useRef<RichText | null>(null);
  /** The ProseMirror document last emitted or applied, so an update that changed nothing emits nothing. */
  const lastDocRef = useRef<PMNode | null>(null);

  // ---- `{{` suggestion list: the TipTap plugin drives it, React renders it into a floating element. ----
  const [suggestion, setSuggestion] = useState<SuggestionUi | null>(null);
  const [activeIndex, setActiveIndex] = useState(0);
  const suggestionRef = useRef<SuggestionUi | null>(null);
  const activeIndexRef = useRef(0);
  const unmountPopupRef = useRef<(() => void) | null>(null);
  const [popupEl] = useState(() => {
    if (typeof document === "undefined") return null;
    const el = document.createElement("div");
    el.className = "rich-text-suggestions-host";
    return el;
  });

  const setActive = useCallback((index: number) => {
    activeIndexRef.current = index;
    setActiveIndex(index);
  }, []);

  const showSuggestion = useCallback(
    (props: SuggestionProps<Variable, Variable>, reset: boolean) => {
      const previous = suggestionRef.current;
      const next: SuggestionUi = {
        items: props.items,
        query: props.query,
        loading: props.loading,
        command: props.command,
      };
      suggestionRef.current = next;
      setSuggestion(next);
      if (reset || previous?.query !== next.query) setActive(0);
      else if (activeIndexRef.current >= next.items.length) setActive(Math.max(0, next.items.length - 1));
    },
    [setActive],
  );

  // The extensions are created once per editor; everything they need later is read through refs.
  const extensions = useMemo(
    () =>
      createRichTextExtensions({
        getVariables: () => variablesRef.current,
        getPlaceholder: () => placeholderRef.current,
        suggestionRender: () => ({
          onStart: (props) => {
            showSuggestion(props, true);
            if (popupEl) {
              // Floating above everything: in a dialog's top layer when the editor sits in a modal.
              const host = wrapperRef.current?.closest("dialog") ?? document.body;
              host.appendChild(popupEl);
              unmountPopupRef.current?.();
              unmountPopupRef.current = props.mount(popupEl);
            }
          },
          onUpdate: (props) => showSuggestion(props, false),
          onExit: () => {
            unmountPopupRef.current?.();
            unmountPopupRef.current = null;
            popupEl?.remove();
            suggestionRef.current = null;
            setSuggestion(null);
          },
          onKeyDown: ({ event }: SuggestionKeyDownProps) => {
            const open = suggestionRef.current;
            if (!open) return false;
            if (event.key === "Escape") return true; // the plugin closes the list
            const count = open.items.length;
            if (count === 0) return false;
            if (event.key === "ArrowDown") {
              setActive((activeIndexRef.current + 1) % count);
              return true;
            }
            if (event.key === "ArrowUp") {
              setActive((activeIndexRef.current - 1 + count) % count);
              return true;
            }
            if (event.key === "Enter" || event.key === "Tab") {
              open.command(open.items[Math.min(activeIndexRef.current, count - 1)]);
              return true;
            }
            return false;
          },
        }),
      }),
    // Created once: the callbacks above are stable and read fresh values through refs.
    [popupEl, setActive, showSuggestion],
  );

  const [initialContent] = useState(() => toSchemaRichText(value));
  const editorProps = useMemo(
    () => ({
      attributes: {
        id: baseId,
        role: "textbox",
        "aria-label": label,
        "aria-multiline": "true",
        "aria-autocomplete": "list",
        class: "rich-text-editor__content",
        spellcheck: "true",
      },
    }),
    [baseId, label],
  );

  const editor = useEditor({
    immediatelyRender: false,
    extensions,
    content: initialContent,
    editorProps,
    autofocus: autoFocus ? "end" : false,
    onCreate: ({ editor: created }) => {
      lastDocRef.current = created.state.doc;
    },
    onUpdate: ({ editor: current }) => {
      const doc = current.state.doc;
      if (doc === lastDocRef.current) return;
      lastDocRef.current = doc;
      const next = toSchemaRichText(current.getJSON());
      syncedValueRef.current = next;
      onChangeRef.current(next);
    },
  });

  // Outside changes (canvas undo, another panel editing the same node): replace the content without
  // emitting onChange, without adding to the text's own undo history, and keeping the cursor where it was.
  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    if (value === syncedValueRef.current) return; // our own onChange coming back
    let next: PMNode;
    try {
      next = editor.schema.nodeFromJSON(toSchemaRichText(value));
      next.check();
    } catch {
      return;
    }
    const { state } = editor;
    syncedValueRef.current = value;
    if (next.eq(state.doc)) return;
    const { anchor, head } = state.selection;
    const tr = state.tr.replaceWith(0, state.doc.content.size, next.content);
    const clamp = (pos: number) => Math.max(0, Math.min(pos, tr.doc.content.size));
    try {
      tr.setSelection(TextSelection.between(tr.doc.resolve(clamp(anchor)), tr.doc.resolve(clamp(head))));
    } catch {
      tr.setSelection(Selection.atEnd(tr.doc));
    }
    tr.setMeta("addToHistory", false).setMeta("preventUpdate", true);
    editor.view.dispatch(tr);
    lastDocRef.current = editor.state.doc;
  }, [editor, value]);

  // Chips show labels and undeclared warnings from the variables: re-render them when those change.
  useEffect(() => {
    variablesRef.current = variables;
    if (editor && !editor.isDestroyed) refreshMergeFieldChips(editor);
  }, [editor, variables]);

  // While the `{{` list is open, the contenteditable points assistive technology at the active option.
  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    const dom = editor.view.dom;
    if (suggestion && suggestion.items.length > 0) {
      dom.setAttribute("aria-controls", listboxId);
      dom.setAttribute(
        "aria-activedescendant",
        optionIdFor(baseId, Math.min(activeIndex, suggestion.items.length - 1)),
      );
    } else {
      dom.removeAttribute("aria-controls");
      dom.removeAttribute("aria-activedescendant");
    }
  }, [editor, suggestion, activeIndex, listboxId, baseId]);

  useEffect(
    () => () => {
      unmountPopupRef.current?.();
      popupEl?.remove();
    },
    [popupEl],
  );

  const active = useEditorState({
    editor,
    selector: ({ editor: current }) => {
      if (!current) return null;
      return {
        bold: current.isActive("bold"),
        italic: current.isActive("italic"),
        slow: current.isActive("slow"),
        bulletList: current.isActive("bulletList"),
        orderedList: current.isActive("orderedList"),
      };
    },
  });

  const isMac = useIsMac();

  // ---- Toolbar: one tab stop, arrow keys move between buttons (WAI-ARIA toolbar pattern). ----
  const [focusIndex, setFocusIndex] = useState(0);
  const buttonRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const onToolbarKeyDown = (event: ReactKeyboardEvent<HTMLDivElement>) => {
    const count = FORMAT_BUTTONS.length + 1;
    let next: number | null = null;
    if (event.key === "ArrowRight") next = (focusIndex + 1) % count;
    else if (event.key === "ArrowLeft") next = (focusIndex - 1 + count) % count;
    else if (event.key === "Home") next = 0;
    else if (event.key === "End") next = count - 1;
    if (next === null || !(event.target instanceof HTMLButtonElement)) return;
    if (!buttonRefs.current.includes(event.target)) return; // keys inside the merge-field menu
    event.preventDefault();
    setFocusIndex(next);
    buttonRefs.current[next]?.focus();
  };

  // Keydown stays inside: see the component comment. An Escape nothing here handled may still close an
  // enclosing panel or leave the node.
  const onWrapperKeyDown = (event: ReactKeyboardEvent<HTMLDivElement>) => {
    if (event.key === "Escape" && !event.defaultPrevented) return;
    event.stopPropagation();
    const mod = event.metaKey || event.ctrlKey;
    const key = event.key.toLowerCase();
    if (mod && (key === "z" || key === "y") && !event.defaultPrevented) {
      // Nothing left to undo in this text: don't let the browser's own contenteditable undo touch the DOM
      // ProseMirror owns (and don't hand the shortcut to the canvas either).
      if (editor && editor.view.dom.contains(event.target as Node)) event.preventDefault();
    }
  };

  const insertMergeField = (key: string) => {
    editor?.chain().focus().insertMergeField(key).run();
  };

  return (
    // The wrapper only stops key events from reaching the canvas; the controls inside handle the keys.
    // eslint-disable-next-line jsx-a11y/no-static-element-interactions
    <div
      ref={wrapperRef}
      className="rich-text-editor nodrag nopan nowheel nokey"
      onKeyDown={onWrapperKeyDown}
    >
      <div
        role="toolbar"
        aria-label={`${label}: formatting`}
        aria-controls={baseId}
        className="rich-text-editor__toolbar"
        onKeyDown={onToolbarKeyDown}
      >
        {FORMAT_BUTTONS.map((button, index) => {
          const pressed = active?.[button.name] ?? false;
          const shortcut = formatShortcut(button.shortcut, isMac);
          return (
            <button
              key={button.name}
              ref={(el) => {
                buttonRefs.current[index] = el;
              }}
              type="button"
              className="rich-text-editor__button"
              aria-label={button.label}
              aria-pressed={pressed}
              aria-keyshortcuts={ariaShortcut(button.shortcut, isMac)}
              title={`${button.label} (${shortcut})`}
              tabIndex={focusIndex === index ? 0 : -1}
              disabled={!editor}
              // Keep the text selection: the click acts on it, focus stays in the text.
              onMouseDown={(event) => event.preventDefault()}
              onFocus={() => setFocusIndex(index)}
              onClick={() => {
                if (editor) button.run(editor);
              }}
            >
              <span aria-hidden="true">{button.icon}</span>
            </button>
          );
        })}
        <span className="rich-text-editor__separator" aria-hidden="true" />
        <InsertMergeFieldMenu
          baseId={baseId}
          variables={variables}
          disabled={!editor}
          tabIndex={focusIndex === INSERT_INDEX ? 0 : -1}
          buttonRef={(el) => {
            buttonRefs.current[INSERT_INDEX] = el;
          }}
          onFocus={() => setFocusIndex(INSERT_INDEX)}
          onInsert={insertMergeField}
        />
      </div>

      {editor ? (
        <EditorContent editor={editor} className="rich-text-editor__surface" />
      ) : (
        <StaticSurface value={value} />
      )}

      {suggestion && popupEl
        ? createPortal(
            <SuggestionList
              listboxId={listboxId}
              baseId={baseId}
              suggestion={suggestion}
              activeIndex={activeIndex}
              onHover={setActive}
            />,
            popupEl,
          )
        : null}
    </div>
  );
}

function optionIdFor(baseId: string, index: number): string {
  return `${baseId}-merge-field-${index}`;
}

function SuggestionList({
  listboxId,
  baseId,
  suggestion,
  activeIndex,
  onHover,
}: {
  listboxId: string;
  baseId: string;
  suggestion: SuggestionUi;
  activeIndex: number;
  onHover: (index: number) => void;
}) {
  const { items, query, loading } = suggestion;
  const activeRef = useRef<HTMLLIElement>(null);
  useEffect(() => {
    activeRef.current?.scrollIntoView?.({ block: "nearest" });
  }, [activeIndex]);

  if (items.length === 0) {
    return (
      <div className="rich-text-suggestions rich-text-suggestions--empty" role="status">
        {loading
          ? "Loading merge fields…"
          : query
            ? `No merge field matches “${query}”.`
            : "No merge fields declared yet."}
      </div>
    );
  }
  return (
    <div className="rich-text-suggestions">
      <ul id={listboxId} role="listbox" aria-label="Merge fields" className="rich-text-suggestions__list">
        {items.map((variable, index) => (
          <li
            key={variable.key}
            ref={index === activeIndex ? activeRef : undefined}
            id={optionIdFor(baseId, index)}
            role="option"
            aria-selected={index === activeIndex}
            tabIndex={-1}
            className="rich-text-suggestions__option"
            // Chosen on mouse down, which never takes focus from the text: the caret stays put.
            onMouseDown={(event) => {
              event.preventDefault();
              suggestion.command(variable);
            }}
            onMouseEnter={() => onHover(index)}
          >
            <span className="rich-text-suggestions__label">{variable.label}</span>
            <code className="rich-text-suggestions__key">{`{{${variable.key}}}`}</code>
          </li>
        ))}
      </ul>
      <p className="rich-text-suggestions__hint" aria-hidden="true">
        ↑↓ to choose · Enter to insert · Esc to close
      </p>
    </div>
  );
}

/** Toolbar button with a menu of the variables, for inserting a chip without typing `{{`. */
function InsertMergeFieldMenu({
  baseId,
  variables,
  disabled,
  tabIndex,
  buttonRef,
  onFocus,
  onInsert,
}: {
  baseId: string;
  variables: readonly Variable[];
  disabled: boolean;
  tabIndex: number;
  buttonRef: (el: HTMLButtonElement | null) => void;
  onFocus: () => void;
  onInsert: (key: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const triggerRef = useRef<HTMLButtonElement | null>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const menuId = `${baseId}-insert-menu`;

  const items = () => Array.from(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
  const focusItem = (index: number) => {
    const all = items();
    if (all.length === 0) return;
    all[(index + all.length) % all.length].focus();
  };
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) triggerRef.current?.focus();
  };

  useEffect(() => {
    if (!open) return;
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node;
      if (menuRef.current?.contains(target) || triggerRef.current?.contains(target)) return;
      setOpen(false);
    };
    document.addEventListener("pointerdown", onPointerDown, true);
    return () => document.removeEventListener("pointerdown", onPointerDown, true);
  }, [open]);

  const onMenuKeyDown = (event: ReactKeyboardEvent<HTMLDivElement>) => {
    const all = items();
    const current = all.indexOf(document.activeElement as HTMLElement);
    if (event.key === "ArrowDown") focusItem(current + 1);
    else if (event.key === "ArrowUp") focusItem(current - 1);
    else if (event.key === "Home") focusItem(0);
    else if (event.key === "End") focusItem(all.length - 1);
    else if (event.key === "Escape") close(true);
    else if (event.key === "Tab") {
      setOpen(false);
      return;
    } else return;
    event.preventDefault();
  };

  return (
    <span className="rich-text-editor__menu-anchor">
      <button
        ref={(el) => {
          triggerRef.current = el;
          buttonRef(el);
        }}
        type="button"
        className="rich-text-editor__button rich-text-editor__button--text"
        aria-label="Insert merge field"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        title="Insert merge field (or type {{ in the text)"
        tabIndex={tabIndex}
        disabled={disabled}
        onMouseDown={(event) => event.preventDefault()}
        onFocus={onFocus}
        onClick={() => setOpen((was) => !was)}
        onKeyDown={(event) => {
          if (event.key === "ArrowDown" && !open) {
            event.preventDefault();
            setOpen(true);
          }
        }}
      >
        <span aria-hidden="true">{"{{ }}"}</span>
      </button>
      {open ? (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label="Merge fields"
          className="rich-text-editor__menu"
          onKeyDown={onMenuKeyDown}
          tabIndex={-1}
        >
          {variables.length === 0 ? (
            <div role="menuitem" aria-disabled="true" tabIndex={-1} className="rich-text-editor__menu-empty">
              No merge fields declared yet. Add variables to the script first.
            </div>
          ) : (
            variables.map((variable) => (
              <button
                key={variable.key}
                type="button"
                role="menuitem"
                tabIndex={-1}
                className="rich-text-editor__menu-item"
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => {
                  setOpen(false);
                  onInsert(variable.key);
                }}
              >
                <span>{variable.label}</span>
                <code>{`{{${variable.key}}}`}</code>
              </button>
            ))
          )}
        </div>
      ) : null}
    </span>
  );
}

function ListIcon({ numbered }: { numbered: boolean }) {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" fill="currentColor" focusable="false">
      {numbered ? (
        <>
          <text x="0" y="5.5" fontSize="5.5" fontFamily="system-ui, sans-serif">
            1
          </text>
          <text x="0" y="11" fontSize="5.5" fontFamily="system-ui, sans-serif">
            2
          </text>
          <text x="0" y="16" fontSize="5.5" fontFamily="system-ui, sans-serif">
            3
          </text>
        </>
      ) : (
        <>
          <circle cx="2" cy="3.5" r="1.5" />
          <circle cx="2" cy="8.5" r="1.5" />
          <circle cx="2" cy="13.5" r="1.5" />
        </>
      )}
      <rect x="5.5" y="2.75" width="10" height="1.5" rx="0.75" />
      <rect x="5.5" y="7.75" width="10" height="1.5" rx="0.75" />
      <rect x="5.5" y="12.75" width="10" height="1.5" rx="0.75" />
    </svg>
  );
}

/** Platform is only known in the browser; the server and the first client render assume not-a-Mac. */
function useIsMac(): boolean {
  const [isMac, setIsMac] = useState(false);
  useEffect(() => {
    setIsMac(/Mac|iPhone|iPad|iPod/.test(navigator.platform || navigator.userAgent));
  }, []);
  return isMac;
}

/** "Mod-Shift-s" → "Ctrl+Shift+S" or "⌘⇧S". */
export function formatShortcut(shortcut: string, isMac: boolean): string {
  const parts = shortcut.split("-").map((part) => {
    if (part === "Mod") return isMac ? "⌘" : "Ctrl";
    if (part === "Shift") return isMac ? "⇧" : "Shift";
    if (part === "Alt") return isMac ? "⌥" : "Alt";
    return part.toUpperCase();
  });
  return isMac ? parts.join("") : parts.join("+");
}

/** "Mod-Shift-s" → aria-keyshortcuts "Control+Shift+S" (or "Meta+Shift+S" on a Mac). */
function ariaShortcut(shortcut: string, isMac: boolean): string {
  return shortcut
    .split("-")
    .map((part) =>
      part === "Mod" ? (isMac ? "Meta" : "Control") : part.length === 1 ? part.toUpperCase() : part,
    )
    .join("+");
}
