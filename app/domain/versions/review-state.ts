import { DomainError } from "../domain-error";
import { latestVersion } from "./version-rules";
import { STATUS_LABELS, type ScriptVersion, type VersionStatus } from "./version-types";

/** What the library and the editor show about a script's versions. */
export interface ReviewState {
  /** "draft" when nothing was published yet, else the latest version's state. */
  status: VersionStatus | "draft";
  latestNumber?: number;
  /** The version that may be released now, if any (it may be older than the latest). */
  approvedNumber?: number;
  /** "Draft", "In review · v3", "Approved · v2", "Rejected · v3 (v2 approved)". */
  label: string;
}

export function reviewStateOf(versions: readonly ScriptVersion[]): ReviewState {
  const latest = latestVersion(versions);
  if (!latest) return { status: "draft", label: "Draft" };
  const approved = versions.find((v) => v.status === "approved");
  const extra = approved && approved.number !== latest.number ? ` (v${approved.number} approved)` : "";
  return {
    status: latest.status,
    latestNumber: latest.number,
    ...(approved ? { approvedNumber: approved.number } : {}),
    label: `${STATUS_LABELS[latest.status]} · v${latest.number}${extra}`,
  };
}

/**
 * Refuses to delete a script whose versions someone depends on: an approved version (a dialer or desktop
 * may be using it) or a version a pilot compares. Versions nobody relies on go with the script.
 */
export function assertScriptDeletable(
  title: string,
  versions: readonly ScriptVersion[],
  pilots: readonly unknown[],
): void {
  const approved = versions.find((v) => v.status === "approved");
  if (approved) {
    throw new DomainError(
      "conflict",
      `“${title}” cannot be deleted: version ${approved.number} is approved. Withdraw the approval first.`,
    );
  }
  const ids = new Set(versions.map((v) => v.id));
  const used = new Set<string>();
  for (const pilot of pilots) for (const id of versionIdsIn(pilot)) if (ids.has(id)) used.add(id);
  if (used.size > 0) {
    const numbers = versions.filter((v) => used.has(v.id)).map((v) => v.number).sort((a, b) => a - b);
    throw new DomainError(
      "conflict",
      `“${title}” cannot be deleted: a pilot uses version${numbers.length === 1 ? "" : "s"} ${numbers.join(", ")}.`,
    );
  }
}

/** Every `versionId` anywhere in a document (pilots name theirs in their variants). */
function versionIdsIn(doc: unknown, out: string[] = []): string[] {
  if (Array.isArray(doc)) for (const item of doc) versionIdsIn(item, out);
  else if (typeof doc === "object" && doc !== null) {
    for (const [key, value] of Object.entries(doc)) {
      if (key === "versionId" && typeof value === "string") out.push(value);
      else versionIdsIn(value, out);
    }
  }
  return out;
}
