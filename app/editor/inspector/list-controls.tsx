import { useCallback, useEffect, useState, type KeyboardEvent } from "react";

/**
 * Moves focus to the element with this id after the next render: to a new option's label once it exists,
 * to the neighbour of a removed row, to a moved row's button, so keyboard users never lose their place.
 */
export function useFocusAfterRender(): (elementId: string) => void {
  const [target, setTarget] = useState<{ id: string } | null>(null);
  useEffect(() => {
    if (!target) return;
    const element = document.getElementById(target.id);
    if (element instanceof HTMLElement) element.focus();
  }, [target]);
  // A fresh object each time, so asking for the same element twice still moves focus.
  return useCallback((id: string) => setTarget({ id }), []);
}

interface RowButtonsProps {
  /** "option", "rule", "objection": used in the buttons' accessible names ("Move option 2 up"). */
  noun: string;
  index: number;
  count: number;
  /** Prefix of the buttons' element ids, so focus can follow a moved row. */
  idBase: string;
  onMove: (toIndex: number) => void;
  onRemove: () => void;
}

/** Up, down and remove buttons for one row of an ordered list, all reachable and named for screen readers. */
export function RowButtons({ noun, index, count, idBase, onMove, onRemove }: RowButtonsProps) {
  const n = index + 1;
  return (
    <div className="sp-row-buttons">
      <button
        type="button"
        id={`${idBase}-up`}
        className="small"
        aria-label={`Move ${noun} ${n} up`}
        title="Move up"
        disabled={index === 0}
        onClick={() => onMove(index - 1)}
      >
        ↑
      </button>
      <button
        type="button"
        id={`${idBase}-down`}
        className="small"
        aria-label={`Move ${noun} ${n} down`}
        title="Move down"
        disabled={index === count - 1}
        onClick={() => onMove(index + 1)}
      >
        ↓
      </button>
      <button type="button" className="small" aria-label={`Remove ${noun} ${n}`} onClick={onRemove}>
        Remove
      </button>
    </div>
  );
}

/** Where focus goes after a row moved: the same button, or the other one once the row reached an end. */
export function focusAfterMove(idBase: string, toIndex: number, count: number, up: boolean): string {
  if (up) return toIndex === 0 ? `${idBase}-down` : `${idBase}-up`;
  return toIndex === count - 1 ? `${idBase}-up` : `${idBase}-down`;
}

/**
 * React Flow deletes the selected steps on Delete or Backspace anywhere in the document unless focus is in
 * a text field. On a button in a side panel ("Remove option 2", "Move rule 1 up") those keys must do
 * nothing instead of deleting the step being edited, so panels stop them here. Other keys (Ctrl+Z) pass.
 */
export function keepDeleteKeysFromCanvas(event: KeyboardEvent<HTMLElement>): void {
  if (event.key === "Delete" || event.key === "Backspace") event.stopPropagation();
}
