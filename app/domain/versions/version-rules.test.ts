import { describe, expect, it } from "vitest";
import { DomainError } from "~/domain/domain-error";
import { makeScript, minimalScript, sayNode, startNode } from "../../../test/factories/script-factory";
import {
  approveVersion,
  assertReleasable,
  describeUnreleasable,
  duplicateAsDraft,
  isReleasable,
  publishVersion,
  rejectVersion,
  requestReview,
  restoreAsDraft,
  reviewActionsFor,
  withdrawApproval,
} from "./version-rules";
import type { Actor, ScriptVersion } from "./version-types";

const T0 = "2026-11-26T01:00:00.000Z";
const T1 = "2026-11-26T02:00:00.000Z";
const T2 = "2026-11-26T03:30:00.000Z";

const writer: Actor = { id: "wendy", roles: ["writer"] };
const otherWriter: Actor = { id: "walt", roles: ["writer"] };
const approver: Actor = { id: "alice", roles: ["approver"] };
const secondApprover: Actor = { id: "arno", roles: ["approver"] };
const writerApprover: Actor = { id: "wanda", roles: ["writer", "approver"] };
const admin: Actor = { id: "adam", roles: ["admin"] };
const lead: Actor = { id: "lee", roles: ["lead"] };

const draft = minimalScript({ id: "solar", title: "Solar survey", revision: 4 });

function published(previous: ScriptVersion[] = [], by: Actor = writer, script = draft): ScriptVersion {
  return publishVersion({ draft: script, previous, message: "First cut", actor: by, now: T0 });
}

function inReview(by: Actor = writer, script = draft): ScriptVersion {
  return requestReview(published([], by, script), by, T0);
}

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error("expected a DomainError");
}

describe("publish", () => {
  it("freezes the draft as version 1 with its message, author and revision", () => {
    const v = published();
    expect(v).toMatchObject({
      id: "solar-v1",
      scriptId: "solar",
      number: 1,
      message: "First cut",
      createdBy: "wendy",
      basedOnRevision: 4,
      status: "published",
      history: [{ action: "published", by: "wendy", at: T0 }],
    });
    expect(v.script).toEqual(draft);
    expect(v.script).not.toBe(draft);
  });

  it("numbers each version one more than the highest so far", () => {
    const v1 = published();
    const v2 = publishVersion({ draft: { ...draft, revision: 7 }, previous: [v1], message: "Shorter", actor: lead, now: T1 });
    const v3 = publishVersion({ draft: { ...draft, revision: 9 }, previous: [v2, v1], message: "Again", actor: writer, now: T2 });
    expect([v2.number, v3.number]).toEqual([2, 3]);
    expect(v3.id).toBe("solar-v3");
  });

  it("refuses a draft that the latest version already holds, and an empty message", () => {
    const v1 = published();
    expect(refusal(() => published([v1])).message).toMatch(/Version 1 already holds this draft/);
    const empty = refusal(() => publishVersion({ draft, previous: [], message: "   ", actor: writer, now: T0 }));
    expect(empty.code).toBe("invalid");
    expect(empty.message).toMatch(/needs a message/);
  });

  it("is for writers and leads only", () => {
    for (const actor of [approver, admin]) {
      const error = refusal(() => published([], actor));
      expect(error.code).toBe("forbidden");
      expect(error.message).toBe("Only a writer or lead can publish a version.");
    }
  });
});

