import { nodeOutputs } from "./node-outputs";
import type { NodeKind, ScriptNode } from "./script-types";

// A step's card on the canvas has a size fixed by what it is, not by how its text happens to wrap: a kind
// shows a set number of lines of text (clamped), the output row is there or not, and every part has a
// height in pixels. The canvas (app/editor/editor.css, `.sp-node` and its parts) draws the card to exactly
// these numbers, so React Flow is given each card's size and handle positions up front: it can fit the
// view and draw only the cards in view straight away, instead of first rendering all of them to measure
// them. Auto-layout and placement use the same sizes. Change one side, change the other.

export const CARD = {
  /** The narrowest card; wider when its outputs need the room (OUTPUT_WIDTH each). */
  minWidth: 260,
  outputWidth: 96,
  /** Border: 4 px on top (the kind's colour), 1 px elsewhere. */
  borderTop: 4,
  border: 1,
  head: 26,
  line: 17,
  /** Padding around the text lines, top and bottom together. */
  textPadding: 8,
  /** The output row with answer labels above the handles, and with a bare handle only. */
  outputsLabelled: 32,
  outputsPlain: 14,
  /** Handles are 11 px squares centred on the card's top and bottom edges. */
  handle: 11,
} as const;

/** Lines of text each kind shows on its card (longer text is cut with an ellipsis). */
export const CARD_TEXT_LINES: Record<NodeKind, number> = {
  start: 0,
  say: 3,
  question: 3,
  callback: 3,
  referral: 3,
  end: 2,
  checkpoint: 1,
  condition: 1,
};

export interface CardSize {
  width: number;
  height: number;
}

/** An output's handle on a card, as React Flow takes it: top-left corner relative to the card. */
export interface CardHandle {
  id: string;
  type: "source" | "target";
  position: "top" | "bottom";
  x: number;
  y: number;
  width: number;
  height: number;
}

export function cardWidth(node: ScriptNode): number {
  return widthFor(nodeOutputs(node));
}

/** Whether the card's output row shows answer labels (anything but a single plain "next"). */
export function cardHasOutputLabels(node: ScriptNode): boolean {
  return labelled(nodeOutputs(node));
}

export function cardSize(node: ScriptNode): CardSize {
  const lines = CARD_TEXT_LINES[node.kind];
  const outputs = nodeOutputs(node);
  const height =
    CARD.borderTop +
    CARD.border +
    CARD.head +
    (lines > 0 ? lines * CARD.line + CARD.textPadding : 0) +
    (outputs.length === 0 ? 0 : labelled(outputs) ? CARD.outputsLabelled : CARD.outputsPlain);
  return { width: widthFor(outputs), height };
}

/** The middle of a step's card on the canvas: where to centre the view on it. */
export function cardCentre(node: ScriptNode): { x: number; y: number } {
  const { width, height } = cardSize(node);
  return { x: node.position.x + width / 2, y: node.position.y + height / 2 };
}

const widthFor = (outputs: readonly string[]) => Math.max(CARD.minWidth, outputs.length * CARD.outputWidth);
const labelled = (outputs: readonly string[]) => outputs.some((handle) => handle !== "next");

/**
 * Where the card's handles are: the input centred on the top edge (start has none), the outputs spread
 * evenly along the bottom edge in output order. Handles are positioned inside the card's border box (the
 * card is their containing block), so they sit on the inner edge of the border.
 */
export function cardHandles(node: ScriptNode, size: CardSize = cardSize(node)): CardHandle[] {
  const half = CARD.handle / 2;
  const inner = size.width - 2 * CARD.border;
  const handles: CardHandle[] = [];
  if (node.kind !== "start") {
    handles.push({
      id: "in",
      type: "target",
      position: "top",
      x: CARD.border + inner / 2 - half,
      y: CARD.borderTop - half,
      width: CARD.handle,
      height: CARD.handle,
    });
  }
  const outputs = nodeOutputs(node);
  outputs.forEach((handle, i) => {
    handles.push({
      id: handle,
      type: "source",
      position: "bottom",
      x: CARD.border + (inner * (i + 0.5)) / outputs.length - half,
      y: size.height - CARD.border - half,
      width: CARD.handle,
      height: CARD.handle,
    });
  });
  return handles;
}
