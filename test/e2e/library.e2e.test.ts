// The script library, driven in Chromium the way a writer uses it: by roles, labels and visible text.
import fs from "node:fs/promises";
import { type Locator, type Page } from "playwright-core";
import { expect, it } from "vitest";
import { type ConsoleAllowance, describeE2E, type PageErrorLog, useE2EApp } from "./harness";

describeE2E("script library", () => {
  let page: Page;
  let errors: PageErrorLog;

  useE2EApp("library", { acceptDownloads: true }, (app) => ({ page, errors } = app));

  it("lists the demo scripts seeded on first start", async () => {
    await page.goto("/");
    await visible(page.getByRole("heading", { level: 1, name: "Scripts" }));

    const items = scriptItems(page);
    expect(await items.count()).toBeGreaterThanOrEqual(4);
    const titles = await scriptTitles(page);
    expect(titles.length).toBe(await items.count());
    expect(
      titles.some((title) => /\p{Script=Han}/u.test(title)),
      `a Chinese title among ${titles}`,
    ).toBe(true);

    errors.assertNone();
  });

  it("creates a script from a template", async () => {
    const before = await countScripts(page);
    const created = await createFromTemplate(page);

    await goToLibrary(page);
    await expect.poll(() => scriptItems(page).count()).toBe(before + 1);
    await visible(rowOf(page, created.id).getByRole("link", { name: created.title, exact: true }));

    errors.assertNone();
  });

  it("renames a script from its library row", async () => {
    const created = await createFromTemplate(page);
    const title = "Spring gala invitation";

    await goToLibrary(page);
    await rowOf(page, created.id)
      .getByRole("link", { name: `Rename ${created.title}`, exact: true })
      .click();
    await renameOnPage(page, created.id, title);

    await goToLibrary(page);
    await visible(rowOf(page, created.id).getByRole("link", { name: title, exact: true }));

    errors.assertNone();
  });

  it("exports a script as a JSON file", async () => {
    const created = await createFromTemplate(page);
    const title = "Spring gala invitation export";
    await page.goto(`/scripts/${created.id}/rename`);
    await renameOnPage(page, created.id, title);

    const exported = await exportFromLibrary(page, created.id, title);

    expect(exported.filename).toMatch(/\.json$/);
    expect(exported.filename).toMatch(/^spring-gala-invitation-export.*\.scriptpilot\.json$/);
    const doc: unknown = JSON.parse(exported.text);
    expect(doc).toMatchObject({ schemaVersion: 1, id: created.id, title });

    errors.assertNone();
  });

  it("refuses broken files with a clear reason and imports a valid one", async () => {
    const created = await createFromTemplate(page);
    const title = "Import round trip";
    await page.goto(`/scripts/${created.id}/rename`);
    await renameOnPage(page, created.id, title);
    const exported = await exportFromLibrary(page, created.id, title);
    const before = await countScripts(page);

    // (i) Not JSON at all.
    await openImportPage(page);
    await uploadScriptFile(page, "notes.json", "Dear caller, this is not JSON {");
    const notJson = page.getByRole("alert");
    await visible(notJson);
    await visible(notJson.getByRole("heading", { name: "The file was not imported" }));
    expect(await notJson.innerText()).toMatch(/not valid JSON/);

    // (ii) JSON, but a say node lost its text and a question gained an option without a label.
    const broken = breakScript(JSON.parse(exported.text));
    await openImportPage(page);
    await uploadScriptFile(page, "broken.scriptpilot.json", JSON.stringify(broken.doc, null, 2));
    const invalid = page.getByRole("alert");
    await visible(invalid.getByRole("heading", { name: "The file was not imported" }));
    const problems = invalid.getByRole("listitem");
    await visible(problems.first());
    const problemTexts = await problems.allInnerTexts();
    const sayProblem = problemTexts.find((text) => text.includes(broken.sayNodeId));
    expect(
      sayProblem,
      `a problem naming node ${broken.sayNodeId} in ${JSON.stringify(problemTexts)}`,
    ).toBeDefined();
    expect(sayProblem).toMatch(/\btext\b/);
    if (broken.questionNodeId) {
      const optionProblem = problemTexts.find((text) => text.includes(broken.questionNodeId!));
      expect(
        optionProblem,
        `a problem naming node ${broken.questionNodeId} in ${JSON.stringify(problemTexts)}`,
      ).toBeDefined();
      expect(optionProblem).toMatch(/\blabel\b/);
    }

    await goToLibrary(page);
    expect(await scriptItems(page).count(), "failed imports must not add scripts").toBe(before);

    // (iii) The file as exported imports as a new script.
    await openImportPage(page);
    await uploadScriptFile(page, exported.filename, exported.text);
    await page.waitForURL(
      (url) => /^\/scripts\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith("/import"),
    );
    const importedId = scriptIdFrom(page.url());
    expect(importedId, "the import is a new script, not an overwrite").not.toBe(created.id);
    await visible(page.getByRole("heading", { level: 1, name: title }));

    await goToLibrary(page);
    await expect.poll(() => scriptItems(page).count()).toBe(before + 1);
    await visible(rowOf(page, importedId).getByRole("link", { name: title, exact: true }));
    await visible(rowOf(page, created.id));

    // Chromium logs the 4xx answers to the failed imports as failed loads; nothing else may fail.
    errors.assertNone({
      allowConsole: [failedLoad(/^4\d\d$/, (url) => url.pathname.startsWith("/scripts/import"))],
    });
  });

  it("deletes a script after confirmation", async () => {
    const created = await createFromTemplate(page);
    const title = "Doomed script";
    await page.goto(`/scripts/${created.id}/rename`);
    await renameOnPage(page, created.id, title);
    const before = await countScripts(page);

    await rowOf(page, created.id)
      .getByRole("link", { name: `Delete ${title}`, exact: true })
      .click();
    await page.getByRole("button", { name: "Delete script", exact: true }).click();

    await page.waitForURL((url) => url.pathname === "/");
    await visible(page.getByRole("heading", { level: 1, name: "Scripts" }));
    await expect.poll(() => scriptItems(page).count()).toBe(before - 1);
    expect(await rowOf(page, created.id).count()).toBe(0);
    expect(await page.getByRole("link", { name: title, exact: true }).count()).toBe(0);

    errors.assertNone();
  });

  it("answers an unknown address with 404 and a readable page", async () => {
    const response = await page.goto("/nope");
    expect(response?.status()).toBe(404);
    await visible(page.getByRole("heading", { name: "Page not found" }));

    errors.assertNone({ allowConsole: [failedLoad(/^404$/, (url) => url.pathname === "/nope")] });
  });

  it("filters the list with the search box", async () => {
    const created = await createFromTemplate(page);
    const title = "Quokka outreach";
    await page.goto(`/scripts/${created.id}/rename`);
    await renameOnPage(page, created.id, title);
    const all = await countScripts(page);

    const search = page.getByRole("searchbox", { name: "Search scripts" });
    await search.fill("quokka");
    await search.press("Enter");
    await page.waitForURL((url) => url.searchParams.get("q") === "quokka");
    await expect.poll(() => scriptItems(page).count()).toBe(1);
    expect(await scriptTitles(page)).toEqual([title]);
    expect(all).toBeGreaterThan(1);

    await search.fill("zzyzx-nothing-like-this");
    await search.press("Enter");
    await page.waitForURL((url) => url.searchParams.get("q") === "zzyzx-nothing-like-this");
    await visible(page.getByText("No scripts match"));
    expect(await page.getByRole("list", { name: "Scripts" }).count()).toBe(0);

    errors.assertNone();
  });
});

