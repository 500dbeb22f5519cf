// Accounts in Chromium: the first-run setup on a fresh data directory, signing in and out, an admin adding a
// writer with a one-time password, and the writer being kept out of the admin pages.
import type { Locator } from "playwright-core";
import { expect, it } from "vitest";
import { describeE2E, startServer, type ConsoleAllowance, useE2EPeople, type E2EPerson } from "./harness";

describeE2E("accounts", () => {
  const people = useE2EPeople("accounts", () => startServer({ setup: false }));
  /** Everyone who has a browser open, in order: the admin first. */
  const persons: E2EPerson[] = [];

  // The steps build on each other (the writer exists because the admin made them), like a first day.
  let writerPassword = "";

  async function person() {
    const opened = await people.person();
    persons.push(opened);
    return opened;
  }

  it("a fresh install opens on the one-time setup, which creates the first admin and then is gone", async () => {
    const { page, errors } = await person(); // the admin
    await page.goto("/");
    await page.waitForURL("**/setup");
    await visible(page.getByRole("heading", { level: 1, name: "Welcome to ScriptPilot" }));

    await page.getByLabel("Your name").fill("Dora Admin");
    await page.getByLabel("Username").fill("dora");
    await page.getByLabel("Password", { exact: false }).first().fill("short");
    await page.getByLabel("Password again").fill("short");
    await page.getByRole("button", { name: "Create admin account" }).click();
    // The browser's own minLength check stops a too-short password before it is sent.
    expect(page.url()).toMatch(/\/setup$/);

    await page.getByLabel(/^Password at least/).fill("dora's long password");
    await page.getByLabel("Password again").fill("dora's long password");
    await expect(page.getByRole("checkbox", { name: /^Admin/ }).isChecked()).resolves.toBe(true);
    await page.getByRole("button", { name: "Create admin account" }).click();

    await page.waitForURL((url) => url.pathname === "/");
    await visible(page.getByRole("heading", { level: 1, name: "Scripts" }));
    await visible(page.getByText("Signed in as Dora Admin"));
    await visible(page.getByRole("link", { name: "Admin" }));

    await page.goto("/setup");
    await page.waitForURL((url) => url.pathname === "/");
    errors.assertNone();
  });

  it("the admin adds a writer, who gets a one-time password", async () => {
    const { page, errors } = persons[0];
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).click();
    await visible(page.getByRole("heading", { level: 1, name: "Users" }));

    const form = page.getByRole("region", { name: "Add a user" });
    await form.getByLabel("Name", { exact: true }).fill("Walt Writer");
    await form.getByLabel("Username").fill("walt");
    await expect(form.getByRole("checkbox", { name: /^Writer/ }).isChecked()).resolves.toBe(true);
    await form.getByRole("button", { name: "Create user" }).click();

    const notice = page.getByRole("status").filter({ hasText: "Created Walt Writer" });
    await visible(notice);
    writerPassword = (await notice.locator("code").textContent()) ?? "";
    expect(writerPassword).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    await visible(page.getByRole("row", { name: /Walt Writer walt Writer Active, one-time password/ }));

    await page.getByRole("link", { name: "Audit log" }).click();
    await visible(page.getByRole("heading", { level: 1, name: "Audit log" }));
    const rows = page.getByRole("table").getByRole("row");
    await visible(rows.filter({ hasText: "user.created" }));
    await visible(rows.filter({ hasText: "setup" }));
    expect(await page.content()).not.toContain(writerPassword);
    errors.assertNone();
  });

  it("the writer signs in, must choose their own password, and cannot open the admin pages", async () => {
    const { page, errors } = await person(); // the writer
    await page.goto("/admin/users");
    await page.waitForURL(/\/login\?next=%2Fadmin%2Fusers$/);

    await page.getByLabel("Username").fill("walt");
    await page.getByLabel("Password").fill("not the password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await visible(page.getByRole("alert").filter({ hasText: "The username or password is not right" }));

    await page.getByLabel("Password").fill(writerPassword);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/account\/password/);
    await page.getByLabel("One-time password").fill(writerPassword);
    await page.getByLabel(/^New password at least/).fill("walt's own password");
    await page.getByLabel("New password again").fill("walt's own password");
    await page.getByRole("button", { name: "Save new password" }).click();

    // Back where they were going: the admin page, which refuses a writer.
    await page.waitForURL((url) => url.pathname === "/admin/users");
    await visible(page.getByRole("heading", { name: "Not allowed" }));
    await visible(page.getByText(/This needs the admin role\. You are signed in as walt \(writer\)/));
    expect(
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" }).count(),
    ).toBe(0);

    const audit = await page.goto("/admin/audit");
    expect(audit?.status()).toBe(403);

    await page.goto("/");
    await visible(page.getByRole("heading", { level: 1, name: "Scripts" }));
    await visible(page.getByRole("link", { name: "New script" }).first());

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/login$/);
    await page.goto("/");
    await page.waitForURL(/\/login\?next=%2F$/);

    errors.assertNone({
      allowConsole: [
        failedLoad(/^401$/, (url) => url.pathname === "/login.data"),
        failedLoad(/^403$/, (url) => url.pathname.startsWith("/admin")),
        // Chromium asks for /favicon.ico after a 403 document despite the page's SVG icon link.
        failedLoad(/^404$/, (url) => url.pathname === "/favicon.ico"),
      ],
    });
  });
});

function failedLoad(status: RegExp, isExpectedUrl: (url: URL) => boolean): ConsoleAllowance {
  return ({ text, source, pageUrl }) => {
    const match = /^Failed to load resource: the server responded with a status of (\d{3})\b/.exec(text);
    if (!match || !status.test(match[1])) return false;
    return isExpectedUrl(new URL((source ?? pageUrl).replace(/:\d+:\d+$/, "")));
  };
}

async function visible(locator: Locator): Promise<Locator> {
  await locator.waitFor({ state: "visible" });
  return locator;
}
