import { describe, expect, it } from "vitest";
import { isSchemaValidScript, parseScriptDocument } from "~/services/schema-validation.server";
import {
  conditionNode,
  edge,
  endNode,
  makeScript,
  minimalScript,
  objection,
  questionNode,
  rule,
  sayNode,
  startNode,
} from "../../../test/factories/script-factory";
import { DomainError } from "../domain-error";
import { checkScript } from "../graph-checks";
import { NODE_KINDS, type QuestionNode, type Script } from "../script-types";
import { applyEdit } from "./apply-edit";
import {
  addNode,
  createNode,
  deleteElements,
  moveNodes,
  pruneEdgesOf,
  setQuestionType,
  updateNode,
} from "./nodes";

function expectValid(script: Script): void {
  if (isSchemaValidScript(script)) return;
  let details = "";
  try {
    parseScriptDocument(structuredClone(script));
  } catch (error) {
    details = JSON.stringify((error as DomainError).details);
  }
  expect.fail(`not schema-valid: ${details}`);
}

function ids(prefix: string): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}

/** start -> q (yes/no) -> yes: a, no: b; a, b -> done */
function branching(): Script {
  return makeScript({
    nodes: [
      startNode(),
      questionNode("q", "Is now a good time?"),
      sayNode("a", "Great."),
      sayNode("b", "Another time then."),
      endNode("done"),
    ],
    edges: [
      edge("start", "next", "q"),
      edge("q", "yes", "a"),
      edge("q", "no", "b"),
      edge("a", "next", "done"),
      edge("b", "next", "done"),
    ],
  });
}

describe("createNode", () => {
  it.each(NODE_KINDS)("gives a %s node defaults that make a schema-valid document", (kind) => {
    const node = createNode(kind, "n1", { x: 10, y: 20 });
    expect(node).toMatchObject({ id: "n1", kind, position: { x: 10, y: 20 } });
    expectValid(makeScript({ nodes: [node] }));
  });

  it("uses the defaults the editor documents", () => {
    expect(createNode("question", "q", { x: 0, y: 0 })).toMatchObject({
      questionType: "yes-no",
      options: [],
      text: { type: "doc", content: [{ type: "paragraph" }] },
    });
    expect(createNode("end", "e", { x: 0, y: 0 })).toMatchObject({
      outcome: { label: "Completed", success: true, disposition: "1.1" },
    });
    expect(createNode("checkpoint", "c", { x: 0, y: 0 })).toMatchObject({ name: "Pitch delivered" });
    expect(createNode("condition", "c", { x: 0, y: 0 })).toMatchObject({ rules: [] });
  });

  it("copies the position rather than sharing the caller's object", () => {
    const at = { x: 1, y: 2 };
    const node = createNode("say", "s", at);
    at.x = 99;
    expect(node.position).toEqual({ x: 1, y: 2 });
  });
});

describe("addNode", () => {
  it("adds a node and returns it", () => {
    const { script, result } = applyEdit(minimalScript(), addNode, {
      kind: "say",
      id: "new",
      position: { x: 5, y: 6 },
    });
    expect(script.nodes.at(-1)).toEqual(result);
    expect(result).toMatchObject({ id: "new", kind: "say", position: { x: 5, y: 6 } });
    expectValid(script);
  });

  it("connects the output it was dropped from", () => {
    const base = makeScript({ nodes: [startNode()], edges: [] });
    const { script } = applyEdit(base, addNode, {
      kind: "end",
      id: "done",
      position: { x: 0, y: 200 },
      from: { source: "start", sourceHandle: "next", edgeId: "e1" },
    });
    expect(script.edges).toEqual([{ id: "e1", source: "start", sourceHandle: "next", target: "done" }]);
    expect(checkScript(script)).toEqual([]);
  });

  it("refuses an id already in use, and an id the schema does not allow", () => {
    expect(() =>
      applyEdit(minimalScript(), addNode, { kind: "say", id: "hello", position: { x: 0, y: 0 } }),
    ).toThrow(expect.objectContaining({ code: "conflict" }));
    expect(() =>
      applyEdit(minimalScript(), addNode, { kind: "say", id: "a b", position: { x: 0, y: 0 } }),
    ).toThrow(expect.objectContaining({ code: "invalid" }));
  });

  it("adds nothing when the connection it was asked for is impossible", () => {
    const base = minimalScript();
    expect(() =>
      applyEdit(base, addNode, {
        kind: "say",
        id: "x",
        position: { x: 0, y: 0 },
        from: { source: "done", sourceHandle: "next", edgeId: "e9" },
      }),
    ).toThrow(DomainError);
    expect(base.nodes).toHaveLength(3);
  });
});

