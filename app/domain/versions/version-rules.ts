import { DomainError } from "../domain-error";
import { checkScript } from "../graph-checks";
import { copyScript } from "../script-factory";
import type { Script } from "../script-types";
import {
  STATUS_LABELS,
  VERSION_ACTION_ROLES,
  type Actor,
  type HistoryEntry,
  type ScriptVersion,
  type VersionAction,
} from "./version-types";

export const MAX_MESSAGE_LENGTH = 500;
export const MAX_REASON_LENGTH = 2000;

/** Names a user in a sentence; the service passes display names, tests may pass ids through. */
export type NameOf = (userId: string) => string;

const byId: NameOf = (id) => id;

/**
 * Freezes the draft into the next numbered version. The number is one more than the highest so far (the
 * service stores it under an id made from the number, so two writers publishing at once cannot both get it).
 */
export function publishVersion(input: {
  draft: Script;
  previous: readonly ScriptVersion[];
  message: string;
  actor: Actor;
  now: string;
}): ScriptVersion {
  const { draft, previous, actor, now } = input;
  requireRole(actor, "publish", "publish a version");
  const message = cleanText(input.message, "message", "A version needs a message saying what changed", MAX_MESSAGE_LENGTH);
  const latest = latestVersion(previous);
  if (latest && latest.basedOnRevision === draft.revision) {
    throw new DomainError(
      "conflict",
      `Version ${latest.number} already holds this draft (revision ${draft.revision}). Change the draft before publishing again.`,
    );
  }
  const number = (latest?.number ?? 0) + 1;
  return {
    schemaVersion: 1,
    id: versionId(draft.id, number),
    scriptId: draft.id,
    number,
    message,
    createdBy: actor.id,
    createdAt: now,
    basedOnRevision: draft.revision,
    script: structuredClone(draft),
    status: "published",
    history: [{ action: "published", by: actor.id, at: now }],
    revision: 0,
  };
}

export function versionId(scriptId: string, number: number): string {
  return `${scriptId}-v${number}`;
}

/** The writer hands a published version to the approvers. */
export function requestReview(version: ScriptVersion, actor: Actor, now: string): ScriptVersion {
  requireRole(actor, "request-review", "request a review");
  requireStatus(version, ["published"], "sent for review");
  return transition(version, "in-review", { action: "review-requested", by: actor.id, at: now });
}

/**
 * Approves a version in review. Four-eyes: never by whoever published it or asked for its review. The frozen
 * script must pass the graph checks without errors, and an older version cannot overtake an approved newer
 * one. Returns the approved version and the previously approved ones it supersedes.
 */
export function approveVersion(input: {
  version: ScriptVersion;
  siblings: readonly ScriptVersion[];
  actor: Actor;
  now: string;
  reason?: string;
}): { approved: ScriptVersion; superseded: ScriptVersion[] } {
  const { version, siblings, actor, now } = input;
  requireRole(actor, "approve", "approve a version");
  requireStatus(version, ["in-review"], "approved");
  requireFourEyes(version, actor, "approve");
  const errors = checkScript(version.script).filter((f) => f.severity === "error");
  if (errors.length > 0) {
    throw new DomainError(
      "conflict",
      `Version ${version.number} has ${errors.length} check error${errors.length === 1 ? "" : "s"}; a version can be approved only without errors. Fix the draft and publish a new version.`,
      errors.map((f) => ({ path: f.nodeId ? `node ${f.nodeId}` : "the script", message: f.message, nodeId: f.nodeId })),
    );
  }
  const others = siblings.filter((s) => s.scriptId === version.scriptId && s.id !== version.id);
  const newer = others.find((s) => s.status === "approved" && s.number > version.number);
  if (newer) {
    throw new DomainError(
      "conflict",
      `Version ${newer.number} is already approved, so the older version ${version.number} cannot be approved. Reject it, or restore it as the draft and publish it again.`,
    );
  }
  const reason = optionalText(input.reason, "reason", MAX_REASON_LENGTH);
  const approved = transition(version, "approved", { action: "approved", by: actor.id, at: now, ...(reason ? { reason } : {}) });
  const superseded = others
    .filter((s) => s.status === "approved")
    .map((s) =>
      transition(s, "superseded", { action: "superseded", by: actor.id, at: now, supersededBy: version.number }),
    );
  return { approved, superseded };
}

