// Run mode, driven by keyboard alone the way an agent runs a call: start a preview of a demo survey, answer,
// raise an objection, go back, write a note, reload mid-call and finish; then read the stored record. A
// second call starts by dialling and ends unanswered; the links into run mode are checked on the way.
import { type Browser, type Locator, type Page } from "playwright-core";
import { expect, it } from "vitest";
import {
  describeE2E,
  focusWhenEnabled,
  newSignedInContext,
  type PageErrorLog,
  type ServerHandle,
  useE2EApp,
} from "./harness";
import { allSaved } from "./run-helpers";

const SURVEY = "lead-classification-survey";

describeE2E("run mode", () => {
  let server: ServerHandle;
  let browser: Browser;
  let page: Page;
  let errors: PageErrorLog;

  useE2EApp("run-mode", {}, (app) => ({ server, browser, page, errors } = app));

  it("runs a preview call by keyboard only, survives a reload and leaves an exact record", async () => {
    await page.goto(`/scripts/${SURVEY}/run`);
    await visible(page.getByRole("heading", { level: 1, name: /Preview call/ }));
    const firstName = page.getByLabel(/^First name/);
    expect(await firstName.inputValue()).toBe("Peter");
    await firstName.focus();
    await page.keyboard.press("Control+A");
    await page.keyboard.type("Zoë");
    // The company field emptied: the agent must see a placeholder, never "undefined".
    await page.getByLabel(/^Company/).focus();
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    await page.keyboard.press("Enter");

    const step = page.getByRole("region", { name: "Current step" });
    await expect.poll(() => step.textContent()).toContain("Hello Zoë, this is James");
    await expect.poll(() => page.getByRole("timer", { name: "Call time" }).isVisible()).toBe(true);
    await visible(page.getByText(/30 s mark|Past 30 s/));
    await visible(page.getByLabel("Estimated time left"));

    // Objection by its letter, then back to the step with Enter.
    await page.keyboard.press("t");
    await expect.poll(() => step.textContent()).toContain("It's only three questions");
    await page.keyboard.press("Enter");
    await expect.poll(() => step.textContent()).toContain("Is now a good time?");

    await page.keyboard.press("1"); // Yes: passes the "Survey started" milestone
    await expect.poll(() => step.textContent()).toContain("Are you the person at «company?»");
    expect(await step.textContent()).not.toContain("undefined");
    await page.keyboard.press("1");
    await expect.poll(() => step.textContent()).toContain("When is «company?» likely to invest");
    await page.keyboard.press("1"); // Within 3 months
    await expect.poll(() => step.textContent()).toContain("On a scale of one to five");
    await page.keyboard.press("Backspace"); // Back: they meant 3–6 months
    await expect.poll(() => step.textContent()).toContain("likely to invest");
    await page.keyboard.press("2");
    await expect.poll(() => step.textContent()).toContain("On a scale of one to five");

    await page.keyboard.press("Shift+N");
    await page.keyboard.type("Wants the brochure by post");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Escape");
    await visible(page.getByText("Wants the brochure by post"));

    await page.keyboard.press("4");
    await expect.poll(() => step.textContent()).toContain("That's all my questions");
    await allSaved(page);

    // A reload mid-call resumes the same call at the same step.
    const callUrl = page.url();
    await page.reload();
    expect(page.url()).toBe(callUrl);
    await expect.poll(() => step.textContent()).toContain("That's all my questions");
    await visible(page.getByText("Wants the brochure by post"));
    await page.keyboard.press("Enter");
    await expect.poll(() => step.textContent()).toContain("Call ended");
    expect(await step.textContent()).toContain("Class B: buys in 3–6 months");
    await allSaved(page);

    // The stored record, as the preview records page shows it.
    await page.goto(`/scripts/${SURVEY}/calls`);
    const calls = page
      .getByRole("list", { name: "Preview calls" })
      .getByRole("listitem")
      .filter({ has: page.locator("summary") });
    await expect.poll(() => calls.count()).toBe(1);
    const call = calls.first();
    await call.locator("summary").focus();
    await page.keyboard.press("Enter");
    const text = (await call.textContent()) ?? "";
    expect(text).toContain("Class B: buys in 3–6 months");
    expect(text).toContain("AAPOR 1.1 Complete");
    expect(text).toContain("ended by the script");
    expect(text).toContain("Purchase timeframe: Within 3 months (undone)");
    expect(text).toContain("Purchase timeframe: In 3–6 months");
    expect(text).toContain("Budget: 4");
    expect(text).toContain("I have no time at Introduction");
    expect(text).toContain("Wants the brochure by post");
    expect(text).toMatch(/Budget at [\d.]+ s \(undone\)/);
    expect(text).toContain("Ended at “Class B: buys in 3–6 months”");

    // Clearing removes preview calls.
    await page.getByRole("button", { name: "Clear preview calls" }).focus();
    await page.keyboard.press("Enter");
    await visible(page.getByText("Cleared 1 preview call."));
    await visible(page.getByRole("heading", { name: "No preview calls" }));

    errors.assertNone();
  });

  it("records a call nobody answered by keyboard: not connected, AAPOR 3.13, no steps", async () => {
    // The editor's toolbar leads to run mode and to the preview records.
    await page.goto(`/scripts/${SURVEY}`);
    await visible(page.getByRole("link", { name: "Preview calls", exact: true }));
    expect(await linkTargets(page, "Preview calls")).toContain(`/scripts/${SURVEY}/calls`);
    await page.getByRole("link", { name: "Preview call", exact: true }).first().click();
    await visible(page.getByRole("heading", { level: 1, name: /Preview call/ }));
    expect(new URL(page.url()).pathname).toBe(`/scripts/${SURVEY}/run`);

    const dial = page.getByLabel(/Start by dialling/);
    await dial.focus();
    await page.keyboard.press("Space");
    expect(await dial.isChecked()).toBe(true);
    await focusWhenEnabled(page.getByRole("button", { name: "Start preview call" }));
    await page.keyboard.press("Enter");

    const step = page.getByRole("region", { name: "Current step" });
    await expect.poll(() => step.textContent()).toContain("Waiting for the person to answer");
    await visible(page.getByRole("timer", { name: "Dialling time" }));
    await page.keyboard.press("1"); // No answer
    await expect.poll(() => step.textContent()).toContain("Call ended");
    expect(await step.textContent()).toContain("3.13");
    await allSaved(page);

    await page.goto(`/scripts/${SURVEY}/calls`);
    const calls = page
      .getByRole("list", { name: "Preview calls" })
      .getByRole("listitem")
      .filter({ has: page.locator("summary") });
    await expect.poll(() => calls.count()).toBe(1);
    const call = calls.first();
    await call.locator("summary").focus();
    await page.keyboard.press("Enter");
    const text = (await call.textContent()) ?? "";
    expect(text).toContain("No answer");
    expect(text).toContain("AAPOR 3.13 No answer");
    expect(text).toContain("not connected");
    expect(text).not.toContain("talk time");
    expect(text).toContain("No steps: nobody answered");
    errors.assertNone();

    // Without JavaScript the outline page offers the same ways in, and the history.
    const plain = await newSignedInContext(browser, server, { javaScriptEnabled: false });
    try {
      const outline = await plain.newPage();
      await outline.goto(`/scripts/${SURVEY}`);
      await visible(outline.getByRole("heading", { name: "Outline" }));
      expect(await linkTargets(outline, "Versions")).toContain(`/scripts/${SURVEY}/versions`);
      expect(await linkTargets(outline, "Preview call")).toContain(`/scripts/${SURVEY}/run`);
      expect(await linkTargets(outline, "Preview calls")).toContain(`/scripts/${SURVEY}/calls`);
    } finally {
      await plain.close();
    }
  });

  it("ends a call when the customer hangs up, asking the outcome after an answer", async () => {
    await page.goto(`/scripts/${SURVEY}/run?from=right-person`);
    expect(await page.getByLabel("Start from").inputValue()).toBe("right-person");
    await focusWhenEnabled(page.getByRole("button", { name: "Start preview call" }));
    await page.keyboard.press("Enter");
    const step = page.getByRole("region", { name: "Current step" });
    await expect.poll(() => step.textContent()).toContain("Are you the person at Hartley Freight Ltd");
    await page.keyboard.press("1");
    await expect.poll(() => step.textContent()).toContain("likely to invest");
    await page.keyboard.press("Shift+H");
    await expect.poll(() => step.textContent()).toContain("How did the call end?");
    await page.keyboard.press("1"); // Broke off mid-call
    await expect.poll(() => step.textContent()).toContain("Call ended");
    expect(await step.textContent()).toContain("2.12");
    await allSaved(page);

    await page.goto(`/scripts/${SURVEY}/calls`);
    await visible(page.getByText("Broke off mid-call"));
    await visible(page.getByText("ended by the customer"));
    errors.assertNone();
  });
});

async function visible(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: "visible" });
}

async function linkTargets(page: Page, name: string): Promise<(string | null)[]> {
  const links = page.getByRole("link", { name, exact: true });
  return Promise.all((await links.all()).map((l) => l.getAttribute("href")));
}
