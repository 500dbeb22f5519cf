import { describe, expect, it } from "vitest";
import { isSchemaValidScript } from "~/services/schema-validation.server";
import {
  conditionNode,
  edge,
  endNode,
  makeScript,
  minimalScript,
  questionNode,
  rule,
  sayNode,
  startNode,
  variable,
} from "../../../test/factories/script-factory";
import { checkScript } from "../graph-checks";
import type { ConditionNode, QuestionNode, Script } from "../script-types";
import { applyEdit } from "./apply-edit";
import {
  copyFragment,
  duplicateNodes,
  isScriptFragment,
  pasteFragment,
  type ScriptFragment,
} from "./clipboard";

function ids(prefix: string): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}

/** start -> q (single: A, B) -> A: vip condition, B: end-b; condition rules -> say -> end-a */
function survey(): Script {
  return makeScript({
    variables: [
      variable("firstName", { sample: "Anna" }),
      variable("vip", { type: "boolean" }),
      variable("unused"),
    ],
    nodes: [
      startNode(),
      questionNode("q", "Which, {{firstName}}?", "single", ["A", "B"], { position: { x: 10, y: 100 } }),
      conditionNode("c", [rule("r1", "variable", "vip"), rule("r2", "answer", "q", { value: "q-o1" })]),
      sayNode("s", "Thank you."),
      endNode("end-a"),
      endNode("end-b"),
    ],
    edges: [
      edge("start", "next", "q"),
      edge("q", "option:q-o1", "c"),
      edge("q", "option:q-o2", "end-b"),
      edge("c", "rule:r1", "s"),
      edge("c", "rule:r2", "s"),
      edge("c", "else", "s"),
      edge("s", "next", "end-a"),
    ],
  });
}

describe("copyFragment", () => {
  it("copies the nodes, the connections among them and the merge fields they use", () => {
    const fragment = copyFragment(survey(), ["c", "q", "s"]);
    expect(fragment.format).toBe("scriptpilot-fragment");
    expect(fragment.version).toBe(1);
    expect(fragment.nodes.map((n) => n.id)).toEqual(["q", "c", "s"]);
    expect(fragment.edges.map((e) => e.id)).toEqual([
      "q-option_q-o1-c",
      "c-rule_r1-s",
      "c-rule_r2-s",
      "c-else-s",
    ]);
    expect(fragment.variables.map((v) => v.key)).toEqual(["firstName", "vip"]);
    expect(isScriptFragment(JSON.parse(JSON.stringify(fragment)))).toBe(true);
  });

  it("is plain data, independent of the script", () => {
    const script = survey();
    const fragment = copyFragment(script, ["q"]);
    (fragment.nodes[0] as QuestionNode).options[0].label = "changed";
    expect((script.nodes[1] as QuestionNode).options[0].label).toBe("A");
  });
});

describe("pasteFragment", () => {
  it("pastes with fresh ids everywhere, remapped handles and rules, and offset positions", () => {
    const base = survey();
    const fragment = copyFragment(base, ["q", "c", "s", "end-a", "end-b"]);
    const { script, result } = applyEdit(base, pasteFragment, {
      fragment,
      offset: { x: 40, y: 40 },
      newId: ids("p"),
    });
    const added = script.nodes.slice(base.nodes.length);
    expect(result.nodeIds).toEqual(added.map((n) => n.id));
    const [q, c] = added as [QuestionNode, ConditionNode];
    expect(q.position).toEqual({ x: 50, y: 140 });
    const oldIds = new Set<string>([...base.nodes.map((n) => n.id), "q-o1", "q-o2", "r1", "r2"]);
    for (const id of [...result.nodeIds, ...q.options.map((o) => o.id), ...c.rules.map((r) => r.id)]) {
      expect(oldIds.has(id)).toBe(false);
    }
    // The rule about the pasted question now checks the pasted question.
    expect(c.rules[1]).toMatchObject({ source: "answer", key: q.id });
    const pastedEdges = script.edges.slice(base.edges.length);
    expect(result.edgeIds).toEqual(pastedEdges.map((e) => e.id));
    expect(pastedEdges.map((e) => e.sourceHandle)).toEqual([
      `option:${q.options[0].id}`,
      `option:${q.options[1].id}`,
      `rule:${c.rules[0].id}`,
      `rule:${c.rules[1].id}`,
      "else",
      "next",
    ]);
    expect(isSchemaValidScript(script)).toBe(true);
    // The copy is connected as the original was: nothing new to fix except that nothing leads to it.
    expect(checkScript(script).map((f) => f.code)).toEqual([
      "unreachable",
      "unreachable",
      "unreachable",
      "unreachable",
      "unreachable",
      "unused-variable",
    ]);
  });

  it("pastes into another script, bringing the merge fields it lacks", () => {
    const fragment = JSON.parse(JSON.stringify(copyFragment(survey(), ["q"]))) as unknown;
    expect(isScriptFragment(fragment)).toBe(true);
    if (!isScriptFragment(fragment)) return;
    const target = minimalScript({ variables: [variable("firstName", { label: "Given name" })] });
    const { script } = applyEdit(target, pasteFragment, {
      fragment,
      offset: { x: 0, y: 0 },
      newId: ids("n"),
    });
    expect(script.variables).toHaveLength(1);
    expect(script.variables[0].label).toBe("Given name");
    const other = applyEdit(minimalScript(), pasteFragment, {
      fragment,
      offset: { x: 0, y: 0 },
      newId: ids("n"),
    });
    expect(other.script.variables.map((v) => v.key)).toEqual(["firstName"]);
    expect(isSchemaValidScript(other.script)).toBe(true);
  });

  it("refuses ids already in use", () => {
    const fragment = copyFragment(survey(), ["s"]);
    expect(() =>
      applyEdit(survey(), pasteFragment, { fragment, offset: { x: 0, y: 0 }, newId: () => "q" }),
    ).toThrow(expect.objectContaining({ code: "conflict" }));
  });

  it("drops connections that leave the fragment or an output its node lacks", () => {
    const fragment: ScriptFragment = {
      ...copyFragment(survey(), ["s", "end-a"]),
      edges: [
        edge("s", "next", "end-a", "ok"),
        edge("s", "next", "q", "out"),
        edge("s", "yes", "end-a", "bad"),
      ],
    };
    const { result } = applyEdit(minimalScript(), pasteFragment, {
      fragment,
      offset: { x: 0, y: 0 },
      newId: ids("z"),
    });
    expect(result.edgeIds).toHaveLength(1);
  });
});

