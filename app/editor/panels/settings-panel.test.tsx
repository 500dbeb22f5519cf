// @vitest-environment jsdom
import { act, cleanup, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { makeScript } from "../../../test/factories/script-factory";
import { renderWithStore } from "../inspector/inspector.testing";
import { validateScript } from "../rich-text/rich-text.testing";
import { SettingsPanel } from "./settings-panel";

afterEach(cleanup);

describe("SettingsPanel", () => {
  it("shows the defaults and stores a speaking rate once it is in range", async () => {
    const { user, doc } = renderWithStore(<SettingsPanel />, makeScript());
    const wpm = screen.getByLabelText("Words per minute") as HTMLInputElement;
    expect(wpm.value).toBe("150");
    expect(
      (screen.getByLabelText("Characters per minute (Chinese, Japanese, Korean)") as HTMLInputElement).value,
    ).toBe("250");
    expect((screen.getByLabelText("Seconds for each answer") as HTMLInputElement).value).toBe("3");
    expect(doc().settings).toBeUndefined();

    await user.clear(wpm);
    await user.type(wpm, "13");
    expect(screen.getByRole("alert").textContent).toMatch(/60 to 400/);
    expect(doc().settings).toBeUndefined();
    await user.type(wpm, "0");
    expect(doc().settings).toEqual({ wordsPerMinute: 130 });
  });

  it("edits title, description, language and tags", async () => {
    const { user, doc, store } = renderWithStore(<SettingsPanel />, makeScript({ tags: ["sales"] }));
    await user.clear(screen.getByLabelText("Title"));
    expect(screen.getByRole("alert").textContent).toMatch(/cannot be empty/);
    expect(doc().title).toBe("Test script");
    await user.type(screen.getByLabelText("Title"), "Spring offer");
    await user.type(screen.getByLabelText("Description"), "For existing customers");
    await user.selectOptions(screen.getByLabelText("Language"), "Magyar (hu)");
    const tags = screen.getByLabelText("Tags") as HTMLInputElement;
    await user.type(tags, ", spring, , sales, ");
    expect(doc()).toMatchObject({
      title: "Spring offer",
      description: "For existing customers",
      language: "hu",
      tags: ["sales", "spring"],
    });
    expect(tags.value).toBe("sales, spring, , sales, ");
    await user.tab();
    expect(tags.value).toBe("sales, spring");
    expect(screen.getByText("Call script")).toBeTruthy();
    expect(validateScript(doc())).toBe(true);

    // Undo replaces what is shown in the fields.
    act(() => store.getState().undo());
    expect(doc().tags).toEqual(["sales"]);
    expect(tags.value).toBe("sales");
  });

  it("configures the opening checks", async () => {
    const { user, doc } = renderWithStore(<SettingsPanel />, makeScript());
    for (const name of [
      "Check the opening",
      "Agent and company identified",
      "Purpose stated",
      "Way to decline offered",
    ]) {
      expect(screen.getByLabelText(name)).toHaveProperty("checked", true);
    }
    await user.click(screen.getByLabelText("Way to decline offered"));
    const seconds = screen.getByLabelText("Within the first (seconds)");
    await user.clear(seconds);
    await user.type(seconds, "20");
    expect(doc().settings?.openerChecks).toEqual({ offerDecline: false, withinSeconds: 20 });

    await user.click(screen.getByLabelText("Check the opening"));
    expect(doc().settings?.openerChecks?.enabled).toBe(false);
    expect(screen.getByLabelText("Purpose stated")).toHaveProperty("disabled", false);
    expect(screen.getByLabelText("Purpose stated").closest("fieldset")).toHaveProperty("disabled", true);
  });
});
