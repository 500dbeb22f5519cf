// A pilot in Chromium, the way a lead and an agent use it: the lead creates a pilot from two approved
// versions, imports the sample list and starts it; an agent takes "Next contact" and runs the call by
// keyboard; the lead sees the call counted for its variant on the dashboard.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { expect, it } from "vitest";
import { demoScripts } from "~/services/scripts.server";
import { hashPassword, type User } from "~/services/users.server";
import { openLowdbAdapter } from "~/storage/lowdb-adapter";
import { approvedPair } from "../fixtures/pilots/approved-versions";
import { describeE2E, repoRoot, signIn, startServer, useE2EPeople } from "./harness";
import { allSaved } from "./run-helpers";

const STEP_TIMEOUT_MS = 15_000;
const PASSWORD = "pilot e2e password";
const NOW = "2026-11-26T00:00:00.000Z";
const SAMPLE = path.join(repoRoot, "docs/samples/contacts-sample.csv");

async function user(id: string, username: string, roles: User["roles"]): Promise<User> {
  return {
    schemaVersion: 1,
    id,
    revision: 1,
    username,
    displayName: username,
    roles,
    active: true,
    passwordHash: await hashPassword(PASSWORD),
    createdAt: NOW,
    createdBy: "setup",
  };
}

describeE2E("a pilot from set-up to a counted call", () => {
  let dataDir: string;
  const people = useE2EPeople(
    "pilot",
    async () => {
      // Two approved versions already exist (approved through the versions service), so the test is about pilots.
      dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "scriptpilot-pilot-"));
      const users = [await user("u-lena", "lena", ["lead"]), await user("u-andy", "andy", ["writer"])];
      const { adapter } = await openLowdbAdapter({
        dataDir,
        seed: () => ({ scripts: demoScripts(NOW), users }),
      });
      await approvedPair(adapter);
      await adapter.close();
      return startServer({ dataDir });
    },
    STEP_TIMEOUT_MS,
  );

  async function signedIn(username: string): Promise<Page> {
    const { context, page } = await people.person();
    await signIn(context, people.server(), { username, password: PASSWORD });
    return page;
  }

  it("creates, imports, starts, serves a contact, runs the call by keyboard and counts it", async () => {
    const lead = await signedIn("lena");
    await lead.goto("/pilots");
    await lead.getByRole("heading", { name: "No pilots yet" }).waitFor();
    await lead.getByRole("link", { name: "New pilot" }).first().click();
    await lead.getByRole("heading", { level: 1, name: "New pilot" }).waitFor();

    await lead.getByLabel("Name", { exact: true }).fill("Opening test");
    await lead.getByLabel("Variant 1 version").selectOption({ label: "Long opening — version 1" });
    await lead.getByLabel("Variant 2 version").selectOption({ label: "Short opening — version 1" });
    await lead.getByLabel("Planned connected calls per variant").fill("100");
    await lead.getByLabel(/Checkpoint of variant 1/).selectOption("pitch-done");
    await lead.getByLabel(/Checkpoint of variant 2/).selectOption("cp");
    await lead.getByRole("button", { name: "Create pilot" }).click();

    await lead.getByRole("heading", { level: 1, name: /Sample list: Opening test/ }).waitFor();
    await lead.getByLabel("Sample list (CSV)", { exact: true }).setInputFiles(SAMPLE);
    // The file is read in the browser first: its columns and a guessed mapping appear for the lead to check.
    await lead.getByRole("table", { name: /First rows of the file/ }).waitFor();
    expect(await lead.getByLabel("Phone number", { exact: true }).inputValue()).toBe("Phone");
    await lead.getByRole("button", { name: "Import and assign" }).click();
    const outcome = lead.getByRole("status").filter({ hasText: "contacts imported and assigned" });
    await outcome.waitFor();
    const rejected = lead.getByRole("table", { name: /Rejected rows/ });
    await rejected.waitFor();
    expect(await rejected.getByRole("row").count()).toBeGreaterThan(1);
    await lead.getByRole("table", { name: /Balance by Lead class/ }).waitFor();

    await lead.getByRole("link", { name: "Controls" }).click();
    await lead.getByRole("button", { name: "Start pilot" }).click();
    await lead.getByText("The pilot is now running.").waitFor();
    const pilotId = new URL(lead.url()).pathname.split("/")[2];

    const agent = await signedIn("andy");
    await agent.goto(`/pilots/${pilotId}/call`);
    await agent.getByRole("button", { name: "Next contact" }).focus();
    await agent.keyboard.press("Enter");
    // The contact is served; the agent starts dialling (or could release it). The button has the focus.
    await agent.getByRole("button", { name: "Release this contact" }).waitFor();
    await agent.keyboard.press("Enter");
    const callId = new URL(agent.url()).pathname.split("/").pop() ?? "";
    const step = agent.getByRole("region", { name: "Current step" });
    await step.waitFor();
    // The customer hangs up at the opening: the classic early rejection.
    await agent.keyboard.press("Shift+H");
    // Before any answer, a hang-up is a refusal: the call ends at once.
    await expect.poll(() => step.textContent()).toContain("Call ended");
    expect(await step.textContent()).toContain("Hung up before any answer");
    await allSaved(agent);
    await agent.getByRole("button", { name: "Next contact" }).waitFor();

    await lead.goto("/pilots");
    const row = lead.getByRole("row", { name: /Opening test/ });
    await expect.poll(() => row.textContent()).toContain("1 of 200");

    // The variant the call was made for, as stored in the pilot's call log.
    const stored = (await fs.readFile(path.join(dataDir, "calls", `pilot-${pilotId}.ndjson`), "utf8"))
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line): unknown => JSON.parse(line))
      .find(
        (e) =>
          typeof e === "object" &&
          e !== null &&
          "type" in e &&
          e.type === "call-started" &&
          "callId" in e &&
          e.callId === callId,
      );
    const variantId =
      stored && typeof stored === "object" && "variantId" in stored ? String(stored.variantId) : "";
    expect(["A", "B"]).toContain(variantId);
    await lead.goto(`/pilots/${pilotId}`);
    const counts = lead.getByRole("table", { name: "Calls per variant" });
    await counts.waitFor();
    const attempted = (id: string) =>
      counts
        .getByRole("row", { name: new RegExp(`^Variant ${id} \\(`) })
        .getByRole("cell")
        .first()
        .textContent();
    await expect.poll(() => attempted(variantId)).toBe("1");
    expect(await attempted(variantId === "A" ? "B" : "A")).toBe("0");
    people.assertNoErrors();
  });
});