describe("review and approval", () => {
  it("moves published → in review → approved, recording who and when", () => {
    const v = inReview();
    expect(v.status).toBe("in-review");
    const { approved, superseded } = approveVersion({ version: v, siblings: [v], actor: approver, now: T1, reason: "Good" });
    expect(approved.status).toBe("approved");
    expect(approved.history.map((h) => h.action)).toEqual(["published", "review-requested", "approved"]);
    expect(approved.history[2]).toEqual({ action: "approved", by: "alice", at: T1, reason: "Good" });
    expect(superseded).toEqual([]);
    expect(isReleasable(approved)).toBe(true);
  });

  it("only approves a version that is in review", () => {
    const error = refusal(() => approveVersion({ version: published(), siblings: [], actor: approver, now: T1 }));
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(/Version 1 is published and not in review; only a version that is in review can be approved/);
  });

  it("four-eyes: the publisher cannot approve or reject their own version, even holding the approver role", () => {
    const v = inReview(writerApprover);
    const approve = refusal(() => approveVersion({ version: v, siblings: [], actor: writerApprover, now: T1 }));
    expect(approve.code).toBe("forbidden");
    expect(approve.message).toMatch(/You published version 1, so another approver must approve it \(four-eyes rule\)/);
    const reject = refusal(() => rejectVersion({ version: v, actor: writerApprover, now: T1, reason: "no" }));
    expect(reject.message).toMatch(/another approver must reject it/);
  });

  it("four-eyes: whoever requested the review cannot approve it either", () => {
    const v = requestReview(published([], writer), writerApprover, T0);
    const error = refusal(() => approveVersion({ version: v, siblings: [], actor: writerApprover, now: T1 }));
    expect(error.message).toMatch(/You asked for the review of version 1/);
    expect(approveVersion({ version: v, siblings: [], actor: approver, now: T1 }).approved.status).toBe("approved");
  });

  it("writers, leads and admins cannot approve or reject", () => {
    const v = inReview();
    for (const actor of [otherWriter, lead, admin]) {
      expect(refusal(() => approveVersion({ version: v, siblings: [], actor, now: T1 })).message).toBe(
        "Only an approver can approve a version.",
      );
      expect(refusal(() => rejectVersion({ version: v, actor, now: T1, reason: "x" })).code).toBe("forbidden");
    }
  });

  it("a version with graph-check errors cannot be approved, and the errors are listed by node", () => {
    const broken = makeScript({ id: "solar", revision: 2, nodes: [startNode(), sayNode("hello", "Hi")], edges: [] });
    const v = inReview(writer, broken);
    const error = refusal(() => approveVersion({ version: v, siblings: [], actor: approver, now: T1 }));
    expect(error.code).toBe("conflict");
    expect(error.message).toMatch(/^Version 1 has \d+ check errors?; a version can be approved only without errors/);
    expect(error.details.length).toBeGreaterThan(0);
    expect(error.details.some((d) => d.nodeId === "hello" || d.nodeId === "start")).toBe(true);
    // Rejecting it is still possible.
    expect(rejectVersion({ version: v, actor: approver, now: T1, reason: "Dead end" }).status).toBe("rejected");
  });

  it("rejection needs a reason and records it", () => {
    const v = inReview();
    expect(refusal(() => rejectVersion({ version: v, actor: approver, now: T1, reason: " " })).message).toMatch(
      /needs a reason/,
    );
    const rejected = rejectVersion({ version: v, actor: approver, now: T1, reason: "Opening is too long" });
    expect(rejected.history.at(-1)).toEqual({ action: "rejected", by: "alice", at: T1, reason: "Opening is too long" });
    expect(refusal(() => requestReview(rejected, writer, T2)).code).toBe("conflict");
  });

  it("a second approver acting on a version already decided is refused (state changed)", () => {
    const v = inReview();
    const { approved } = approveVersion({ version: v, siblings: [], actor: approver, now: T1 });
    const late = refusal(() => rejectVersion({ version: approved, actor: secondApprover, now: T1, reason: "No" }));
    expect(late.code).toBe("conflict");
    expect(late.message).toMatch(/Version 1 is approved; only a version that is in review can be rejected/);
  });
});

