// @vitest-environment jsdom
import { cleanup, screen, within } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { minimalScript, objection } from "../../../test/factories/script-factory";
import { renderWithStore, stubLayoutForProseMirror } from "../inspector/inspector.testing";
import { validateScript } from "../rich-text/rich-text.testing";
import { ObjectionsPanel } from "./objections-panel";

beforeAll(stubLayoutForProseMirror);
afterEach(cleanup);

describe("ObjectionsPanel", () => {
  it("adds an objection, names it and sends the call on to a step", async () => {
    const { user, doc } = renderWithStore(<ObjectionsPanel />, minimalScript());
    expect(screen.getByText(/No objections prepared yet/)).toBeTruthy();

    await user.click(screen.getByRole("button", { name: "Add objection" }));
    expect(doc().objections).toHaveLength(1);
    const label = screen.getByLabelText("Objection 1 label");
    expect(document.activeElement).toBe(label);
    await user.clear(label);
    await user.type(label, "Not interested");
    expect(doc().objections[0].label).toBe("Not interested");
    expect(await screen.findByRole("textbox", { name: "Objection 1 reply" })).toBeTruthy();

    await user.selectOptions(screen.getByLabelText("Objection 1 then"), "Go to a step");
    expect(doc().objections[0].then).toEqual({ action: "goto", target: "hello" });
    await user.selectOptions(screen.getByLabelText("Objection 1 goes to"), "Completed (End)");
    expect(doc().objections[0].then).toEqual({ action: "goto", target: "done" });
    expect(validateScript(doc())).toBe(true);
  });

  it("ends the call with an outcome and disposition", async () => {
    const script = minimalScript({ objections: [objection("busy", "Busy", "When suits you?")] });
    const { user, doc } = renderWithStore(<ObjectionsPanel />, script);
    await user.selectOptions(screen.getByLabelText("Objection 1 then"), "End the call");
    expect(doc().objections[0].then).toEqual({
      action: "end",
      outcome: { label: "Declined", success: false, disposition: "2.11" },
    });
    await user.selectOptions(screen.getByLabelText("Objection 1 AAPOR disposition"), "2.12 Break-off");
    await user.clear(screen.getByLabelText("Objection 1 outcome"));
    await user.type(screen.getByLabelText("Objection 1 outcome"), "Hung up");
    expect(doc().objections[0].then).toEqual({
      action: "end",
      outcome: { label: "Hung up", success: false, disposition: "2.12" },
    });

    await user.selectOptions(screen.getByLabelText("Objection 1 then"), "Return to where it was raised");
    expect(doc().objections[0].then).toEqual({ action: "return" });
    expect(screen.queryByLabelText("Objection 1 outcome")).toBeNull();
  });

  it("takes a one-letter shortcut and flags one already in use", async () => {
    const script = minimalScript({
      objections: [
        objection("busy", "Busy", "When suits you?", { action: "return" }, { shortcut: "b" }),
        objection("price", "Too expensive", "Let me explain."),
      ],
    });
    const { user, doc } = renderWithStore(<ObjectionsPanel />, script);
    const shortcut = screen.getByLabelText("Objection 2 shortcut");
    await user.type(shortcut, "b");
    expect(screen.getByRole("alert").textContent).toMatch(/already raises “Busy”/);
    expect(doc().objections[1].shortcut).toBeUndefined();
    await user.clear(shortcut);
    await user.type(shortcut, "P");
    expect(doc().objections[1].shortcut).toBe("p");
  });

  it("reorders and removes objections", async () => {
    const script = minimalScript({
      objections: [
        objection("busy", "Busy", "When suits you?"),
        objection("price", "Too expensive", "Let me explain."),
      ],
    });
    const { user, doc } = renderWithStore(<ObjectionsPanel />, script);
    await user.click(screen.getByRole("button", { name: "Move objection 2 up" }));
    expect(doc().objections.map((o) => o.id)).toEqual(["price", "busy"]);
    const first = screen.getAllByRole("group", { name: /^Objection \d$/ })[0];
    expect(within(first).getByLabelText("Objection 1 label")).toHaveProperty("value", "Too expensive");

    await user.click(screen.getByRole("button", { name: "Remove objection 1" }));
    expect(doc().objections.map((o) => o.id)).toEqual(["busy"]);
    expect(document.activeElement).toBe(screen.getByLabelText("Objection 1 label"));
  });
});
