// Exporting an approved version in Chromium, the way a writer does: from the version page to the export
// page, pick the JSON bundle plugin, download, and check the file is the bundle of that approved version.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect, it } from "vitest";
import { demoScripts } from "~/services/scripts.server";
import { openLowdbAdapter } from "~/storage/lowdb-adapter";
import { versionOf } from "../fixtures/pilots/approved-versions";
import {
  collectPageErrors,
  describeE2E,
  launchBrowser,
  newSignedInContext,
  saveScreenshot,
  startServer,
  type PageErrorLog,
  type ServerHandle,
} from "./harness";

const NOW = "2026-11-26T00:00:00.000Z";

describeE2E("exporting an approved version", () => {
  let server: ServerHandle;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let log: PageErrorLog;
  let scriptId: string;
  let title: string;

  beforeAll(async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "scriptpilot-export-"));
    const scripts = demoScripts(NOW);
    const { adapter } = await openLowdbAdapter({ dataDir, seed: () => ({ scripts }) });
    // Approved through the versions service (writer publishes, another person approves).
    const version = await versionOf(adapter, scripts[0], "approved");
    scriptId = version.scriptId;
    title = version.script.title;
    await adapter.close();
    server = await startServer({ dataDir });
    browser = await launchBrowser();
    context = await newSignedInContext(browser, server, { acceptDownloads: true });
    context.setDefaultTimeout(15_000);
    log = collectPageErrors(context);
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === "fail") {
      const shot = await saveScreenshot(page, `export-${ctx.task.name}`);
      console.error(
        `[e2e] "${ctx.task.name}" failed at ${page.url()}${shot ? `\n[e2e] screenshot: ${shot}` : ""}` +
          `\n[e2e] browser errors:\n${log.summary()}\n[e2e] server:\n${server.output().split("\n").slice(-40).join("\n")}`,
      );
    }
  });

  it("downloads the JSON bundle of the approved version and logs the export", async () => {
    await page.goto(`/scripts/${scriptId}/versions/1`);
    await page.getByRole("link", { name: "Export or deliver" }).click();
    await page.getByRole("heading", { level: 1, name: `Export version 1 of “${title}”` }).waitFor();
    await page.getByText("Nothing exported yet.").waitFor();

    await page.getByRole("radio", { name: /ScriptPilot JSON bundle/ }).check();
    await page.getByRole("button", { name: "Use this plugin" }).click();
    await page.getByRole("heading", { name: /Settings and output for ScriptPilot JSON bundle/ }).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: /^Download/ }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.scriptpilot-bundle\.json$/);
    const file = await download.path();
    const bundle = JSON.parse(await fs.readFile(file, "utf8")) as {
      source: { scriptId: string; versionId: string; number: number; status: string };
    };
    expect(bundle.source).toMatchObject({ scriptId, versionId: `${scriptId}-v1`, number: 1, status: "approved" });

    await page.reload();
    const row = page.getByRole("row").filter({ hasText: "scriptpilot-json" });
    await row.waitFor();
    expect(await row.textContent()).toMatch(/OK.*\.scriptpilot-bundle\.json/);
    log.assertNone();
  });
});