// ---------------------------------------------------------------------------------------------
// Steps a writer takes, shared by the flows above.

/** Tolerates Chromium's "Failed to load resource" for one expected answer, and for nothing else. */
function failedLoad(status: RegExp, isExpectedUrl: (url: URL) => boolean): ConsoleAllowance {
  return ({ text, source }) => {
    const match = /^Failed to load resource: the server responded with a status of (\d{3})\b/.exec(text);
    if (!match || !status.test(match[1]) || !source) return false;
    return isExpectedUrl(new URL(source.replace(/:\d+:\d+$/, "")));
  };
}

/** Waits until the locator (exactly one element) is visible; fails with the locator in the message. */
async function visible(locator: Locator): Promise<Locator> {
  await locator.waitFor({ state: "visible" });
  return locator;
}

function scriptList(page: Page): Locator {
  return page.getByRole("list", { name: "Scripts", exact: true });
}

function scriptItems(page: Page): Locator {
  return scriptList(page).getByRole("listitem");
}

/**
 * The library row of one script. Titles are not unique (a template may also be a seeded demo), so
 * the row is found by its link to the script page, then driven by role within it.
 */
function rowOf(page: Page, id: string): Locator {
  return scriptItems(page).filter({ has: page.locator(`a[href="/scripts/${id}"]`) });
}

