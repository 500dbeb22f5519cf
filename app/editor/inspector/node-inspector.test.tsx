// @vitest-environment jsdom
import { act, cleanup, screen, within } from "@testing-library/react";
import type { Editor } from "@tiptap/react";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { richTextToPlain } from "~/domain/rich-text";
import type { ConditionNode, EndNode, SayNode } from "~/domain/script-types";
import {
  checkpointNode,
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
import { validateScript } from "../rich-text/rich-text.testing";
import { renderWithStore, stubLayoutForProseMirror } from "./inspector.testing";
import { NodeInspector } from "./node-inspector";

beforeAll(stubLayoutForProseMirror);
afterEach(cleanup);

function inspector() {
  return screen.getByRole("region", { name: "Step inspector" });
}

describe("NodeInspector", () => {
  it("explains what to do when nothing is selected", () => {
    renderWithStore(<NodeInspector />, minimalScript());
    expect(within(inspector()).getByText(/Select a step on the canvas to edit it/)).toBeTruthy();
    expect(within(inspector()).getByText(/Ctrl\+Z/)).toBeTruthy();
  });

  it("edits a say step's title, and one undo restores it after several keystrokes", async () => {
    const script = minimalScript();
    (script.nodes[1] as SayNode).title = "Hi";
    const { user, store, node } = renderWithStore(<NodeInspector />, script, ["hello"]);
    expect(screen.getByRole("heading", { name: /Say\s+Hi/ })).toBeTruthy();

    const title = screen.getByLabelText("Title");
    await user.clear(title);
    await user.type(title, "Greeting");
    expect((node("hello") as SayNode).title).toBe("Greeting");
    expect(screen.getByRole("heading", { name: /Greeting/ })).toBeTruthy();

    act(() => store.getState().undo());
    expect((node("hello") as SayNode).title).toBe("Hi");
    expect((screen.getByLabelText("Title") as HTMLInputElement).value).toBe("Hi");
    expect(store.getState().past).toHaveLength(0);
  });

  it("removes an emptied title instead of storing an empty string", async () => {
    const script = minimalScript();
    (script.nodes[1] as SayNode).title = "Hi";
    const { user, node } = renderWithStore(<NodeInspector />, script, ["hello"]);
    await user.clear(screen.getByLabelText("Title"));
    expect("title" in node("hello")).toBe(false);
  });

  it("commits typing in the rich text as one undo step", async () => {
    const { store, node } = renderWithStore(<NodeInspector />, minimalScript(), ["hello"]);
    const textbox = await screen.findByRole("textbox", { name: "Text" });
    const editor = (textbox as HTMLElement & { editor?: Editor }).editor;
    if (!editor) throw new Error("no TipTap editor on the text field");
    for (const word of [" Nice", " to", " meet", " you."]) {
      act(() => {
        editor.commands.insertContentAt(editor.state.doc.content.size - 1, word);
      });
    }
    expect(richTextToPlain((node("hello") as SayNode).text)).toBe(
      "Hello, this is ScriptPilot. Nice to meet you.",
    );
    act(() => store.getState().undo());
    expect(richTextToPlain((node("hello") as SayNode).text)).toBe("Hello, this is ScriptPilot.");
    expect(store.getState().past).toHaveLength(0);
  });

  it("shows the step's text in a rich text editor and a note field", async () => {
    const { user, node } = renderWithStore(<NodeInspector />, minimalScript(), ["hello"]);
    expect(await screen.findByRole("textbox", { name: "Text" })).toBeTruthy();
    await user.type(screen.getByLabelText("Note for writers"), "Keep it short");
    expect(node("hello").note).toBe("Keep it short");
  });

  it("connects and disconnects an output by keyboard through “goes to”", async () => {
    const script = makeScript({
      nodes: [
        startNode(),
        sayNode("hello", "Hello"),
        endNode("done", "Completed"),
        endNode("bye", "Declined"),
      ],
      edges: [edge("start", "next", "hello")],
    });
    const { user, doc } = renderWithStore(<NodeInspector />, script, ["hello"]);
    const next = screen.getByLabelText("Next goes to") as HTMLSelectElement;
    const names = within(next)
      .getAllByRole("option")
      .map((o) => o.textContent);
    expect(names).toEqual(["(not connected)", "Completed (End)", "Declined (End)"]);

    next.focus();
    await user.selectOptions(next, "Completed (End)");
    expect(doc().edges.filter((e) => e.source === "hello")).toEqual([
      expect.objectContaining({ sourceHandle: "next", target: "done" }),
    ]);

    await user.selectOptions(next, "Declined (End)");
    expect(doc().edges.filter((e) => e.source === "hello")).toEqual([
      expect.objectContaining({ sourceHandle: "next", target: "bye" }),
    ]);

    await user.selectOptions(next, "(not connected)");
    expect(doc().edges.filter((e) => e.source === "hello")).toEqual([]);
    expect(validateScript(doc())).toBe(true);
  });

  it("lists one “goes to” per answer of a question", () => {
    const script = makeScript({
      nodes: [
        startNode(),
        questionNode("q", "Interested?", "yes-no", [], { allowDontKnow: true }),
        endNode("done"),
      ],
    });
    renderWithStore(<NodeInspector />, script, ["q"]);
    expect(screen.getByLabelText("Yes goes to")).toBeTruthy();
    expect(screen.getByLabelText("No goes to")).toBeTruthy();
    expect(screen.getByLabelText("Don't know goes to")).toBeTruthy();
  });

  it("deletes the step and moves focus to the inspector", async () => {
    const { user, doc } = renderWithStore(<NodeInspector />, minimalScript(), ["hello"]);
    await user.click(screen.getByRole("button", { name: "Delete step" }));
    expect(doc().nodes.map((n) => n.id)).toEqual(["start", "done"]);
    expect(doc().edges).toEqual([]);
    expect(document.activeElement).toBe(inspector());
    expect(screen.getByText(/Select a step on the canvas/)).toBeTruthy();
  });

  it("offers duplicate and delete for several steps", async () => {
    const { user, doc, store } = renderWithStore(<NodeInspector />, minimalScript(), ["hello", "done"]);
    expect(screen.getByRole("heading", { name: "2 steps selected" })).toBeTruthy();

    await user.click(screen.getByRole("button", { name: "Duplicate" }));
    expect(doc().nodes).toHaveLength(5);
    // The copies are selected, and keep the connection between them.
    const copies = store.getState().selection.nodeIds;
    expect(copies).toHaveLength(2);
    expect(doc().edges.some((e) => copies.includes(e.source) && copies.includes(e.target))).toBe(true);

    await user.click(screen.getByRole("button", { name: "Delete selected" }));
    expect(doc().nodes.map((n) => n.id)).toEqual(["start", "hello", "done"]);
  });

  it("edits an end's outcome: disposition, success, label and code", async () => {
    const script = makeScript({ nodes: [startNode(), endNode("done", "Completed")] });
    const { user, node, store } = renderWithStore(<NodeInspector />, script, ["done"]);
    const outcome = () => (node("done") as EndNode).outcome;

    const disposition = screen.getByLabelText("AAPOR disposition") as HTMLSelectElement;
    expect(within(disposition).getAllByRole("option")).toHaveLength(35);
    await user.selectOptions(disposition, "2.11 Refusal");
    expect(outcome().disposition).toBe("2.11");

    await user.click(screen.getByLabelText("Counts as success"));
    expect(outcome().success).toBe(false);

    await user.type(screen.getByLabelText("Outcome code"), "REF");
    expect(outcome().code).toBe("REF");

    // An outcome needs a name: clearing it shows why and keeps the last one.
    const label = screen.getByLabelText("Outcome");
    await user.clear(label);
    expect(screen.getByRole("alert").textContent).toMatch(/cannot be empty/);
    expect(outcome().label).toBe("Completed");
    await user.type(label, "Refused");
    expect(outcome().label).toBe("Refused");
    expect(screen.queryByRole("alert")).toBeNull();
    expect(validateScript(store.getState().doc)).toBe(true);
    expect(screen.getByText(/An end finishes the call/)).toBeTruthy();
  });

  it("edits a checkpoint's milestone name, refusing an empty one", async () => {
    const script = makeScript({ nodes: [startNode(), checkpointNode("cp", "Pitch delivered")] });
    const { user, node } = renderWithStore(<NodeInspector />, script, ["cp"]);
    const name = screen.getByLabelText("Milestone name");
    await user.clear(name);
    expect(node("cp")).toMatchObject({ name: "Pitch delivered" });
    await user.type(name, "Offer made");
    expect(node("cp")).toMatchObject({ name: "Offer made" });
  });

  it("builds a condition rule on an earlier answer, choosing among the question's answers", async () => {
    const script = makeScript({
      variables: [variable("city"), variable("vip", { type: "boolean" })],
      nodes: [
        startNode(),
        questionNode("q", "Which plan?", "single", ["Basic", "Premium"], { title: "Plan" }),
        conditionNode("c", []),
      ],
    });
    const { user, node, doc } = renderWithStore(<NodeInspector />, script, ["c"]);
    const rules = () => (node("c") as ConditionNode).rules;

    await user.click(screen.getByRole("button", { name: "Add rule" }));
    expect(rules()).toHaveLength(1);
    expect(document.activeElement).toBe(screen.getByLabelText("Rule 1 source"));
    expect(screen.getByLabelText("Rule 1 field")).toHaveProperty("value", "city");
    // is-not-empty needs no value
    expect(screen.queryByLabelText("Rule 1 value")).toBeNull();

    await user.selectOptions(screen.getByLabelText("Rule 1 source"), "Earlier answer");
    expect(rules()[0]).toMatchObject({ source: "answer", key: "q" });
    await user.selectOptions(screen.getByLabelText("Rule 1 operator"), "equals");
    await user.selectOptions(screen.getByLabelText("Rule 1 value"), "Premium");
    expect(rules()[0]).toMatchObject({ operator: "equals", value: "q-o2" });

    await user.selectOptions(screen.getByLabelText("Rule 1 operator"), "one of");
    expect(rules()[0].value).toEqual(["q-o2"]);
    const group = screen.getByRole("group", { name: "Rule 1 value" });
    await user.click(within(group).getByLabelText("Basic"));
    expect(rules()[0].value).toEqual(["q-o2", "q-o1"]);

    await user.type(screen.getByLabelText("Rule 1 label"), "Any plan");
    expect(rules()[0].label).toBe("Any plan");
    expect(screen.getByLabelText("Any plan goes to")).toBeTruthy();
    expect(screen.getByLabelText("Else goes to")).toBeTruthy();

    await user.click(screen.getByRole("button", { name: "Add rule" }));
    await user.selectOptions(screen.getByLabelText("Rule 2 field"), "vip ({{vip}})");
    await user.selectOptions(screen.getByLabelText("Rule 2 operator"), "equals");
    await user.selectOptions(screen.getByLabelText("Rule 2 value"), "Yes");
    expect(rules()[1]).toMatchObject({ key: "vip", operator: "equals", value: true });

    await user.click(screen.getByRole("button", { name: "Move rule 2 up" }));
    expect(rules().map((r) => r.key)).toEqual(["vip", "q"]);
    await user.click(screen.getByRole("button", { name: "Remove rule 1" }));
    expect(rules().map((r) => r.key)).toEqual(["q"]);
    expect(validateScript(doc())).toBe(true);
  });

  it("types comma-separated values for one-of on a merge field", async () => {
    const script = makeScript({
      variables: [variable("city")],
      nodes: [
        startNode(),
        conditionNode("c", [rule("r1", "variable", "city", { operator: "in", value: [] })]),
      ],
    });
    const { user, node } = renderWithStore(<NodeInspector />, script, ["c"]);
    await user.type(screen.getByLabelText("Rule 1 value"), "Budapest, Szeged, ");
    expect((node("c") as ConditionNode).rules[0].value).toEqual(["Budapest", "Szeged"]);
    expect((screen.getByLabelText("Rule 1 value") as HTMLInputElement).value).toBe("Budapest, Szeged, ");
  });

  it("keeps Delete and Backspace on its buttons from deleting steps on the canvas", async () => {
    const script = makeScript({
      nodes: [startNode(), questionNode("q", "Plan?", "single", ["Basic", "Premium"])],
    });
    const { user } = renderWithStore(<NodeInspector />, script, ["q"]);
    // React Flow listens for its delete key on the document.
    const reachedDocument: string[] = [];
    const listener = (e: KeyboardEvent) => reachedDocument.push(e.key);
    document.addEventListener("keydown", listener);
    try {
      screen.getByRole("button", { name: "Move option 1 down" }).focus();
      await user.keyboard("{Backspace}{Delete}z");
      expect(reachedDocument).toEqual(["z"]);
    } finally {
      document.removeEventListener("keydown", listener);
    }
  });
});
