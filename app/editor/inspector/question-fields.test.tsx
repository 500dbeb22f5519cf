// @vitest-environment jsdom
import { act, cleanup, screen } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { QuestionNode } from "~/domain/script-types";
import { edge, endNode, makeScript, questionNode, startNode } from "../../../test/factories/script-factory";
import { validateScript } from "../rich-text/rich-text.testing";
import { renderWithStore, stubLayoutForProseMirror } from "./inspector.testing";
import { NodeInspector } from "./node-inspector";

beforeAll(stubLayoutForProseMirror);
afterEach(cleanup);

function setup(question: QuestionNode) {
  const script = makeScript({
    nodes: [startNode(), question, endNode("done", "Completed"), endNode("bye", "Declined")],
    edges: [edge("start", "next", question.id)],
  });
  const utils = renderWithStore(<NodeInspector />, script, [question.id]);
  const q = () => utils.node(question.id) as QuestionNode;
  return { ...utils, q };
}

const labelInput = (n: number) => screen.getByLabelText(`Option ${n} label`) as HTMLInputElement;

describe("question inspector", () => {
  it("switches a yes/no question to single choice, dropping the yes/no connections", async () => {
    const question = questionNode("q", "Interested?", "yes-no");
    const script = makeScript({
      nodes: [startNode(), question, endNode("done")],
      edges: [edge("q", "yes", "done")],
    });
    const { user, node, doc, store } = renderWithStore(<NodeInspector />, script, ["q"]);
    expect(screen.queryByRole("button", { name: "Add option" })).toBeNull();

    await user.selectOptions(screen.getByLabelText("Question type"), "Single choice");
    const q = node("q") as QuestionNode;
    expect(q.questionType).toBe("single");
    expect(q.options.map((o) => o.label)).toEqual(["Option 1", "Option 2"]);
    expect(doc().edges).toEqual([]);
    expect(screen.getByLabelText("Option 1 goes to")).toBeTruthy();
    expect(validateScript(doc())).toBe(true);

    act(() => store.getState().undo());
    expect((node("q") as QuestionNode).questionType).toBe("yes-no");
    expect(doc().edges).toHaveLength(1);
  });

  it("adds an option and moves focus to its label", async () => {
    const { user, q } = setup(questionNode("q", "Which plan?", "single", ["Basic", "Premium"]));
    await user.click(screen.getByRole("button", { name: "Add option" }));
    expect(q().options).toHaveLength(3);
    expect(document.activeElement).toBe(labelInput(3));

    await user.clear(labelInput(3));
    await user.type(labelInput(3), "Business");
    await user.type(screen.getByLabelText("Option 3 code"), "B");
    expect(q().options[2]).toMatchObject({ label: "Business", code: "B" });
    expect(screen.getByLabelText("Business goes to")).toBeTruthy();
  });

  it("reorders options with the keyboard-reachable buttons, keeping focus on the moved option", async () => {
    const { user, q } = setup(questionNode("q", "Which plan?", "single", ["Basic", "Premium", "Business"]));
    await user.click(screen.getByRole("button", { name: "Move option 3 up" }));
    expect(q().options.map((o) => o.label)).toEqual(["Basic", "Business", "Premium"]);
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Move option 2 up" }));

    await user.keyboard("{Enter}");
    expect(q().options.map((o) => o.label)).toEqual(["Business", "Basic", "Premium"]);
    // At the top "up" is disabled, so focus moves to "down".
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Move option 1 down" }));
    expect(screen.getByRole("button", { name: "Move option 1 up" })).toHaveProperty("disabled", true);
  });

  it("removes an option with its connection, focusing the next option", async () => {
    const question = questionNode("q", "Which plan?", "single", ["Basic", "Premium"]);
    const script = makeScript({
      nodes: [startNode(), question, endNode("done")],
      edges: [edge("q", "option:q-o1", "done"), edge("q", "option:q-o2", "done")],
    });
    const { user, node, doc } = renderWithStore(<NodeInspector />, script, ["q"]);
    await user.click(screen.getByRole("button", { name: "Remove option 1" }));
    expect((node("q") as QuestionNode).options.map((o) => o.label)).toEqual(["Premium"]);
    expect(doc().edges.map((e) => e.sourceHandle)).toEqual(["option:q-o2"]);
    expect(document.activeElement).toBe(labelInput(1));

    await user.click(screen.getByRole("button", { name: "Remove option 1" }));
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Add option" }));
  });

  it("validates “Save answer as” and commits only a valid name", async () => {
    const { user, q } = setup(questionNode("q", "Which plan?", "single", ["Basic"]));
    const field = screen.getByLabelText("Save answer as");
    await user.type(field, "plan choice");
    expect(screen.getByRole("alert").textContent).toMatch(/Start with a letter/);
    expect(q().answerField).toBe("plan");
    await user.clear(field);
    expect(q().answerField).toBeUndefined();
    await user.type(field, "planChoice");
    expect(q().answerField).toBe("planChoice");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("offers don't know and refused as extra answers, and read-out order", async () => {
    const { user, q } = setup(questionNode("q", "Which plan?", "single", ["Basic", "Premium"]));
    await user.click(screen.getByLabelText("Offer “don't know”"));
    await user.click(screen.getByLabelText("Offer “refused”"));
    expect(q()).toMatchObject({ allowDontKnow: true, allowRefused: true });
    expect(screen.getByLabelText("Don't know goes to")).toBeTruthy();
    expect(screen.getByLabelText("Refused goes to")).toBeTruthy();

    await user.click(screen.getByLabelText("Read options aloud"));
    await user.selectOptions(screen.getByLabelText("Option order"), "Rotate");
    expect(q().readOut).toEqual({ aloud: true, order: "rotate" });
    await user.click(screen.getByLabelText("Option 2 keep in place"));
    expect(q().options[1].pinned).toBe(true);
  });

  it("edits a rating scale, refusing a minimum above the maximum", async () => {
    const { user, q, doc } = setup(questionNode("q", "How likely?", "scale"));
    const max = screen.getByLabelText("Highest value");
    await user.clear(max);
    await user.type(max, "10");
    expect(q().scale).toEqual({ min: 1, max: 10 });

    const min = screen.getByLabelText("Lowest value");
    await user.clear(min);
    await user.type(min, "0");
    expect(q().scale?.min).toBe(0);
    await user.clear(min);
    await user.type(min, "11");
    expect(screen.getByRole("alert").textContent).toMatch(/-10 to 10/);
    expect(q().scale?.min).toBe(1);

    await user.type(screen.getByLabelText("Highest value label"), "Extremely likely");
    expect(q().scale?.maxLabel).toBe("Extremely likely");
    await user.clear(screen.getByLabelText("Highest value label"));
    expect(q().scale && "maxLabel" in q().scale!).toBe(false);
    expect(validateScript(doc())).toBe(true);
  });
});
