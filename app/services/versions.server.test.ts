import { beforeEach, describe, expect, it } from "vitest";
import { DomainError } from "~/domain/domain-error";
import type { Script } from "~/domain/script-types";
import type { Actor } from "~/domain/versions/version-types";
import { createMemoryAdapter } from "~/storage/memory-adapter";
import type { StorageAdapter } from "~/storage/storage-adapter";
import { edge, minimalScript, sayNode } from "../../test/factories/script-factory";
import type { AuditEntry } from "./audit.server";
import { deleteScript } from "./scripts.server";
import { createThread, listThreads, replyToThread, resolveThread } from "./comments.server";
import {
  actOnVersion,
  diffSides,
  getReleasableVersion,
  getVersion,
  listVersions,
  publishDraft,
  restoreVersion,
} from "./versions.server";

const writer: Actor = { id: "wendy", roles: ["writer"] };
const approver: Actor = { id: "alice", roles: ["approver"] };
const approver2: Actor = { id: "arno", roles: ["approver"] };
const admin: Actor = { id: "adam", roles: ["admin"] };
const T = "2026-11-26T01:00:00.000Z";

let storage: StorageAdapter;

beforeEach(async () => {
  storage = createMemoryAdapter({ scripts: [minimalScript({ id: "solar", title: "Solar survey", revision: 3 })] });
});

async function draft(): Promise<Script> {
  const doc = await storage.get<Script>("scripts", "solar");
  if (!doc) throw new Error("fixture");
  return doc;
}

async function editDraft(text: string): Promise<void> {
  const d = await draft();
  d.nodes[1] = sayNode("hello", text);
  await storage.save("scripts", d, d.revision);
}

async function refused(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

async function publishAndApprove(message: string) {
  const v = await publishDraft(storage, "solar", { message, expectedDraftRevision: (await draft()).revision }, writer, T);
  const r = await actOnVersion(storage, "solar", v.number, "request-review", { expectedRevision: v.revision }, writer, T);
  return actOnVersion(storage, "solar", v.number, "approve", { expectedRevision: r.revision }, approver, T);
}

describe("versions service", () => {
  it("publishes the stored draft, audits it, and refuses a draft that changed since the writer looked", async () => {
    const v1 = await publishDraft(storage, "solar", { message: "First", expectedDraftRevision: 3 }, writer, T);
    expect(v1).toMatchObject({ id: "solar-v1", number: 1, basedOnRevision: 3, status: "published" });
    const audit = await storage.list<AuditEntry>("audit");
    expect(audit.map((a) => [a.action, a.object.id])).toEqual([["version.published", "solar-v1"]]);
    await editDraft("Changed");
    const stale = await refused(publishDraft(storage, "solar", { message: "Second", expectedDraftRevision: 3 }, writer, T));
    expect(stale.code).toBe("conflict");
    expect(stale.message).toMatch(/The draft changed since you opened this page/);
    expect(await listVersions(storage, "solar")).toHaveLength(1);
  });

  it("two approvers acting at once: the second is refused and nothing changes", async () => {
    const v = await publishDraft(storage, "solar", { message: "First", expectedDraftRevision: 3 }, writer, T);
    const r = await actOnVersion(storage, "solar", 1, "request-review", { expectedRevision: v.revision }, writer, T);
    // Both saw the version at the same revision.
    await actOnVersion(storage, "solar", 1, "approve", { expectedRevision: r.revision }, approver, T);
    const second = await refused(
      actOnVersion(storage, "solar", 1, "reject", { expectedRevision: r.revision, reason: "No" }, approver2, T),
    );
    expect(second.code).toBe("conflict");
    expect(second.message).toMatch(/was changed by someone else/);
    const stored = await getVersion(storage, "solar", 1);
    expect(stored.status).toBe("approved");
    expect(stored.history.map((h) => h.action)).toEqual(["published", "review-requested", "approved"]);
  });

  it("approving v2 supersedes v1; withdrawing v2 makes getReleasableVersion refuse with the sentence", async () => {
    await publishAndApprove("First");
    await editDraft("Hello, this is Anna from Solar.");
    const v2 = await publishAndApprove("Shorter");
    expect((await getVersion(storage, "solar", 1)).status).toBe("superseded");
    expect((await getReleasableVersion(storage, "solar-v2")).number).toBe(2);
    const v1Refusal = await refused(getReleasableVersion(storage, "solar-v1"));
    expect(v1Refusal.message).toMatch(/^Version 1 of “Solar survey” was superseded by version 2/);
    await actOnVersion(storage, "solar", 2, "withdraw", { expectedRevision: v2.revision, reason: "Legal review" }, admin, T);
    const refusal = await refused(getReleasableVersion(storage, "solar-v2"));
    expect(refusal.code).toBe("conflict");
    expect(refusal.message).toBe("Version 2 of “Solar survey” was withdrawn on 2026-11-26 01:00 UTC by adam: Legal review.");
    const actions = (await storage.list<AuditEntry>("audit")).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(["version.approved", "version.superseded", "version.withdrawn", "version.review-requested"]),
    );
  });

  it("restores a version as the draft and diffs versions against the draft", async () => {
    await publishDraft(storage, "solar", { message: "First", expectedDraftRevision: 3 }, writer, T);
    await editDraft("Completely different words");
    const { diff } = await diffSides(storage, "solar", 1, "draft");
    expect(diff.nodes.changed.map((n) => n.nodeId)).toEqual(["hello"]);
    const current = await draft();
    const restored = await restoreVersion(storage, "solar", 1, current.revision, writer, T);
    expect(restored.nodes).toEqual((await getVersion(storage, "solar", 1)).script.nodes);
    expect(restored.revision).toBe(current.revision + 1);
    expect((await diffSides(storage, "solar", 1, "draft")).diff.total).toBe(0);
    const stale = await refused(restoreVersion(storage, "solar", 1, current.revision, writer, T));
    expect(stale.message).toMatch(/The draft changed since you opened this page/);
  });

  it("refuses to approve a version with check errors, listing them", async () => {
    const d = await draft();
    d.edges = [edge("start", "next", "hello")];
    await storage.save("scripts", d, d.revision);
    const v = await publishDraft(storage, "solar", { message: "Broken", expectedDraftRevision: d.revision + 1 }, writer, T);
    const r = await actOnVersion(storage, "solar", 1, "request-review", { expectedRevision: v.revision }, writer, T);
    const error = await refused(actOnVersion(storage, "solar", 1, "approve", { expectedRevision: r.revision }, approver, T));
    expect(error.message).toMatch(/check error/);
    expect(error.details.length).toBeGreaterThan(0);
    expect((await getVersion(storage, "solar", 1)).status).toBe("in-review");
  });
});

