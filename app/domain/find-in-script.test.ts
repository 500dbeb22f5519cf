import { describe, expect, it } from "vitest";
import {
  checkpointNode,
  conditionNode,
  edge,
  endNode,
  makeScript,
  questionNode,
  rule,
  sayNode,
  startNode,
  variable,
} from "../../test/factories/script-factory";
import { findInScript } from "./find-in-script";
import { richTextFromPlain } from "./rich-text";
import type { Script } from "./script-types";

function script(): Script {
  return makeScript({
    variables: [variable("firstName"), variable("vip", { type: "boolean" })],
    nodes: [
      // Document order differs from reading order on purpose.
      endNode("done", "Appointment set", {
        outcome: { label: "Appointment set", code: "APPT", success: true, disposition: "1.1" },
        text: richTextFromPlain("Thank you, goodbye!"),
      }),
      sayNode("unused", "An unreachable appointment note."),
      questionNode("q", "Would Tuesday suit you, {{firstName}}?", "single", ["Tuesday", "Wednesday"], {
        title: "Pick a day",
        note: "Offer Tuesday first.",
      }),
      startNode(),
      sayNode("hi", "Jó napot kívánok! ÁRVÍZTŰRŐ tükörfúrógép. 您好，我是王经理。"),
      conditionNode("c", [rule("r1", "variable", "vip", { label: "VIP appointment" })]),
      checkpointNode("p", "Appointment offered"),
    ],
    edges: [
      edge("start", "next", "hi"),
      edge("hi", "next", "q"),
      edge("q", "option:q-o1", "c"),
      edge("q", "option:q-o2", "p"),
      edge("c", "rule:r1", "done"),
      edge("c", "else", "done"),
      edge("p", "next", "done"),
    ],
  });
}

describe("findInScript", () => {
  it("finds in every field, nodes in reading order", () => {
    const found = findInScript(script(), "appointment");
    expect(found.map((m) => [m.nodeId, m.field])).toEqual([
      ["c", "rule"],
      ["p", "name"],
      ["done", "outcome"],
      ["unused", "text"],
    ]);
  });

  it("looks at titles, texts, answers and notes of a step in that order", () => {
    const found = findInScript(script(), "tuesday");
    expect(found.map((m) => [m.field, m.optionId])).toEqual([
      ["text", undefined],
      ["option", "q-o1"],
      ["note", undefined],
    ]);
    expect(findInScript(script(), "pick a").map((m) => m.field)).toEqual(["title"]);
    expect(findInScript(script(), "APPT")).toEqual([
      expect.objectContaining({ nodeId: "done", field: "outcome" }),
    ]);
  });

  it("ignores case, also beyond ASCII, and finds Chinese", () => {
    expect(findInScript(script(), "árvíztűrő")).toEqual([
      expect.objectContaining({ nodeId: "hi", field: "text" }),
    ]);
    expect(findInScript(script(), "JÓ NAPOT")).toHaveLength(1);
    expect(findInScript(script(), "王经理")).toEqual([expect.objectContaining({ nodeId: "hi" })]);
    // Decomposed input (a + combining acute) finds the composed text.
    expect(findInScript(script(), "Jo\u0301 napot")).toHaveLength(1);
  });

  it("finds merge fields as {{key}} and treats the query as text, not a pattern", () => {
    expect(findInScript(script(), "{{firstName}}")).toEqual([
      expect.objectContaining({ nodeId: "q", field: "text" }),
    ]);
    expect(findInScript(script(), "suit you, {{")).toHaveLength(1);
    expect(findInScript(script(), ".*")).toEqual([]);
  });

  it("gives a snippet with context and the match's place in it", () => {
    const long = makeScript({
      nodes: [
        startNode(),
        sayNode(
          "s",
          "We have been organising events for twenty years and this year the summit moves to a larger venue in the city centre.",
        ),
      ],
      edges: [edge("start", "next", "s")],
    });
    const [match] = findInScript(long, "SUMMIT");
    expect(match.snippet.startsWith("…")).toBe(true);
    expect(match.snippet.endsWith("…")).toBe(true);
    expect(match.snippet.slice(match.start, match.end)).toBe("summit");
    expect(match.snippet.length).toBeLessThan(90);
    const [short] = findInScript(long, "we have");
    expect(short.snippet.startsWith("We have")).toBe(true);
    expect(short.start).toBe(0);
  });

  it("never splits a character outside the Basic Multilingual Plane", () => {
    const emoji = makeScript({
      nodes: [startNode(), sayNode("s", `${"😀".repeat(30)} target ${"😀".repeat(30)}`)],
      edges: [edge("start", "next", "s")],
    });
    const [match] = findInScript(emoji, "target");
    expect(match.snippet).not.toMatch(
      /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/,
    );
    expect(match.snippet.slice(match.start, match.end)).toBe("target");
  });

  it("finds nothing for an empty query", () => {
    expect(findInScript(script(), "   ")).toEqual([]);
  });
});