describe("updateNode", () => {
  it("changes the node's own fields and removes optional ones given as undefined", () => {
    const base = minimalScript({
      nodes: [startNode(), sayNode("hello", "Hello", { title: "Greeting", note: "Smile" }), endNode("done")],
    });
    const { script } = applyEdit(base, updateNode, {
      id: "hello",
      patch: { title: "Opening", note: undefined },
    });
    expect(script.nodes[1]).toEqual({ ...base.nodes[1], title: "Opening", note: undefined });
    expect(script.nodes[1]).not.toHaveProperty("note");
    expect(script.nodes[0]).toBe(base.nodes[0]);
    expectValid(script);
  });

  it("refuses id, kind, fields of another kind and removing a required field", () => {
    const base = minimalScript();
    for (const patch of [{ id: "x" }, { kind: "end" }, { options: [] }, { text: undefined }]) {
      expect(() => applyEdit(base, updateNode, { id: "hello", patch: patch as never })).toThrow(
        expect.objectContaining({ code: "invalid" }),
      );
    }
    expect(() => applyEdit(base, updateNode, { id: "nope", patch: {} })).toThrow(
      expect.objectContaining({ code: "not-found" }),
    );
  });

  it("refuses values outside the schema's limits", () => {
    const base = makeScript({ nodes: [startNode(), createNode("checkpoint", "c", { x: 0, y: 0 })] });
    expect(() => applyEdit(base, updateNode, { id: "c", patch: { name: "" } })).toThrow(/cannot be empty/);
    expect(() => applyEdit(base, updateNode, { id: "c", patch: { note: "x".repeat(2001) } })).toThrow(
      /too long/,
    );
  });

  it("drops the connections of outputs the node no longer has", () => {
    const base = makeScript({
      nodes: [startNode(), questionNode("q", "Which?", "single", ["A", "B"]), endNode("ea"), endNode("eb")],
      edges: [edge("start", "next", "q"), edge("q", "option:q-o1", "ea"), edge("q", "option:q-o2", "eb")],
    });
    const q = base.nodes[1] as QuestionNode;
    const { script, result } = applyEdit(base, updateNode, { id: "q", patch: { options: [q.options[0]] } });
    expect(result).toEqual(["q-option_q-o2-eb"]);
    expect(script.edges.map((e) => e.id)).toEqual(["start-next-q", "q-option_q-o1-ea"]);
    expectValid(script);
  });

  it("keeps every connection when the outputs stay", () => {
    const base = branching();
    const { script } = applyEdit(base, updateNode, { id: "q", patch: { title: "Timing" } });
    expect(script.edges).toBe(base.edges);
  });
});

describe("pruneEdgesOf", () => {
  it("removes only that node's connections from unknown outputs", () => {
    const base = branching();
    base.edges.push(edge("q", "other", "b", "stray"), edge("a", "yes", "b", "other-stray"));
    expect(pruneEdgesOf(base, "q")).toEqual(["stray"]);
    expect(base.edges.map((e) => e.id)).toContain("other-stray");
    expect(pruneEdgesOf(base, "missing")).toEqual([]);
  });
});

