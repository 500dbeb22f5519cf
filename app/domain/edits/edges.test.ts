import { describe, expect, it } from "vitest";
import { isSchemaValidScript } from "~/services/schema-validation.server";
import {
  edge,
  endNode,
  makeScript,
  questionNode,
  sayNode,
  startNode,
} from "../../../test/factories/script-factory";
import { checkScript } from "../graph-checks";
import type { Script } from "../script-types";
import { applyEdit } from "./apply-edit";
import { connect, deleteEdge, reconnectEdge } from "./edges";

/** start -> q; q's answers still open; a, b, done unconnected. */
function open(): Script {
  return makeScript({
    nodes: [startNode(), questionNode("q", "Ok?"), sayNode("a", "A"), sayNode("b", "B"), endNode("done")],
    edges: [edge("start", "next", "q")],
  });
}

describe("connect", () => {
  it("adds a connection from an output to a step", () => {
    const { script, result } = applyEdit(open(), connect, {
      id: "e1",
      source: "q",
      sourceHandle: "yes",
      target: "a",
    });
    expect(result).toEqual({ id: "e1", source: "q", sourceHandle: "yes", target: "a" });
    expect(script.edges.at(-1)).toEqual(result);
    expect(isSchemaValidScript(script)).toBe(true);
  });

  it("keeps one connection per output: a new one replaces the old in its place", () => {
    const base = open();
    base.edges.push(edge("q", "yes", "a", "old"), edge("q", "no", "b", "keep"));
    const { script } = applyEdit(base, connect, { id: "new", source: "q", sourceHandle: "yes", target: "b" });
    expect(script.edges.map((e) => e.id)).toEqual(["start-next-q", "new", "keep"]);
    expect(script.edges[1]).toEqual({ id: "new", source: "q", sourceHandle: "yes", target: "b" });
    expect(script.edges[0]).toBe(base.edges[0]);
  });

  it("collapses the extra connections a broken document had on that output", () => {
    const base = open();
    base.edges.push(edge("q", "yes", "a", "one"), edge("q", "yes", "b", "two"));
    const { script } = applyEdit(base, connect, {
      id: "three",
      source: "q",
      sourceHandle: "yes",
      target: "done",
    });
    expect(script.edges.map((e) => e.id)).toEqual(["start-next-q", "three"]);
  });

  it("changes nothing when the output already leads there", () => {
    const base = open();
    base.edges.push(edge("q", "yes", "a", "old"));
    const { script, result } = applyEdit(base, connect, {
      id: "new",
      source: "q",
      sourceHandle: "yes",
      target: "a",
    });
    expect(script).toBe(base);
    expect(result.id).toBe("old");
  });

  it.each([
    ["a missing source", { source: "zz", sourceHandle: "next", target: "a" }],
    ["a missing target", { source: "a", sourceHandle: "next", target: "zz" }],
    ["an output the node lacks", { source: "q", sourceHandle: "next", target: "a" }],
    ["an end's output", { source: "done", sourceHandle: "next", target: "a" }],
    ["the start as target", { source: "a", sourceHandle: "next", target: "start" }],
  ])("refuses %s with DomainError(invalid)", (_, ends) => {
    expect(() => applyEdit(open(), connect, { id: "e1", ...ends })).toThrow(
      expect.objectContaining({ name: "DomainError", code: "invalid" }),
    );
  });

  it("refuses an id another connection has", () => {
    expect(() =>
      applyEdit(open(), connect, { id: "start-next-q", source: "q", sourceHandle: "yes", target: "a" }),
    ).toThrow(expect.objectContaining({ code: "conflict" }));
  });

  it("builds a script without findings, edge by edge", () => {
    let script = open();
    const steps = [
      { id: "e1", source: "q", sourceHandle: "yes", target: "a" },
      { id: "e2", source: "q", sourceHandle: "no", target: "b" },
      { id: "e3", source: "a", sourceHandle: "next", target: "done" },
      { id: "e4", source: "b", sourceHandle: "next", target: "done" },
    ];
    for (const step of steps) script = applyEdit(script, connect, step).script;
    expect(checkScript(script)).toEqual([]);
  });
});

describe("reconnectEdge", () => {
  it("moves the target end", () => {
    const base = open();
    base.edges.push(edge("q", "yes", "a", "y"));
    const { script } = applyEdit(base, reconnectEdge, { edgeId: "y", target: "b" });
    expect(script.edges[1]).toEqual({ id: "y", source: "q", sourceHandle: "yes", target: "b" });
  });

  it("moves the source end to another output, replacing what that output had", () => {
    const base = open();
    base.edges.push(edge("q", "yes", "a", "y"), edge("q", "no", "b", "n"));
    const { script } = applyEdit(base, reconnectEdge, {
      edgeId: "y",
      source: "q",
      sourceHandle: "no",
      target: "a",
    });
    expect(script.edges.map((e) => [e.id, e.sourceHandle, e.target])).toEqual([
      ["start-next-q", "next", "q"],
      ["y", "no", "a"],
    ]);
  });

  it("refuses an unknown connection or target", () => {
    expect(() => applyEdit(open(), reconnectEdge, { edgeId: "zz", target: "a" })).toThrow(
      expect.objectContaining({ code: "not-found" }),
    );
    expect(() => applyEdit(open(), reconnectEdge, { edgeId: "start-next-q", target: "zz" })).toThrow(
      expect.objectContaining({ code: "invalid" }),
    );
  });
});

describe("deleteEdge", () => {
  it("deletes one connection and says whether there was one", () => {
    const base = open();
    const { script, result } = applyEdit(base, deleteEdge, { edgeId: "start-next-q" });
    expect(result).toBe(true);
    expect(script.edges).toEqual([]);
    const again = applyEdit(script, deleteEdge, { edgeId: "start-next-q" });
    expect(again.result).toBe(false);
    expect(again.script).toBe(script);
  });
});
