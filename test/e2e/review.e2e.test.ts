// Review and approval in Chromium, the way a writer and an approver work together: publish, request review,
// comment on a step, reject, fix, republish, approve, and see the change in the diff.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type Locator, type Page } from "playwright-core";
import { expect, it } from "vitest";
import { demoScripts } from "~/services/scripts.server";
import { hashPassword, type User } from "~/services/users.server";
import { openLowdbAdapter } from "~/storage/lowdb-adapter";
import { edge, endNode, makeScript, questionNode, sayNode, startNode } from "../factories/script-factory";
import { editorToolbar, selectNode, waitForEditor, waitUntilSaved, inspector } from "./editor-helpers";
import { describeE2E, startServer, useE2EPeople } from "./harness";

const PASSWORD = "review e2e password";
const SCRIPT_ID = "solar-review";
const NOW = "2026-11-26T00:00:00.000Z";

/** A small script with no check errors, laid out so every step can be clicked on the canvas. */
const solarScript = makeScript({
  id: SCRIPT_ID,
  title: "Solar survey",
  revision: 1,
  nodes: [
    startNode("start", { position: { x: 0, y: 0 } }),
    sayNode("hello", "Hello, this is Anna from Solar.", { position: { x: 0, y: 150 } }),
    questionNode("own", "Do you own your home?", "yes-no", [], { position: { x: 0, y: 320 } }),
    endNode("yes-end", "Interested", { position: { x: -200, y: 520 } }),
    endNode("no-end", "Not a home owner", { position: { x: 200, y: 520 } }),
  ],
  edges: [
    edge("start", "next", "hello"),
    edge("hello", "next", "own"),
    edge("own", "yes", "yes-end"),
    edge("own", "no", "no-end"),
  ],
});

async function user(id: string, username: string, displayName: string, roles: User["roles"]): Promise<User> {
  return {
    schemaVersion: 1,
    id,
    revision: 1,
    username,
    displayName,
    roles,
    active: true,
    passwordHash: await hashPassword(PASSWORD),
    createdAt: NOW,
    createdBy: "setup",
  };
}

