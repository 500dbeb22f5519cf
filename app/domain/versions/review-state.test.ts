import { describe, expect, it } from "vitest";
import { minimalScript } from "../../../test/factories/script-factory";
import { assertScriptDeletable, reviewStateOf } from "./review-state";
import { approveVersion, publishVersion, requestReview } from "./version-rules";
import type { Actor, ScriptVersion } from "./version-types";

const writer: Actor = { id: "w", roles: ["writer"] };
const approver: Actor = { id: "a", roles: ["approver"] };
const T = "2026-11-26T01:00:00.000Z";

function version(number: number, status: ScriptVersion["status"]): ScriptVersion {
  const v = publishVersion({ draft: minimalScript({ id: "s", revision: number }), previous: [], message: "m", actor: writer, now: T });
  return { ...v, id: `s-v${number}`, number, status };
}

describe("reviewStateOf", () => {
  it("is a draft until something is published, then follows the latest version", () => {
    expect(reviewStateOf([])).toEqual({ status: "draft", label: "Draft" });
    expect(reviewStateOf([version(1, "in-review")]).label).toBe("In review · v1");
    expect(reviewStateOf([version(1, "approved"), version(2, "rejected")])).toEqual({
      status: "rejected",
      latestNumber: 2,
      approvedNumber: 1,
      label: "Rejected · v2 (v1 approved)",
    });
    expect(reviewStateOf([version(1, "superseded"), version(2, "approved")]).label).toBe("Approved · v2");
  });
});

describe("assertScriptDeletable", () => {
  it("refuses while a version is approved or a pilot uses one, and allows otherwise", () => {
    const approved = approveVersion({
      version: requestReview(version(1, "published"), writer, T),
      siblings: [],
      actor: approver,
      now: T,
    }).approved;
    expect(() => assertScriptDeletable("Solar", [approved], [])).toThrow(
      "“Solar” cannot be deleted: version 1 is approved. Withdraw the approval first.",
    );
    const pilot = { id: "p1", variants: [{ id: "A", versionId: "s-v2" }, { id: "B", versionId: "other-v1" }] };
    expect(() => assertScriptDeletable("Solar", [version(2, "withdrawn")], [pilot])).toThrow(
      "“Solar” cannot be deleted: a pilot uses version 2.",
    );
    expect(() => assertScriptDeletable("Solar", [version(2, "rejected")], [{ variants: [{ versionId: "x-v2" }] }])).not.toThrow();
  });
});