/** Rejects a version in review; the reason is what the writer will fix, so it is required. */
export function rejectVersion(input: {
  version: ScriptVersion;
  actor: Actor;
  now: string;
  reason: string;
}): ScriptVersion {
  const { version, actor, now } = input;
  requireRole(actor, "reject", "reject a version");
  requireStatus(version, ["in-review"], "rejected");
  requireFourEyes(version, actor, "reject");
  const reason = cleanText(input.reason, "reason", "A rejection needs a reason the writer can act on", MAX_REASON_LENGTH);
  return transition(version, "rejected", { action: "rejected", by: actor.id, at: now, reason });
}

/** Takes an approval back; exports and pilots refuse the version from then on. */
export function withdrawApproval(input: {
  version: ScriptVersion;
  actor: Actor;
  now: string;
  reason?: string;
}): ScriptVersion {
  const { version, actor, now } = input;
  requireRole(actor, "withdraw", "withdraw an approval");
  requireStatus(version, ["approved"], "withdrawn");
  const reason = optionalText(input.reason, "reason", MAX_REASON_LENGTH);
  return transition(version, "withdrawn", { action: "withdrawn", by: actor.id, at: now, ...(reason ? { reason } : {}) });
}

/**
 * The version's script as the script's draft again: same script id and creation time, and the draft's current
 * revision so that saving it is refused if the draft changed meanwhile.
 */
export function restoreAsDraft(version: ScriptVersion, draft: Script, actor: Actor, now: string): Script {
  requireRole(actor, "restore", "restore a version as the draft");
  return {
    ...structuredClone(version.script),
    id: draft.id,
    createdAt: draft.createdAt,
    revision: draft.revision,
    updatedAt: now,
  };
}

/** A new script (new id, revision 0) starting from the version's content. */
export function duplicateAsDraft(version: ScriptVersion, actor: Actor, newId: string, now: string): Script {
  requireRole(actor, "duplicate", "duplicate a version");
  const title = `${version.script.title} (from version ${version.number})`;
  return copyScript(version.script, { id: newId, now, title: title.length > 200 ? version.script.title : title });
}

/** Only an approved version may reach a dialer, an agent desktop, an export or a pilot. */
export function isReleasable(version: ScriptVersion): boolean {
  return version.status === "approved";
}

/** The sentence that says why a version is refused, e.g. "Version 3 of “Solar survey” was withdrawn on … by …". */
export function describeUnreleasable(version: ScriptVersion, scriptTitle: string, nameOf: NameOf = byId): string {
  const which = `Version ${version.number} of “${scriptTitle}”`;
  const entry = (action: HistoryEntry["action"]) => lastEntry(version, action);
  const when = (e: HistoryEntry | undefined) => (e ? ` on ${formatWhen(e.at)} by ${nameOf(e.by)}` : "");
  const why = (e: HistoryEntry | undefined) => (e?.reason ? `: ${e.reason}` : "");
  switch (version.status) {
    case "approved":
      return `${which} is approved${when(entry("approved"))}.`;
    case "published":
      return `${which} is not approved: it was published${when(entry("published"))} and has not been sent for review.`;
    case "in-review":
      return `${which} is not approved yet: it has been in review since ${formatWhen(entry("review-requested")?.at ?? version.createdAt)}.`;
    case "rejected":
      return `${which} was rejected${when(entry("rejected"))}${why(entry("rejected"))}.`;
    case "withdrawn":
      return `${which} was withdrawn${when(entry("withdrawn"))}${why(entry("withdrawn"))}.`;
    case "superseded": {
      const e = entry("superseded");
      const by = e?.supersededBy ? ` by version ${e.supersededBy}` : "";
      return `${which} was superseded${by}${e ? ` on ${formatWhen(e.at)}` : ""}; use the approved version instead.`;
    }
  }
}

/** Throws the sentence of describeUnreleasable unless the version is approved. */
export function assertReleasable(version: ScriptVersion, scriptTitle: string, nameOf: NameOf = byId): void {
  if (!isReleasable(version)) throw new DomainError("conflict", describeUnreleasable(version, scriptTitle, nameOf));
}

export interface ActionAvailability {
  action: VersionAction;
  /** Undefined when the actor may do it now; otherwise why not. */
  refusal?: string;
}