describeE2E("review and approval", () => {
  const people = useE2EPeople("review", async () => {
    // A data directory with a writer and an approver already set up, so the test is about review.
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "scriptpilot-review-"));
    const users = [
      await user("u-wendy", "wendy", "Wendy Writer", ["writer"]),
      await user("u-alice", "alice", "Alice Approver", ["approver"]),
    ];
    const { adapter } = await openLowdbAdapter({
      dataDir,
      seed: () => ({ scripts: [...demoScripts(NOW), solarScript], users }),
    });
    await adapter.close();
    return startServer({ dataDir });
  });

  async function signedIn(username: string): Promise<Page> {
    const { page } = await people.person();
    await page.goto(`/login?next=${encodeURIComponent("/")}`);
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await visible(page.getByRole("heading", { level: 1, name: "Scripts" }));
    return page;
  }

  it("a writer publishes and asks for review; an approver comments, rejects, then approves the fix", async () => {
    const writer = await signedIn("wendy");

    // The library shows the script as a draft; the editor's toolbar offers "Publish version".
    const row = writer
      .getByRole("listitem")
      .filter({ has: writer.getByRole("link", { name: "Solar survey", exact: true }) });
    await visible(row.getByText("Draft", { exact: true }));
    await writer.goto(`/scripts/${SCRIPT_ID}`);
    await waitForEditor(writer);
    await editorToolbar(writer).getByRole("link", { name: "Publish version" }).click();
    await publish(writer, "First cut for review", 1);
    await visible(writer.getByRole("status").filter({ hasText: "Published version 1" }));
    await writer.getByRole("button", { name: "Request review" }).click();
    await visible(writer.getByRole("status").filter({ hasText: "Review requested" }));
    await visible(writer.getByText("In review", { exact: true }).first());
    // A writer gets no approve or reject buttons.
    expect(await writer.getByRole("button", { name: /Approve version/ }).count()).toBe(0);

    // The approver comments on the opening step and rejects with a reason.
    const approver = await signedIn("alice");
    await approver.goto(`/scripts/${SCRIPT_ID}/versions/1`);
    const opening = approver.locator("#node-hello");
    await opening.getByText("Comment on this step").click();
    await opening
      .getByLabel(/^Comment on “Hello, this is Anna/)
      .fill("Say why you are calling in the first sentence.");
    await opening.getByRole("button", { name: "Add comment" }).click();
    const comments = approver.getByRole("region", { name: /^Comments/ });
    await visible(comments.getByText("Say why you are calling in the first sentence."));
    await visible(comments.getByRole("link", { name: /On step “Hello, this is Anna/ }));
    await visible(approver.locator("#node-hello").getByRole("link", { name: /1 comment, 1 open/ }));
    // Once hydrated, the canvas shows the same thread as a badge on the step; the badge opens the thread.
    const canvas = approver.getByRole("group", { name: /^Canvas of version 1/ });
    await canvas
      .getByRole("button", {
        name: /^1 comment, 1 open on “Hello, this is Anna.*open in the comments panel$/,
      })
      .click();
    await expect
      .poll(() => approver.evaluate(() => document.activeElement?.closest(".thread")?.textContent ?? ""))
      .toContain("Say why you are calling in the first sentence.");
    // And the thread's "Show on canvas" centres that step on the canvas and focuses it.
    await comments.getByRole("button", { name: /^Show “Hello, this is Anna.*” on the canvas$/ }).click();
    await expect
      .poll(() => approver.evaluate(() => document.activeElement?.getAttribute("data-id") ?? ""))
      .toBe("hello");
    await approver.getByLabel("Reason for rejecting").fill("The opening does not say why we call.");
    await approver.getByRole("button", { name: "Reject version 1" }).click();
    await visible(approver.getByRole("status").filter({ hasText: "Version rejected" }));

    // The writer sees the reason and the comment, fixes the step in the editor and republishes.
    await writer.goto(`/scripts/${SCRIPT_ID}/versions`);
    await visible(writer.getByText("The opening does not say why we call."));
    await writer.goto(`/scripts/${SCRIPT_ID}/versions/1`);
    const thread = writer
      .getByRole("region", { name: /^Comments/ })
      .getByRole("listitem")
      .filter({ hasText: "Say why you are calling in the first sentence." });
    await thread.getByText("Reply", { exact: true }).click();
    await thread.getByLabel("Your reply").fill("Fixed in the next version.");
    await thread.getByRole("button", { name: "Send reply" }).click();
    await visible(thread.getByText("Fixed in the next version."));
    await thread.getByRole("button", { name: "Resolve thread" }).click();
    await visible(thread.getByText(/^Resolved by Wendy Writer/));
    await writer.goto(`/scripts/${SCRIPT_ID}`);
    await waitForEditor(writer);
    await selectNode(writer, "Say: Hello, this is Anna from Solar.");
    await inspector(writer).getByLabel("Title", { exact: true }).fill("Opening with the reason for the call");
    await waitUntilSaved(writer);
    await editorToolbar(writer).getByRole("link", { name: "Publish version" }).click();
    await publish(writer, "Opening now says why we call", 2);
    await writer.getByRole("button", { name: "Request review" }).click();
    await visible(writer.getByRole("status").filter({ hasText: "Review requested" }));

    // The approver approves version 2 and the diff shows what changed.
    await approver.goto(`/scripts/${SCRIPT_ID}/versions/2`);
    await approver.getByRole("button", { name: "Approve version 2" }).click();
    await visible(approver.getByRole("status").filter({ hasText: "Version approved" }));
    await approver.getByRole("link", { name: "Changes since v1" }).click();
    await visible(approver.getByRole("heading", { level: 1, name: "Changes in “Solar survey”" }));
    await visible(approver.getByText(/1 change from version 1 to version 2/));
    const changed = approver.getByRole("heading", { name: "Steps changed" }).locator("..");
    await visible(changed.getByText(/changed: title/));
    const inserted = await changed.locator("ins").allInnerTexts();
    expect(inserted.join(" ")).toMatch(/Opening with the reason for the call/);
    await visible(approver.locator("#node-hello").getByText("Changed step"));
    // The canvas marks the fixed step "Changed" (in words, with a legend), and the mark leads to its entry.
    const diffCanvas = approver.getByRole("group", { name: /^Canvas of version 2/ });
    const fixedNode = diffCanvas.getByRole("group", {
      name: /^Say: Opening with the reason for the call \(changed\)$/,
    });
    await visible(fixedNode.getByText("Changed", { exact: true }));
    expect(await diffCanvas.getByRole("group", { name: /\((added|removed)\)$/ }).count()).toBe(0);
    await visible(approver.getByRole("list", { name: "Legend" }).getByText("Changed step"));
    await fixedNode.getByRole("button", { name: /^Changed: show/ }).click();
    await expect.poll(() => approver.evaluate(() => document.activeElement?.id ?? "")).toBe("change-hello");

    // History and library show the new state.
    await approver.goto(`/scripts/${SCRIPT_ID}/versions`);
    const v1 = approver
      .getByRole("listitem")
      .filter({ has: approver.getByRole("link", { name: "Version 1", exact: true }) });
    await visible(v1.getByText("Rejected", { exact: true }));
    await approver.goto("/");
    await visible(approver.getByText("Approved · v2", { exact: true }));

    people.assertNoErrors();
  });
});

async function publish(page: Page, message: string, number: number): Promise<void> {
  await visible(page.getByRole("heading", { level: 1, name: new RegExp(`^Publish version ${number} of`) }));
  await page.getByLabel(/^Message/).fill(message);
  await page.getByRole("button", { name: `Publish version ${number}` }).click();
  await visible(page.getByRole("heading", { level: 1, name: new RegExp(`^Version ${number} of`) }));
}

async function visible(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: "visible" });
}
