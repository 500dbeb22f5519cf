// Steps a writer takes in the visual editor, found by role, label and visible text, for editor.e2e.test.ts.
import type { APIRequestContext, Locator, Page } from "playwright-core";
import { expect } from "vitest";
import { csrfTokenOf, STEP_TIMEOUT_MS, type ConsoleAllowance } from "./harness";

/** Polls until the assertion holds, for up to one step's time. */
export function eventually<T>(read: () => T | Promise<T>, message?: string) {
  return expect.poll(read, { timeout: STEP_TIMEOUT_MS, interval: 50, message });
}

/** Waits until the locator (exactly one element) is visible. */
export async function visible(locator: Locator): Promise<Locator> {
  await locator.waitFor({ state: "visible" });
  return locator;
}

/** Waits until no element matches the locator (or none is visible). */
export async function gone(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: "hidden" });
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function scriptIdFrom(url: string): string {
  const match = /^\/scripts\/([^/?#]+)$/.exec(new URL(url).pathname);
  if (!match || match[1] === "new") throw new Error(`Not a script page: ${url}`);
  return decodeURIComponent(match[1]);
}

/**
 * A fresh copy of a template, made the way the "Use template" form does it (a form POST to /scripts/new),
 * following the redirect to the new script's address.
 */
export async function createFromTemplate(
  request: APIRequestContext,
  templateId = "event-invitation",
): Promise<string> {
  const response = await request.post("/scripts/new", {
    form: { csrf: await csrfTokenOf(request), intent: "template", templateId },
    maxRedirects: 0,
  });
  expect(response.status(), await response.text()).toBe(302);
  const location = response.headers()["location"];
  expect(location).toMatch(/^\/scripts\/[^/]+$/);
  return scriptIdFrom(new URL(location, "http://localhost").href);
}

// ---------------------------------------------------------------------------------------------
// The editor's regions

export function editorToolbar(page: Page): Locator {
  return page.getByRole("toolbar", { name: "Editor", exact: true });
}

export function saveStatus(page: Page): Locator {
  return editorToolbar(page).getByRole("status");
}

export function canvas(page: Page): Locator {
  return page.getByRole("application");
}

export function inspector(page: Page): Locator {
  return page.getByRole("region", { name: "Step inspector", exact: true });
}

export function palette(page: Page): Locator {
  return page.getByRole("navigation", { name: "Add a step", exact: true });
}

/**
 * A step on the canvas by its accessible name, "Question: Will you attend?". Steps with problems add
 * " (has problems)" or " (has warnings)" to the name; they match too.
 */
export function canvasNode(page: Page, name: string): Locator {
  return canvas(page).getByRole("group", {
    name: new RegExp(`^${escapeRegExp(name)}(?: \\(has (?:problems|warnings)\\))?$`),
  });
}

/** Every connection on the canvas ("Edge from <step id> to <step id>"). */
export function canvasEdges(page: Page): Locator {
  return canvas(page).getByRole("group", { name: /^Edge from / });
}

/** Opens a script and waits until the canvas (not the server outline) shows its steps. */
export async function openEditor(page: Page, id: string): Promise<void> {
  await page.goto(`/scripts/${id}`);
  await waitForEditor(page);
}

export async function waitForEditor(page: Page): Promise<void> {
  await visible(editorToolbar(page));
  await visible(canvasNode(page, "Start: Start"));
}

/** Clicks a side tab ("Problems", "Merge fields") and waits until it is the selected one. */
export async function openTab(page: Page, name: string): Promise<Locator> {
  const tab = page.getByRole("tablist", { name: "Panels" }).getByRole("tab", {
    name: new RegExp(`^${escapeRegExp(name)}\\b`),
  });
  await tab.click();
  await eventually(() => tab.getAttribute("aria-selected")).toBe("true");
  return page.getByRole("tabpanel", { name: new RegExp(`^${escapeRegExp(name)}\\b`) });
}

/** Clicks a step on the canvas (its header, clear of the output handles) and waits for the inspector. */
export async function selectNode(page: Page, name: string): Promise<void> {
  const node = canvasNode(page, name);
  await node.click({ position: { x: 16, y: 12 } });
  await openTab(page, "Step");
  // The heading shortens long names sooner than the canvas does: compare their beginnings.
  const [, kind, rest] = /^([^:]+): (.*)$/.exec(name) ?? ["", "", name];
  await visible(
    inspector(page).getByRole("heading", {
      level: 2,
      name: new RegExp(`^${escapeRegExp(kind)} ${escapeRegExp(rest.slice(0, 40))}`),
    }),
  );
}

/** The inspector's heading for the selected step: "Question Will you attend?". */
export function inspectorHeading(page: Page, text: string): Locator {
  return inspector(page).getByRole("heading", { level: 2, name: text, exact: true });
}

export async function waitUntilSaved(page: Page): Promise<void> {
  await visible(saveStatus(page).filter({ hasText: /^All changes saved$/ }));
}

/** The text of the option a <select> shows. */
export async function shownOption(select: Locator): Promise<string> {
  return select.evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.text ?? "");
}

/** The findings listed in the Problems tab (empty when it says there are none). */
export async function problemTexts(page: Page): Promise<string[]> {
  const panel = await openTab(page, "Problems");
  const list = panel.getByRole("list", { name: "Problems" });
  if ((await list.count()) === 0) {
    await visible(panel.getByText("No problems.", { exact: true }));
    return [];
  }
  return list.getByRole("listitem").allInnerTexts();
}

/** Waits until a step's position on screen stops changing (a fit-view animation, a layout). */
export async function settled(
  locator: Locator,
): Promise<{ x: number; y: number; width: number; height: number }> {
  let previous = "";
  let box = await locator.boundingBox();
  for (let i = 0; i < 100; i++) {
    await locator
      .page()
      .evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    box = await locator.boundingBox();
    const now = JSON.stringify(box);
    if (now === previous) break;
    previous = now;
  }
  if (!box) throw new Error("The element has no box on screen.");
  return box;
}

/**
 * Drags with the mouse from one point (an output handle) to another (a step's input), in small moves as
 * a hand would, so that React Flow sees a connection being drawn.
 */
export async function dragMouse(page: Page, from: Locator, to: Locator): Promise<void> {
  const a = await settled(from);
  const b = await settled(to);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + a.width / 2 + 10, a.y + a.height / 2 + 20, { steps: 4 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}

/** Tolerates Chromium's "Failed to load resource" for one expected answer, and for nothing else. */
export function failedLoad(status: RegExp, isExpectedUrl: (url: URL) => boolean): ConsoleAllowance {
  return ({ text, source }) => {
    const match = /^Failed to load resource: the server responded with a status of (\d{3})\b/.exec(text);
    if (!match || !status.test(match[1]) || !source) return false;
    return isExpectedUrl(new URL(source.replace(/:\d+:\d+$/, "")));
  };
}