/**
 * The review actions the actor's roles allow on this version, each with the reason it is refused right now
 * (wrong state, four-eyes, check errors), so the page shows what a person may do and why not. The rules
 * themselves run again on the server when the form is posted.
 */
export function reviewActionsFor(
  version: ScriptVersion,
  siblings: readonly ScriptVersion[],
  actor: Actor,
  now: string,
): ActionAvailability[] {
  const attempts: [VersionAction, () => unknown][] = [
    ["request-review", () => requestReview(version, actor, now)],
    ["approve", () => approveVersion({ version, siblings, actor, now })],
    ["reject", () => rejectVersion({ version, actor, now, reason: "-" })],
    ["withdraw", () => withdrawApproval({ version, actor, now })],
  ];
  const out: ActionAvailability[] = [];
  for (const [action, attempt] of attempts) {
    if (!hasRole(actor, action)) continue;
    try {
      attempt();
      out.push({ action });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      out.push({ action, refusal: error.message });
    }
  }
  return out;
}

export function hasRole(actor: Actor, action: VersionAction): boolean {
  return VERSION_ACTION_ROLES[action].some((role) => actor.roles.includes(role));
}

export function latestVersion(versions: readonly ScriptVersion[]): ScriptVersion | undefined {
  let latest: ScriptVersion | undefined;
  for (const v of versions) if (!latest || v.number > latest.number) latest = v;
  return latest;
}

export function lastEntry(version: ScriptVersion, action: HistoryEntry["action"]): HistoryEntry | undefined {
  for (let i = version.history.length - 1; i >= 0; i--) if (version.history[i].action === action) return version.history[i];
  return undefined;
}

/** "2026-11-26 01:10 UTC": readable without a clock or locale (the page shows local times itself). */
export function formatWhen(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : iso;
}

function transition(version: ScriptVersion, status: ScriptVersion["status"], entry: HistoryEntry): ScriptVersion {
  return { ...version, status, history: [...version.history, entry] };
}

const ROLE_WORDS: Record<VersionAction, string> = {
  publish: "a writer or lead",
  "request-review": "a writer or lead",
  approve: "an approver",
  reject: "an approver",
  withdraw: "an approver or admin",
  restore: "a writer or lead",
  duplicate: "a writer or lead",
};

function requireRole(actor: Actor, action: VersionAction, doing: string): void {
  if (!hasRole(actor, action)) throw new DomainError("forbidden", `Only ${ROLE_WORDS[action]} can ${doing}.`);
}

const STATE_PHRASES: Record<ScriptVersion["status"], string> = {
  published: "published and not in review",
  "in-review": "in review",
  approved: "approved",
  rejected: "rejected",
  withdrawn: "withdrawn",
  superseded: "superseded",
};

function requireStatus(version: ScriptVersion, allowed: ScriptVersion["status"][], becoming: string): void {
  if (allowed.includes(version.status)) return;
  const need = allowed.map((s) => STATUS_LABELS[s].toLowerCase()).join(" or ");
  throw new DomainError(
    "conflict",
    `Version ${version.number} is ${STATE_PHRASES[version.status]}; only a version that is ${need} can be ${becoming}. Nothing was changed.`,
  );
}

function requireFourEyes(version: ScriptVersion, actor: Actor, verb: "approve" | "reject"): void {
  if (version.createdBy === actor.id) {
    throw new DomainError(
      "forbidden",
      `You published version ${version.number}, so another approver must ${verb} it (four-eyes rule).`,
    );
  }
  if (lastEntry(version, "review-requested")?.by === actor.id) {
    throw new DomainError(
      "forbidden",
      `You asked for the review of version ${version.number}, so another approver must ${verb} it (four-eyes rule).`,
    );
  }
}

function cleanText(value: string, field: string, emptyMessage: string, max: number): string {
  const clean = value.trim();
  if (!clean) throw new DomainError("invalid", `${emptyMessage}.`, [{ path: field, message: "is empty" }]);
  if (clean.length > max) {
    throw new DomainError("invalid", `The ${field} is too long (${clean.length} characters; at most ${max}).`, [
      { path: field, message: `has more than ${max} characters` },
    ]);
  }
  return clean;
}

function optionalText(value: string | undefined, field: string, max: number): string | undefined {
  if (value === undefined || !value.trim()) return undefined;
  return cleanText(value, field, "", max);
}
