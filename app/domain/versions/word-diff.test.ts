import { describe, expect, it } from "vitest";
import { hasTextChange, wordDiff, type WordDiffPart } from "./word-diff";

const render = (parts: WordDiffPart[]) =>
  parts.map((p) => (p.op === "equal" ? p.text : p.op === "insert" ? `{+${p.text}+}` : `[-${p.text}-]`)).join("");

describe("wordDiff", () => {
  it("marks whole words inserted and deleted, keeping the rest", () => {
    expect(render(wordDiff("Hello, this is Anna from Solar.", "Hello, this is Anna calling from Sunny Solar."))).toBe(
      "Hello, this is Anna {+calling +}from{+ Sunny+} Solar.",
    );
    expect(render(wordDiff("Do you have two minutes?", "Do you have a minute?"))).toBe(
      "Do you have [-two-]{+a+} [-minutes?-]{+minute?+}",
    );
  });

  it("rebuilds both texts exactly from the parts", () => {
    const before = "We met at the fair in May. Would you like the brochure?";
    const after = "We met at the trade fair last May. Shall I send the brochure?";
    const parts = wordDiff(before, after);
    expect(parts.filter((p) => p.op !== "insert").map((p) => p.text).join("")).toBe(before);
    expect(parts.filter((p) => p.op !== "delete").map((p) => p.text).join("")).toBe(after);
  });

  it("treats each Chinese character as a word", () => {
    expect(render(wordDiff("您好，我是小王。", "您好，我是小李。"))).toBe("您好，我是小[-王-]{+李+}。");
  });

  it("reports identical texts as one unchanged part, and whitespace-only edits as no text change", () => {
    expect(wordDiff("Same text", "Same text")).toEqual([{ op: "equal", text: "Same text" }]);
    expect(wordDiff("", "")).toEqual([]);
    expect(hasTextChange(wordDiff("a  b", "a b"))).toBe(false);
    expect(hasTextChange(wordDiff("a b", "a c"))).toBe(true);
  });

  it("handles all-new and all-removed text", () => {
    expect(wordDiff("", "New words")).toEqual([{ op: "insert", text: "New words" }]);
    expect(wordDiff("Old words", "")).toEqual([{ op: "delete", text: "Old words" }]);
  });
});
