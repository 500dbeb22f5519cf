// @vitest-environment jsdom
import { cleanup, render, screen, within } from "@testing-library/react";
import { ReactFlow, ReactFlowProvider } from "@xyflow/react";
import { afterEach, describe, expect, it } from "vitest";
import type { Script, ScriptNode } from "~/domain/script-types";
import {
  conditionNode,
  endNode,
  makeScript,
  questionNode,
  sayNode,
  startNode,
} from "../../../test/factories/script-factory";
import { toFlowNodes } from "../to-flow";
import { FAR_ZOOM, nodeTypes } from "./script-node";
import { installReactFlowJsdomShims } from "../../../test/support/react-flow-jsdom";

installReactFlowJsdomShims();
afterEach(cleanup);

function renderNodes(script: Script, problems = new Map<string, "error" | "warning">(), zoom = 1) {
  const nodes = toFlowNodes(script, {
    problems,
    highlight: null,
    selectedNodeIds: new Set(),
    selectedEdgeIds: new Set(),
  });
  return render(
    <ReactFlowProvider>
      <div style={{ width: 1000, height: 800 }}>
        <ReactFlow nodes={nodes} edges={[]} nodeTypes={nodeTypes} defaultViewport={{ x: 0, y: 0, zoom }} minZoom={0.05} />
      </div>
    </ReactFlowProvider>,
  );
}

function nodeElement(label: RegExp): HTMLElement {
  const el = [...document.querySelectorAll<HTMLElement>(".react-flow__node")].find((n) =>
    label.test(n.getAttribute("aria-label") ?? ""),
  );
  if (!el) throw new Error(`no node labelled ${label}`);
  return el;
}

function handles(el: HTMLElement, type: "source" | "target"): string[] {
  return [...el.querySelectorAll<HTMLElement>(`.react-flow__handle.${type}`)].map((h) => h.dataset.handleid ?? "");
}

describe("canvas nodes", () => {
  it("shows a say step's first words, one input and one output", () => {
    renderNodes(makeScript({ nodes: [sayNode("a", "Good morning, this is Anna from Brightline.")] }));
    const el = nodeElement(/^Say:/);
    expect(el.querySelector(".sp-text")?.textContent).toBe("Good morning, this is Anna from Brightline.");
    expect(handles(el, "target")).toEqual(["in"]);
    expect(handles(el, "source")).toEqual(["next"]);
  });

  it("gives a question one labelled output per option, plus don't know and refused when offered", () => {
    const q = questionNode("q", "Will you attend?", "single", ["Yes", "Maybe", "No"], {
      allowDontKnow: true,
      allowRefused: true,
    });
    renderNodes(makeScript({ nodes: [q] }));
    const el = nodeElement(/^Question:/);
    expect(handles(el, "source")).toEqual(["option:q-o1", "option:q-o2", "option:q-o3", "dont-know", "refused"]);
    for (const label of ["Yes", "Maybe", "No", "Don't know", "Refused"]) expect(within(el).getByText(label)).toBeTruthy();
  });

  it("draws yes/no, semi-open 'other' and condition rules with else as their own outputs", () => {
    const yn = questionNode("yn", "Is now a good time?");
    const semi = questionNode("so", "Which channel?", "semi-open", ["Email", "Phone"]);
    const cond = conditionNode("c", [{ id: "r1", source: "variable", key: "vip", operator: "equals", value: true }]);
    renderNodes(makeScript({ nodes: [yn, semi, cond] }));
    expect(handles(nodeElement(/^Question: Is now/), "source")).toEqual(["yes", "no"]);
    expect(handles(nodeElement(/^Question: Which/), "source")).toEqual(["option:so-o1", "option:so-o2", "other"]);
    expect(handles(nodeElement(/^Condition/), "source")).toEqual(["rule:r1", "else"]);
  });

  it("shows an end's outcome and disposition, with no output, and a start with no input", () => {
    renderNodes(makeScript({ nodes: [startNode(), endNode("e", "Registered")] }));
    const end = nodeElement(/^End:/);
    expect(end.querySelector(".sp-text")?.textContent).toMatch(/Registered · AAPOR \d\.\d+/);
    expect(handles(end, "source")).toEqual([]);
    expect(handles(nodeElement(/^Start/), "target")).toEqual([]);
  });

  it("marks nodes with problems, in the accessible name too", () => {
    const nodes: ScriptNode[] = [sayNode("a", "")];
    renderNodes(makeScript({ nodes }), new Map([["a", "warning"]]));
    const el = nodeElement(/has warnings/);
    expect(el.querySelector("[data-problem='warning']")).toBeTruthy();
    expect(screen.getByTitle("Has warnings")).toBeTruthy();
  });

  it("zoomed far out, draws cards as blocks with the same handles and names, and no words", () => {
    const q = questionNode("q", "Will you attend?", "yes-no");
    renderNodes(makeScript({ nodes: [sayNode("a", "Good morning."), q] }), new Map([["q", "error"]]), FAR_ZOOM / 2);
    const say = nodeElement(/^Say: Good morning/);
    expect(say.querySelector(".sp-node")?.hasAttribute("data-far")).toBe(true);
    expect(say.querySelector(".sp-text")).toBeNull();
    expect(say.textContent).toBe("");
    expect(handles(say, "target")).toEqual(["in"]);
    expect(handles(say, "source")).toEqual(["next"]);
    const question = nodeElement(/^Question: Will you attend\? \(has problems\)/);
    expect(handles(question, "source")).toEqual(["yes", "no"]);
    expect(question.querySelector(".sp-node")?.getAttribute("data-problem")).toBe("error");
  });

  it("draws the words again from the zoom where they can be read", () => {
    renderNodes(makeScript({ nodes: [sayNode("a", "Good morning.")] }), new Map(), FAR_ZOOM);
    const say = nodeElement(/^Say:/);
    expect(say.querySelector(".sp-node")?.hasAttribute("data-far")).toBe(false);
    expect(say.querySelector(".sp-text")?.textContent).toBe("Good morning.");
  });
});