describe("duplicateNodes", () => {
  it("copies and pastes in one edit", () => {
    const base = survey();
    const { script, result } = applyEdit(base, duplicateNodes, {
      nodeIds: ["s", "end-a"],
      offset: { x: 20, y: 20 },
      newId: ids("d"),
    });
    expect(result.nodeIds).toHaveLength(2);
    expect(script.nodes).toHaveLength(base.nodes.length + 2);
    expect(script.edges.at(-1)).toMatchObject({ source: result.nodeIds[0], target: result.nodeIds[1] });
    expect(script.variables).toBe(base.variables);
    expect(isSchemaValidScript(script)).toBe(true);
  });
});

describe("isScriptFragment", () => {
  const good = () =>
    JSON.parse(JSON.stringify(copyFragment(survey(), ["q", "c", "s", "end-a"]))) as ScriptFragment;

  it("accepts a copied fragment", () => {
    expect(isScriptFragment(good())).toBe(true);
  });

  it.each<[string, (f: Record<string, unknown> & ScriptFragment) => unknown]>([
    ["not an object", () => "hello"],
    ["another format", (f) => ({ ...f, format: "other" })],
    ["another version", (f) => ({ ...f, version: 2 })],
    ["an extra field", (f) => ({ ...f, extra: 1 })],
    ["a node of unknown kind", (f) => ({ ...f, nodes: [{ ...f.nodes[0], kind: "jump" }] })],
    ["a node with a field of another kind", (f) => ({ ...f, nodes: [{ ...f.nodes[2], options: [] }] })],
    [
      "a node without a required field",
      (f) => ({ ...f, nodes: [{ id: "x", kind: "say", position: { x: 0, y: 0 } }] }),
    ],
    ["a bad id", (f) => ({ ...f, nodes: [{ ...f.nodes[2], id: "has space" }] })],
    ["a bad position", (f) => ({ ...f, nodes: [{ ...f.nodes[2], position: { x: "1", y: 0 } }] })],
    [
      "a bad rich-text node",
      (f) => ({ ...f, nodes: [{ ...f.nodes[2], text: { type: "doc", content: [{ type: "image" }] } }] }),
    ],
    [
      "a bad mark",
      (f) => ({
        ...f,
        nodes: [
          {
            ...f.nodes[2],
            text: { type: "doc", content: [{ type: "text", text: "x", marks: [{ type: "underline" }] }] },
          },
        ],
      }),
    ],
    ["a bad option", (f) => ({ ...f, nodes: [{ ...f.nodes[0], options: [{ id: "o", label: 5 }] }] })],
    [
      "a bad rule",
      (f) => ({
        ...f,
        nodes: [{ ...f.nodes[1], rules: [{ id: "r", source: "x", key: "k", operator: "equals" }] }],
      }),
    ],
    [
      "a bad outcome",
      (f) => ({
        ...f,
        nodes: [{ ...f.nodes[3], outcome: { label: "x", success: true, disposition: "9.9" } }],
      }),
    ],
    ["a bad handle", (f) => ({ ...f, edges: [{ ...f.edges[0], sourceHandle: "maybe" }] })],
    [
      "a bad variable",
      (f) => ({ ...f, variables: [{ key: "first name", label: "x", type: "text", required: true }] }),
    ],
  ])("rejects %s", (_, mutate) => {
    expect(isScriptFragment(mutate(good() as never))).toBe(false);
  });
});