describe("supersede and withdraw", () => {
  function approvedV(number: number, revision: number, previous: ScriptVersion[]): ScriptVersion {
    const p = publishVersion({ draft: { ...draft, revision }, previous, message: `v${number}`, actor: writer, now: T0 });
    const r = requestReview(p, writer, T0);
    return approveVersion({ version: r, siblings: previous, actor: approver, now: T1 }).approved;
  }

  it("approving a later version supersedes the earlier approved one", () => {
    const v1 = approvedV(1, 1, []);
    const v2 = requestReview(
      publishVersion({ draft: { ...draft, revision: 2 }, previous: [v1], message: "v2", actor: writer, now: T1 }),
      writer,
      T1,
    );
    const { approved, superseded } = approveVersion({ version: v2, siblings: [v1, v2], actor: secondApprover, now: T2 });
    expect(approved.status).toBe("approved");
    expect(superseded).toHaveLength(1);
    expect(superseded[0]).toMatchObject({ id: "solar-v1", status: "superseded" });
    expect(superseded[0].history.at(-1)).toEqual({ action: "superseded", by: "arno", at: T2, supersededBy: 2 });
    expect(isReleasable(superseded[0])).toBe(false);
    expect(describeUnreleasable(superseded[0], "Solar survey")).toBe(
      "Version 1 of “Solar survey” was superseded by version 2 on 2026-11-26 03:30 UTC; use the approved version instead.",
    );
  });

  it("an older version cannot be approved over a newer approved one", () => {
    const p1 = requestReview(published(), writer, T0);
    const v2 = approvedV(2, 8, [p1]);
    const error = refusal(() => approveVersion({ version: p1, siblings: [p1, v2], actor: secondApprover, now: T2 }));
    expect(error.message).toMatch(/Version 2 is already approved, so the older version 1 cannot be approved/);
  });

  it("an approver or admin withdraws an approval; the version is then refused with who and when", () => {
    const v1 = approvedV(1, 1, []);
    expect(refusal(() => withdrawApproval({ version: v1, actor: writer, now: T2 })).message).toBe(
      "Only an approver or admin can withdraw an approval.",
    );
    const withdrawn = withdrawApproval({ version: v1, actor: admin, now: T2, reason: "Legal asked" });
    expect(withdrawn.status).toBe("withdrawn");
    expect(isReleasable(withdrawn)).toBe(false);
    const names: Record<string, string> = { adam: "Adam Admin" };
    expect(describeUnreleasable(withdrawn, "Solar survey", (id) => names[id] ?? id)).toBe(
      "Version 1 of “Solar survey” was withdrawn on 2026-11-26 03:30 UTC by Adam Admin: Legal asked.",
    );
    const error = refusal(() => assertReleasable(withdrawn, "Solar survey"));
    expect(error.code).toBe("conflict");
    expect(refusal(() => withdrawApproval({ version: withdrawn, actor: approver, now: T2 })).code).toBe("conflict");
    expect(withdrawApproval({ version: v1, actor: approver, now: T2 }).status).toBe("withdrawn");
  });

  it("says why unapproved states are not releasable", () => {
    expect(describeUnreleasable(published(), "Solar survey")).toBe(
      "Version 1 of “Solar survey” is not approved: it was published on 2026-11-26 01:00 UTC by wendy and has not been sent for review.",
    );
    expect(describeUnreleasable(inReview(), "Solar survey")).toMatch(/is not approved yet: it has been in review since/);
    const rejected = rejectVersion({ version: inReview(), actor: approver, now: T1, reason: "Too long" });
    expect(describeUnreleasable(rejected, "Solar survey")).toBe(
      "Version 1 of “Solar survey” was rejected on 2026-11-26 02:00 UTC by alice: Too long.",
    );
  });
});

describe("restore and duplicate", () => {
  it("restores a version's content as the draft, keeping the draft's id and revision", () => {
    const v1 = published();
    const current = { ...draft, title: "Changed later", revision: 12 };
    const restored = restoreAsDraft(v1, current, writer, T2);
    expect(restored).toMatchObject({ id: "solar", title: "Solar survey", revision: 12, updatedAt: T2 });
    expect(restored.nodes).toEqual(v1.script.nodes);
    expect(refusal(() => restoreAsDraft(v1, current, approver, T2)).code).toBe("forbidden");
  });

  it("duplicates a version into a new script", () => {
    const copy = duplicateAsDraft(published(), lead, "copy1", T2);
    expect(copy).toMatchObject({ id: "copy1", title: "Solar survey (from version 1)", revision: 0, createdAt: T2 });
  });
});

describe("reviewActionsFor", () => {
  it("lists only the actions a role may use, with why each is refused now", () => {
    const v = inReview();
    expect(reviewActionsFor(v, [v], otherWriter, T1)).toEqual([
      { action: "request-review", refusal: expect.stringMatching(/is in review/) },
    ]);
    const forApprover = reviewActionsFor(v, [v], approver, T1);
    expect(forApprover.map((a) => a.action)).toEqual(["approve", "reject", "withdraw"]);
    expect(forApprover.find((a) => a.action === "approve")?.refusal).toBeUndefined();
    const own = reviewActionsFor(inReview(writerApprover), [], writerApprover, T1);
    expect(own.find((a) => a.action === "approve")?.refusal).toMatch(/four-eyes/);
  });
});
