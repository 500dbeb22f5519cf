// @vitest-environment jsdom
import { cleanup, screen, within } from "@testing-library/react";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { mergeFieldKeys } from "~/domain/rich-text";
import type { ConditionNode, SayNode } from "~/domain/script-types";
import {
  conditionNode,
  makeScript,
  objection,
  rule,
  sayNode,
  startNode,
  variable,
} from "../../../test/factories/script-factory";
import { renderWithStore, stubLayoutForProseMirror } from "../inspector/inspector.testing";
import { validateScript } from "../rich-text/rich-text.testing";
import { VariablesPanel } from "./variables-panel";

beforeAll(stubLayoutForProseMirror);
afterEach(cleanup);

function scriptUsing() {
  return makeScript({
    variables: [variable("firstName", { label: "First name" }), variable("city")],
    nodes: [
      startNode(),
      sayNode("hello", "Hello {{firstName}}, from {{city}}?"),
      sayNode("again", "So, {{firstName}}..."),
      conditionNode("c", [
        rule("r1", "variable", "firstName", { operator: "is-not-empty", value: undefined }),
      ]),
    ],
    objections: [objection("busy", "Busy", "No problem {{firstName}}.")],
  });
}

describe("VariablesPanel", () => {
  it("adds a merge field, refusing invalid and duplicate keys", async () => {
    const { user, doc } = renderWithStore(<VariablesPanel />, makeScript({ variables: [variable("city")] }));
    const key = screen.getByLabelText("New merge field key");
    const add = screen.getByRole("button", { name: "Add merge field" });

    await user.type(key, "city");
    expect(screen.getByRole("alert").textContent).toMatch(/already declared/);
    await user.click(add);
    expect(doc().variables).toHaveLength(1);

    await user.clear(key);
    await user.type(key, "first name");
    expect(screen.getByRole("alert").textContent).toMatch(/Start with a letter/);

    await user.clear(key);
    await user.type(key, "firstName{Enter}");
    expect(doc().variables.map((v) => v.key)).toEqual(["city", "firstName"]);
    expect(doc().variables[1]).toEqual({
      key: "firstName",
      label: "First name",
      type: "text",
      required: false,
    });
    expect((key as HTMLInputElement).value).toBe("");
    // Focus goes to the new field's label, ready to be edited.
    expect(document.activeElement).toBe(screen.getByLabelText("Merge field 2 label"));
  });

  it("shows where a field is used and renames every use on Enter", async () => {
    const { user, doc, node } = renderWithStore(<VariablesPanel />, scriptUsing());
    const card = screen.getByRole("group", { name: "Merge field 1" });
    expect(within(card).getByText(/Used in 4 places/)).toBeTruthy();

    const key = within(card).getByLabelText("Merge field 1 key");
    await user.clear(key);
    await user.type(key, "given_name");
    // Nothing renamed while typing: renaming rewrites every use, so it waits for Enter or leaving the field.
    expect(doc().variables[0].key).toBe("firstName");
    await user.keyboard("{Enter}");

    expect(doc().variables[0].key).toBe("given_name");
    expect(mergeFieldKeys((node("hello") as SayNode).text)).toEqual(["given_name", "city"]);
    expect(mergeFieldKeys((node("again") as SayNode).text)).toEqual(["given_name"]);
    expect((node("c") as ConditionNode).rules[0].key).toBe("given_name");
    expect(mergeFieldKeys(doc().objections[0].reply)).toEqual(["given_name"]);
    // The card was not remounted: focus stays in the key field.
    expect(document.activeElement).toBe(screen.getByLabelText("Merge field 1 key"));
    expect(validateScript(doc())).toBe(true);
  });

  it("renames on leaving the field, and refuses a key that is taken", async () => {
    const { user, doc } = renderWithStore(<VariablesPanel />, scriptUsing());
    const key = screen.getByLabelText("Merge field 2 key");
    await user.clear(key);
    await user.type(key, "firstName");
    expect(screen.getByRole("alert").textContent).toMatch(/already declared/);
    await user.tab();
    expect(doc().variables.map((v) => v.key)).toEqual(["firstName", "city"]);

    await user.clear(key);
    await user.type(key, "town");
    await user.tab();
    expect(doc().variables.map((v) => v.key)).toEqual(["firstName", "town"]);
    expect(document.activeElement).toBe(screen.getByLabelText("Merge field 2 label"));
  });

  it("edits label, type, required, sample and fallback", async () => {
    const { user, doc } = renderWithStore(<VariablesPanel />, makeScript({ variables: [variable("seats")] }));
    await user.clear(screen.getByLabelText("Merge field 1 label"));
    await user.type(screen.getByLabelText("Merge field 1 label"), "Seats booked");
    await user.selectOptions(screen.getByLabelText("Merge field 1 type"), "Number");
    await user.click(screen.getByLabelText("Merge field 1 required"));
    await user.type(screen.getByLabelText("Merge field 1 sample"), "3");
    await user.type(screen.getByLabelText("Merge field 1 fallback"), "some");
    expect(doc().variables[0]).toEqual({
      key: "seats",
      label: "Seats booked",
      type: "number",
      required: true,
      sample: "3",
      fallback: "some",
    });
  });

  it("asks before removing a field that is used, and removes an unused one at once", async () => {
    const { user, doc } = renderWithStore(<VariablesPanel />, scriptUsing());
    await user.click(screen.getByRole("button", { name: "Remove merge field 1" }));
    const confirm = screen.getByRole("group", { name: "Confirm removing {{firstName}}" });
    expect(confirm.textContent).toMatch(/used in 4 places/);
    expect(document.activeElement).toBe(within(confirm).getByRole("button", { name: "Keep it" }));
    await user.keyboard("{Enter}");
    expect(doc().variables).toHaveLength(2);

    await user.click(screen.getByRole("button", { name: "Remove merge field 1" }));
    await user.click(screen.getByRole("button", { name: "Remove anyway" }));
    expect(doc().variables.map((v) => v.key)).toEqual(["city"]);

    const unused = makeScript({ variables: [variable("spare")] });
    cleanup();
    const second = renderWithStore(<VariablesPanel />, unused);
    await second.user.click(screen.getByRole("button", { name: "Remove merge field 1" }));
    expect(second.doc().variables).toEqual([]);
    expect(document.activeElement).toBe(screen.getByLabelText("New merge field key"));
  });
});
