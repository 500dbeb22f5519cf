// The agent-desktop HTML export in Chromium, opened as a file the way an agent desktop would show it: the
// script runs step by step on number keys, objections on their letter, merge fields come from the address,
// a missing one is a visible placeholder, and the page makes no network request at all.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import agentDesktopHtml from "../../plugins/agent-desktop-html";
import { NODE_KINDS } from "../../plugins/sdk";
import { approvedVersion, kitScript } from "../../plugins/sdk/contract";
import { collectPageErrors, describeE2E, launchBrowser } from "./harness";

let browser: Browser;
let dir: string;
let fileUrl: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "scriptpilot-agent-html-"));
  const result = await agentDesktopHtml.export(approvedVersion(kitScript(NODE_KINDS)), {
    config: {},
    now: "2026-03-01T12:00:00.000Z",
    logger: { info() {}, warn() {} },
  });
  const file = path.join(dir, result.filename);
  writeFileSync(file, result.body);
  fileUrl = pathToFileURL(file).href;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens the page with these merge fields, recording every request that is not the file itself. */
async function open(
  query = "",
): Promise<{ page: Page; requests: string[]; errors: ReturnType<typeof collectPageErrors> }> {
  const page = await browser.newPage();
  const requests: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(fileUrl)) requests.push(r.url());
  });
  const errors = collectPageErrors(page);
  await page.goto(`${fileUrl}${query}`);
  return { page, requests, errors };
}

const stepTitle = (page: Page) => page.locator("#step-title");

describeE2E("agent-desktop HTML export", () => {
  it("runs a call step by step on the keyboard, as run mode does, without any network request", async () => {
    const { page, requests, errors } = await open("?firstName=Ada");
    await expect.poll(() => stepTitle(page).textContent()).toBe("Greeting");
    expect(await page.getByRole("region", { name: "Greeting" }).textContent()).toContain(
      "Kit hello words Ada",
    );

    await page.keyboard.press("1"); // Next
    await expect.poll(() => stepTitle(page).textContent()).toBe("Kit yes or no words");
    await page.keyboard.press("1"); // Yes: past the checkpoint and the VIP check (no tier given)
    await expect.poll(() => stepTitle(page).textContent()).toBe("Kit single choice words");

    await page.keyboard.press("t"); // the "No time" objection
    const objection = page.getByRole("region", { name: "No time" });
    expect(await objection.textContent()).toContain("Kit objection words");
    await page.keyboard.press("Enter"); // back to the call
    await expect.poll(() => objection.isVisible()).toBe(false);

    await page.keyboard.press("2"); // Kit later
    await expect.poll(() => stepTitle(page).textContent()).toBe("Kit semi open words");
    await page.keyboard.press("3"); // Other
    await expect.poll(() => stepTitle(page).textContent()).toBe("Kit multiple words");
    await page.keyboard.press("1"); // tick "Kit email"
    expect(await page.getByRole("button", { name: "1 Kit email" }).getAttribute("aria-pressed")).toBe("true");
    await page.keyboard.press("Enter");
    await expect.poll(() => stepTitle(page).textContent()).toBe("Kit scale words");
    await page.keyboard.press("4");
    await expect.poll(() => page.locator("#outcome").textContent()).toBe("Call ended: Completed");

    const path = await page
      .getByRole("list", { name: "Steps so far" })
      .locator("li")
      .evaluateAll((items) => items.map((li) => li.getAttribute("data-node-id")));
    expect(path).toEqual(["greeting", "q-interest", "q-class", "q-size", "q-many", "q-scale", "e-done"]);

    await page.keyboard.press("Backspace");
    await expect.poll(() => stepTitle(page).textContent()).toBe("Kit scale words");

    expect(requests).toEqual([]);
    errors.assertNone();
    await page.close();
  });

  it("shows a merge field missing from the address as a visible placeholder", async () => {
    const { page } = await open();
    const placeholder = page.locator("mark.missing");
    await expect.poll(() => placeholder.textContent()).toBe("[First name]");
    expect(await placeholder.isVisible()).toBe(true);
    await page.close();
  });

  it("takes the VIP branch when the address says so, and the no branch to the callback step", async () => {
    const { page } = await open("?firstName=Ada&tier=vip");
    await page.keyboard.press("1");
    await page.keyboard.press("1");
    await expect.poll(() => stepTitle(page).textContent()).toBe("Kit VIP words");
    await page.keyboard.press("Backspace");
    await expect.poll(() => stepTitle(page).textContent()).toBe("Kit yes or no words");
    await page.keyboard.press("2"); // No
    await expect.poll(() => stepTitle(page).textContent()).toBe("Kit callback words");
    await page.close();
  });

  it("cannot reach the network: the page's content security policy forbids it", async () => {
    const { page, requests } = await open();
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
    expect(csp).toBe("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'");
    const blocked = await page.evaluate(() =>
      fetch("https://example.test/leak").then(
        () => "fetched",
        () => "blocked",
      ),
    );
    expect(blocked).toBe("blocked");
    expect(requests).toEqual([]);
    await page.close();
  });
});
