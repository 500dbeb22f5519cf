import { describe, expect, it } from "vitest";
import { edge, makeScript, questionNode } from "../../test/factories/script-factory";
import { answerChoices } from "./step-choices";

describe("answerChoices", () => {
  it("numbers yes/no, then don't know and refused, and flags answers that lead nowhere", () => {
    const q = questionNode("q", "Ok?", "yes-no", [], { allowDontKnow: true, allowRefused: true });
    const script = makeScript({ nodes: [q], edges: [edge("q", "yes", "q"), edge("q", "no", "q"), edge("q", "refused", "q")] });
    expect(answerChoices(script, q).map((c) => [c.key, c.label, c.leadsNowhere])).toEqual([
      ["1", "Yes", false],
      ["2", "No", false],
      ["3", "Don't know", true],
      ["4", "Refused", false],
    ]);
  });

  it("uses a scale's values as their own keys when they fit 0–9", () => {
    const q = questionNode("q", "Rate", "scale", [], { scale: { min: 0, max: 4, maxLabel: "Great" }, allowDontKnow: true });
    const script = makeScript({ nodes: [q], edges: [edge("q", "next", "q")] });
    expect(answerChoices(script, q).map((c) => [c.key, c.label])).toEqual([
      ["0", "0"],
      ["1", "1"],
      ["2", "2"],
      ["3", "3"],
      ["4", "4 (Great)"],
      ["5", "Don't know"],
    ]);
  });

  it("keys a 0–10 scale by value, leaving 10 to Tab and Enter", () => {
    const q = questionNode("q", "NPS", "scale", [], { scale: { min: 0, max: 10 } });
    const keys = answerChoices(makeScript({ nodes: [q] }), q).map((c) => c.key);
    expect(keys).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ""]);
  });

  it("numbers a scale with negative values by position", () => {
    const q = questionNode("q", "Mood", "scale", [], { scale: { min: -2, max: 2 } });
    expect(answerChoices(makeScript({ nodes: [q] }), q).map((c) => [c.key, c.label])).toEqual([
      ["1", "-2"],
      ["2", "-1"],
      ["3", "0"],
      ["4", "1"],
      ["5", "2"],
    ]);
  });

  it("offers Other… after a semi-open question's options", () => {
    const q = questionNode("q", "Where?", "semi-open", ["Press", "Web"]);
    expect(answerChoices(makeScript({ nodes: [q] }), q).map((c) => c.label)).toEqual(["Press", "Web", "Other…"]);
  });
});
