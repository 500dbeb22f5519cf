// Test support for the inspector and side panels (imported by tests only).
import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { ReactElement } from "react";
import type { Script } from "~/domain/script-types";
import { createEditorStore, EditorStoreContext } from "../editor-store";

/** Renders `ui` inside a fresh editor store holding `script`, with a user-event session. */
export function renderWithStore(ui: ReactElement, script: Script, selected: string[] = []) {
  const store = createEditorStore(script);
  if (selected.length > 0) store.getState().select({ nodeIds: selected, edgeIds: [] });
  const user = userEvent.setup();
  const utils = render(<EditorStoreContext.Provider value={store}>{ui}</EditorStoreContext.Provider>);
  const doc = () => store.getState().doc;
  const node = (id: string) => {
    const found = doc().nodes.find((n) => n.id === id);
    if (!found) throw new Error(`no node ${id}`);
    return found;
  };
  return { ...utils, store, user, doc, node };
}

/** ProseMirror measures the DOM (coordsAtPos, scrolling into view); jsdom has no layout. Call in beforeAll. */
export function stubLayoutForProseMirror(): void {
  const emptyRects = () => {
    const list: DOMRect[] = [];
    return Object.assign(list, { item: (i: number) => list[i] ?? null }) as unknown as DOMRectList;
  };
  Range.prototype.getClientRects = emptyRects;
  Range.prototype.getBoundingClientRect = () => new DOMRect(0, 0, 0, 0);
  Element.prototype.getClientRects = emptyRects;
  document.elementFromPoint = () => null;
  Element.prototype.scrollIntoView = () => {};
}
