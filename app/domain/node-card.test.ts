import { describe, expect, it } from "vitest";
import { cardHandles, cardSize } from "./node-card";
import {
  conditionNode,
  endNode,
  questionNode,
  rule,
  sayNode,
  startNode,
} from "../../test/factories/script-factory";

// The card sizes the canvas is drawn to (the CSS in app/editor/editor.css matches them; the editor's
// end-to-end test checks the two agree in Chromium).
describe("card sizes", () => {
  it("fixes each kind's height by its lines of text and its output row", () => {
    // border 5, head 26, text lines × 17 + 8, output row 32 with labels, 14 with a bare handle, none for an end
    expect(cardSize(startNode())).toEqual({ width: 260, height: 5 + 26 + 14 });
    expect(cardSize(sayNode("s", "Hello"))).toEqual({ width: 260, height: 5 + 26 + 59 + 14 });
    expect(cardSize(endNode("e", "Done"))).toEqual({ width: 260, height: 5 + 26 + 42 });
    const yesNo = questionNode("q", "Interested?", "yes-no");
    expect(cardSize(yesNo)).toEqual({ width: 260, height: 5 + 26 + 59 + 32 });
  });

  it("widens a card whose outputs need more than the minimum width (96 px each)", () => {
    const options = Array.from({ length: 4 }, (_, i) => ({ id: `o${i}`, label: `Option ${i}` }));
    const q = questionNode("q", "Which?", "single", options);
    expect(cardSize(q).width).toBe(384);
    expect(cardSize({ ...q, allowDontKnow: true, allowRefused: true }).width).toBe(576);
  });

  it("does not depend on the length of the text (it is clamped)", () => {
    const long = "A very long opening that goes on and on. ".repeat(20);
    expect(cardSize(sayNode("s", long))).toEqual(cardSize(sayNode("s", "Hi")));
  });
});

describe("card handles", () => {
  it("centres the input on the top edge and spreads the outputs along the bottom in output order", () => {
    const node = conditionNode("c", [rule("r1", "variable", "owner"), rule("r2", "variable", "tenant")]);
    const { width, height } = cardSize(node);
    const handles = cardHandles(node);
    expect(handles.map((h) => [h.id, h.type, h.position])).toEqual([
      ["in", "target", "top"],
      ["rule:r1", "source", "bottom"],
      ["rule:r2", "source", "bottom"],
      ["else", "source", "bottom"],
    ]);
    const centre = (h: (typeof handles)[number]) => ({ x: h.x + h.width / 2, y: h.y + h.height / 2 });
    // Inside the 1 px side borders; the input sits on the 4 px top border's inner edge.
    expect(centre(handles[0])).toEqual({ x: width / 2, y: 4 });
    const inner = width - 2;
    expect(handles.slice(1).map((h) => centre(h).x)).toEqual([
      1 + inner / 6,
      1 + inner / 2,
      1 + (5 * inner) / 6,
    ]);
    expect(handles.slice(1).every((h) => centre(h).y === height - 1)).toBe(true);
  });

  it("gives an end no outputs and a start no input", () => {
    expect(cardHandles(endNode("e", "Done")).map((h) => h.id)).toEqual(["in"]);
    expect(cardHandles(startNode()).map((h) => h.id)).toEqual(["next"]);
  });
});
