import { describe, expect, it } from "vitest";
import { applyEdit, deleteEdge, updateNode } from "~/domain/edits";
import { richTextFromPlain } from "~/domain/rich-text";
import { edge, endNode, makeScript, sayNode, startNode } from "../../test/factories/script-factory";
import { computeChecks } from "./live-checks";

const script = makeScript({
  nodes: [startNode(), sayNode("a", "Hello"), sayNode("b", "Bye"), endNode("end")],
  edges: [edge("start", "next", "a", "e1"), edge("a", "next", "b", "e2"), edge("b", "next", "end", "e3")],
});

describe("computeChecks", () => {
  it("keeps the findings and markers of the previous run when an edit changes none of them", () => {
    const first = computeChecks(script);
    const { script: typed } = applyEdit(script, updateNode, {
      id: "a",
      patch: { text: richTextFromPlain("Hello there") },
    });
    const second = computeChecks(typed, first);
    expect(second.doc).toBe(typed);
    expect(second.findings).toBe(first.findings);
    expect(second.problemsByNode).toBe(first.problemsByNode);
  });

  it("reports what an edit breaks, with the node marked as an error", () => {
    const first = computeChecks(script);
    expect(first.errors).toBe(0);
    const { script: cut } = applyEdit(script, deleteEdge, { edgeId: "e2" });
    const second = computeChecks(cut, first);
    expect(second.findings).not.toBe(first.findings);
    expect(second.errors).toBeGreaterThan(0);
    // "a" no longer leads anywhere, and "b" can no longer be reached.
    expect(second.problemsByNode.get("a")).toBe("error");
    expect(second.problemsByNode.has("b")).toBe(true);
  });
});

describe("computeChecks: speaking time across edits", () => {
  const say = (text: string) => ({ text: richTextFromPlain(text) });
  const wordsOnLongest = (checks: ReturnType<typeof computeChecks>) => checks.timing.longest?.words;

  it("reuses the speaking time when typing inside a word, which changes no count", () => {
    const first = computeChecks(script);
    const { script: typed } = applyEdit(script, updateNode, { id: "a", patch: say("Helloooo") });
    expect(computeChecks(typed, first).timing).toBe(first.timing);
    const { script: moved } = applyEdit(typed, updateNode, { id: "b", patch: { position: { x: 500, y: 500 } } });
    expect(computeChecks(moved, first).timing).toBe(first.timing);
  });

  it("times the script again when a word is added, and counts the new word", () => {
    const first = computeChecks(script);
    // "Hello" + "Bye": two words on the only path.
    expect(wordsOnLongest(first)).toBe(2);
    const { script: typed } = applyEdit(script, updateNode, { id: "a", patch: say("Hello there") });
    const second = computeChecks(typed, first);
    expect(second.timing).not.toBe(first.timing);
    expect(wordsOnLongest(second)).toBe(3);
  });

  it("times the script again when the graph changes", () => {
    const first = computeChecks(script);
    const { script: cut } = applyEdit(script, deleteEdge, { edgeId: "e3" });
    const second = computeChecks(cut, first);
    expect(second.timing).not.toBe(first.timing);
    // The path now stops at "b", a dead end: no path reaches an end.
    expect(second.timing.longest?.endNodeId).toBeUndefined();
  });
});