describe("deleting a script", () => {
  it("is refused while a version is approved, and takes unreleased versions and threads with it", async () => {
    const approved = await publishAndApprove("First");
    const blocked = await refused(deleteScript(storage, "solar"));
    expect(blocked.message).toBe("“Solar survey” cannot be deleted: version 1 is approved. Withdraw the approval first.");
    expect(await storage.get("scripts", "solar")).toBeDefined();
    await actOnVersion(storage, "solar", 1, "withdraw", { expectedRevision: approved.revision }, approver, T);
    await createThread(storage, "solar", { versionNumber: 1, body: "Note" }, approver, T);
    await deleteScript(storage, "solar");
    expect(await storage.list("versions")).toEqual([]);
    expect(await storage.list("comments")).toEqual([]);
  });
});

describe("comments service", () => {
  it("threads on a version's step, with replies and resolve; unknown steps are refused", async () => {
    await publishDraft(storage, "solar", { message: "First", expectedDraftRevision: 3 }, writer, T);
    const t = await createThread(storage, "solar", { versionNumber: 1, nodeId: "hello", body: "Too abrupt" }, approver, T);
    await replyToThread(storage, "solar", t.id, "Softened", writer, T);
    await resolveThread(storage, "solar", t.id, true, writer, T);
    const [stored] = await listThreads(storage, "solar", 1);
    expect(stored).toMatchObject({ nodeId: "hello", resolved: true, resolvedBy: "wendy", replies: [{ body: "Softened" }] });
    expect(await listThreads(storage, "solar", undefined)).toEqual([]);
    const bad = await refused(createThread(storage, "solar", { versionNumber: 1, nodeId: "nope", body: "x" }, approver, T));
    expect(bad.message).toMatch(/There is no step “nope”/);
  });
});