/** The title of each listed script: the text of the row's link to the script page itself. */
async function scriptTitles(page: Page): Promise<string[]> {
  const titles: string[] = [];
  for (const item of await scriptItems(page).all()) {
    const own = await item
      .getByRole("link")
      .evaluateAll((links) =>
        links
          .filter((a) => /^\/scripts\/[^/]+$/.test(new URL((a as HTMLAnchorElement).href).pathname))
          .map((a) => (a as HTMLElement).innerText.trim()),
      );
    expect(own, "each row has one link to its script page").toHaveLength(1);
    titles.push(own[0]);
  }
  return titles;
}

async function goToLibrary(page: Page): Promise<void> {
  await page.goto("/");
  await visible(page.getByRole("heading", { level: 1, name: "Scripts" }));
  await visible(scriptList(page));
}

async function countScripts(page: Page): Promise<number> {
  await goToLibrary(page);
  return scriptItems(page).count();
}

function scriptIdFrom(url: string): string {
  const match = /\/scripts\/([^/?#]+)/.exec(new URL(url).pathname);
  if (!match) throw new Error(`Not a script page: ${url}`);
  return decodeURIComponent(match[1]);
}

/** Library → "New script" → the event invitation template → the new script's page. */
async function createFromTemplate(page: Page): Promise<{ id: string; title: string }> {
  await goToLibrary(page);
  await page.getByRole("link", { name: "New script", exact: true }).first().click();
  await visible(page.getByRole("heading", { level: 1, name: "New script" }));
  await page.getByRole("button", { name: /^Use template .*invitation/i }).click();
  await page.waitForURL((url) => /^\/scripts\/[^/]+$/.test(url.pathname) && url.pathname !== "/scripts/new");
  // The template's title names the invitation; waiting for it also means the new page has rendered.
  const heading = await visible(page.getByRole("heading", { level: 1, name: /invitation/i }));
  const title = (await heading.innerText()).trim();
  return { id: scriptIdFrom(page.url()), title };
}

/** On a script's rename page: type the new title, save, land on the script page showing it. */
async function renameOnPage(page: Page, id: string, title: string): Promise<void> {
  const field = await visible(page.getByRole("textbox", { name: "Title", exact: true }));
  await field.fill(title);
  await page.getByRole("button", { name: "Save title", exact: true }).click();
  await page.waitForURL((url) => url.pathname === `/scripts/${id}`);
  await visible(page.getByRole("heading", { level: 1, name: title, exact: true }));
}

async function exportFromLibrary(
  page: Page,
  id: string,
  title: string,
): Promise<{ filename: string; text: string }> {
  await goToLibrary(page);
  const link = rowOf(page, id).getByRole("link", { name: `Export ${title}`, exact: true });
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const failure = await download.failure();
  expect(failure, "the download completed").toBeNull();
  const file = await download.path();
  return { filename: download.suggestedFilename(), text: await fs.readFile(file, "utf8") };
}

async function openImportPage(page: Page): Promise<void> {
  await goToLibrary(page);
  await page.getByRole("link", { name: "Import", exact: true }).first().click();
  await visible(page.getByRole("heading", { level: 1, name: "Import a script" }));
}

async function uploadScriptFile(page: Page, name: string, content: string): Promise<void> {
  await page.getByLabel("Script file (JSON)", { exact: true }).setInputFiles({
    name,
    mimeType: "application/json",
    buffer: Buffer.from(content, "utf8"),
  });
  await page.getByRole("button", { name: "Import", exact: true }).click();
}

interface BrokenScript {
  doc: unknown;
  sayNodeId: string;
  questionNodeId?: string;
}

/** Removes the text of the first say node and adds an option without a label to the first question. */
function breakScript(doc: unknown): BrokenScript {
  if (!isRecord(doc) || !Array.isArray(doc.nodes)) throw new Error("The exported script has no nodes array.");
  const nodes = doc.nodes.filter(isRecord);
  const say = nodes.find((node) => node.kind === "say");
  if (!say || typeof say.id !== "string")
    throw new Error("The event invitation template has no say node to break.");
  delete say.text;
  const question = nodes.find((node) => node.kind === "question" && Array.isArray(node.options));
  if (question && typeof question.id === "string" && Array.isArray(question.options)) {
    question.options.push({ id: "opt_without_label" });
    return { doc, sayNodeId: say.id, questionNodeId: question.id };
  }
  return { doc, sayNodeId: say.id };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