describe("setQuestionType", () => {
  it("gives a choice question two default options and drops the yes/no connections", () => {
    const { script, result } = applyEdit(branching(), setQuestionType, {
      id: "q",
      questionType: "single",
      newId: ids("opt"),
    });
    expect(script.nodes[1]).toMatchObject({
      questionType: "single",
      options: [
        { id: "opt1", label: "Option 1" },
        { id: "opt2", label: "Option 2" },
      ],
    });
    expect(result).toEqual(["q-yes-a", "q-no-b"]);
    expectValid(script);
  });

  it("keeps the options and their connections between choice types", () => {
    const base = makeScript({
      nodes: [startNode(), questionNode("q", "Which?", "single", ["A", "B"]), endNode("ea")],
      edges: [edge("start", "next", "q"), edge("q", "option:q-o1", "ea"), edge("q", "option:q-o2", "ea")],
    });
    const { script } = applyEdit(base, setQuestionType, {
      id: "q",
      questionType: "semi-open",
      newId: ids("x"),
    });
    expect((script.nodes[1] as QuestionNode).options).toBe((base.nodes[1] as QuestionNode).options);
    expect(script.edges).toBe(base.edges);
  });

  it("gives a rating question a 1-5 scale and clears listed options", () => {
    const base = makeScript({
      nodes: [startNode(), questionNode("q", "Which?", "multiple", ["A", "B"])],
      edges: [edge("start", "next", "q")],
    });
    const { script } = applyEdit(base, setQuestionType, { id: "q", questionType: "scale", newId: ids("x") });
    expect(script.nodes[1]).toMatchObject({ questionType: "scale", options: [], scale: { min: 1, max: 5 } });
    expectValid(script);
  });

  it("clears options and scale for yes/no and drops option connections", () => {
    const base = makeScript({
      nodes: [startNode(), questionNode("q", "Which?", "single", ["A"]), endNode("e")],
      edges: [edge("start", "next", "q"), edge("q", "option:q-o1", "e")],
    });
    const { script } = applyEdit(base, setQuestionType, { id: "q", questionType: "yes-no", newId: ids("x") });
    expect(script.nodes[1]).toMatchObject({ questionType: "yes-no", options: [] });
    expect(script.nodes[1]).not.toHaveProperty("scale");
    expect(script.edges.map((e) => e.id)).toEqual(["start-next-q"]);
  });

  it("refuses a node that is not a question", () => {
    expect(() =>
      applyEdit(minimalScript(), setQuestionType, { id: "hello", questionType: "single", newId: ids("x") }),
    ).toThrow(expect.objectContaining({ code: "invalid" }));
  });
});

describe("deleteElements", () => {
  it("removes nodes with every connection into and out of them", () => {
    const { script, result } = applyEdit(branching(), deleteElements, { nodeIds: ["a"] });
    expect(script.nodes.map((n) => n.id)).toEqual(["start", "q", "b", "done"]);
    expect(script.edges.map((e) => e.id)).toEqual(["start-next-q", "q-no-b", "b-next-done"]);
    expect(result).toEqual({ nodeIds: ["a"], edgeIds: ["q-yes-a", "a-next-done"] });
    expectValid(script);
  });

  it("removes listed connections and leaves the nodes", () => {
    const base = branching();
    const { script } = applyEdit(base, deleteElements, { edgeIds: ["q-no-b"] });
    expect(script.nodes).toBe(base.nodes);
    expect(script.edges.map((e) => e.id)).not.toContain("q-no-b");
  });

  it("sends objections that went on to a deleted step back to where the call was", () => {
    const base = branching();
    base.objections = [
      objection("busy", "I am busy", "Understood.", { action: "goto", target: "b" }),
      objection("mail", "Send an email", "Sure.", { action: "goto", target: "a" }),
    ];
    const { script } = applyEdit(base, deleteElements, { nodeIds: ["b"] });
    expect(script.objections[0].then).toEqual({ action: "return" });
    expect(script.objections[1]).toBe(base.objections[1]);
    expectValid(script);
  });

  it("changes nothing for unknown ids", () => {
    const base = branching();
    const { script, result } = applyEdit(base, deleteElements, { nodeIds: ["zz"], edgeIds: ["yy"] });
    expect(script).toBe(base);
    expect(result).toEqual({ nodeIds: [], edgeIds: [] });
  });

  it("leaves rules about a deleted question for the checks to report", () => {
    const base = makeScript({
      nodes: [
        startNode(),
        questionNode("q", "Ok?"),
        conditionNode("c", [rule("r1", "answer", "q")]),
        endNode("e"),
      ],
      edges: [edge("start", "next", "q"), edge("q", "yes", "c"), edge("q", "no", "c")],
    });
    const { script } = applyEdit(base, deleteElements, { nodeIds: ["q"] });
    expect(checkScript(script).map((f) => f.code)).toContain("rule-question-missing");
  });
});

describe("moveNodes", () => {
  it("moves the listed nodes and ignores unknown ones", () => {
    const base = branching();
    const { script } = applyEdit(base, moveNodes, {
      positions: { a: { x: 100, y: 200 }, gone: { x: 1, y: 1 } },
    });
    expect(script.nodes[2].position).toEqual({ x: 100, y: 200 });
    expect(script.nodes[3]).toBe(base.nodes[3]);
  });

  it("refuses positions that are not numbers", () => {
    expect(() => applyEdit(branching(), moveNodes, { positions: { a: { x: Number.NaN, y: 0 } } })).toThrow(
      DomainError,
    );
  });
});
