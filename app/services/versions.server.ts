import { DomainError } from "~/domain/domain-error";
import { checkScript, type Finding } from "~/domain/graph-checks";
import type { Script } from "~/domain/script-types";
import { diffScripts, type ScriptDiff } from "~/domain/versions/diff";
import { reviewStateOf, type ReviewState } from "~/domain/versions/review-state";
import {
  approveVersion,
  assertReleasable,
  duplicateAsDraft,
  publishVersion,
  rejectVersion,
  requestReview,
  restoreAsDraft,
  reviewActionsFor,
  withdrawApproval,
  type ActionAvailability,
  type NameOf,
} from "~/domain/versions/version-rules";
import type { Actor, ScriptVersion } from "~/domain/versions/version-types";
import { ConflictError, NotFoundError, type StorageAdapter } from "~/storage/storage-adapter";
import versionSchema from "../../schemas/script-version.v1.schema.json";
import { recordAudit } from "./audit.server";
import { compileSchema, parseWith } from "./schema-validation.server";
import { getScript, newScriptId } from "./scripts.server";
import { listUsers } from "./users.server";

export type { ScriptVersion };

const validateVersion = compileSchema<ScriptVersion>(versionSchema);

/** For the schema examples test and anything reading versions from outside. */
export function isValidVersion(doc: unknown): doc is ScriptVersion {
  return validateVersion(doc);
}

export function parseVersion(doc: unknown): ScriptVersion {
  return parseWith(validateVersion, doc, "script version");
}

/** Every version of a script, newest first. */
export async function listVersions(storage: StorageAdapter, scriptId: string): Promise<ScriptVersion[]> {
  const all = await storage.list("versions");
  // Ids are "<script id>-v<n>": skip other scripts' frozen documents before validating anything.
  return all
    .filter((doc) => doc.id.startsWith(`${scriptId}-v`))
    .map(parseVersion)
    .filter((v) => v.scriptId === scriptId)
    .sort((a, b) => b.number - a.number);
}

export async function getVersion(storage: StorageAdapter, scriptId: string, number: number): Promise<ScriptVersion> {
  const doc = Number.isInteger(number) && number > 0 ? await storage.get("versions", versionIdOf(scriptId, number)) : undefined;
  if (!doc) throw new NotFoundError("versions", `${scriptId}-v${number}`, `This script has no version ${number}.`);
  return parseVersion(doc);
}

function versionIdOf(scriptId: string, number: number): string {
  return `${scriptId}-v${number}`;
}

/** The review state of every script that has versions, for the library. */
export async function reviewStatesByScript(storage: StorageAdapter): Promise<Record<string, ReviewState>> {
  const byScript = new Map<string, ScriptVersion[]>();
  for (const v of (await storage.list("versions")).map(parseVersion)) {
    const list = byScript.get(v.scriptId) ?? [];
    list.push(v);
    byScript.set(v.scriptId, list);
  }
  return Object.fromEntries([...byScript].map(([id, versions]) => [id, reviewStateOf(versions)]));
}

export async function reviewStateOfScript(storage: StorageAdapter, scriptId: string): Promise<ReviewState> {
  return reviewStateOf(await listVersions(storage, scriptId));
}

/** Display names by user id; deactivated users keep theirs so their work stays attributed. */
export async function userNames(storage: StorageAdapter): Promise<Record<string, string>> {
  return Object.fromEntries((await listUsers(storage)).map((u) => [u.id, u.displayName || u.username]));
}

function nameLookup(names: Record<string, string>): NameOf {
  return (id) => names[id] ?? id;
}

/**
 * Freezes the stored draft into the next version. `expectedDraftRevision` is the draft the writer looked at:
 * if it changed since, nothing is published (they would freeze something they have not seen).
 */
export async function publishDraft(
  storage: StorageAdapter,
  scriptId: string,
  input: { message: string; expectedDraftRevision: number },
  actor: Actor,
  now: string,
): Promise<ScriptVersion> {
  const draft = await getScript(storage, scriptId);
  if (draft.revision !== input.expectedDraftRevision) {
    throw new DomainError(
      "conflict",
      `The draft changed since you opened this page (it is now at revision ${draft.revision}, you saw ${input.expectedDraftRevision}). Look at the latest draft, then publish again. Nothing was published.`,
    );
  }
  const version = publishVersion({ draft, previous: await listVersions(storage, scriptId), message: input.message, actor, now });
  const stored = await storage.save("versions", version, 0).catch((error: unknown) => {
    if (error instanceof ConflictError) {
      throw new DomainError(
        "conflict",
        `Someone else published version ${version.number} at the same moment. Reload the history and publish again if needed.`,
      );
    }
    throw error;
  });
  await recordAudit({
    actor: actor.id,
    action: "version.published",
    object: { type: "version", id: stored.id },
    details: { scriptId, number: stored.number },
    at: now,
    storage,
  });
  return stored;
}

export type ReviewAction = "request-review" | "approve" | "reject" | "withdraw";

const AUDIT_ACTIONS: Record<ReviewAction, string> = {
  "request-review": "version.review-requested",
  approve: "version.approved",
  reject: "version.rejected",
  withdraw: "version.withdrawn",
};

/**
 * Applies one review action to a version, based on the storage revision the person saw: if anyone acted on
 * the version meanwhile (another approver, a withdrawal), the action is refused and nothing changes.
 */
export async function actOnVersion(
  storage: StorageAdapter,
  scriptId: string,
  number: number,
  action: ReviewAction,
  input: { expectedRevision: number; reason?: string },
  actor: Actor,
  now: string,
): Promise<ScriptVersion> {
  const version = await getVersion(storage, scriptId, number);
  const stale = () =>
    new DomainError(
      "conflict",
      `Version ${number} was changed by someone else while you were looking at it. Reload to see its current state; nothing was changed.`,
    );
  if (version.revision !== input.expectedRevision) throw stale();
  let next: ScriptVersion;
  let superseded: ScriptVersion[] = [];
  switch (action) {
    case "request-review":
      next = requestReview(version, actor, now);
      break;
    case "approve": {
      const result = approveVersion({ version, siblings: await listVersions(storage, scriptId), actor, now, reason: input.reason });
      next = result.approved;
      superseded = result.superseded;
      break;
    }
    case "reject":
      next = rejectVersion({ version, actor, now, reason: input.reason ?? "" });
      break;
    case "withdraw":
      next = withdrawApproval({ version, actor, now, reason: input.reason });
      break;
  }
  const saved = await storage.save("versions", next, input.expectedRevision).catch((error: unknown) => {
    throw error instanceof ConflictError ? stale() : error;
  });
  for (const older of superseded) {
    await storage.save("versions", older, older.revision);
    await recordAudit({
      actor: actor.id,
      action: "version.superseded",
      object: { type: "version", id: older.id },
      details: { scriptId, number: older.number, supersededBy: number },
      at: now,
      storage,
    });
  }
  await recordAudit({
    actor: actor.id,
    action: AUDIT_ACTIONS[action],
    object: { type: "version", id: saved.id },
    details: { scriptId, number, ...(input.reason?.trim() && action !== "request-review" ? { reason: input.reason.trim() } : {}) },
    at: now,
    storage,
  });
  return saved;
}

/** Makes a version's content the script's draft again (the draft's current content is replaced). */
export async function restoreVersion(
  storage: StorageAdapter,
  scriptId: string,
  number: number,
  expectedDraftRevision: number,
  actor: Actor,
  now: string,
): Promise<Script> {
  const version = await getVersion(storage, scriptId, number);
  const draft = await getScript(storage, scriptId);
  const restored = restoreAsDraft(version, draft, actor, now);
  const saved = await storage.save("scripts", restored, expectedDraftRevision).catch((error: unknown) => {
    if (error instanceof ConflictError) {
      throw new DomainError(
        "conflict",
        `The draft changed since you opened this page. Reload and restore version ${number} again if you still want to; nothing was changed.`,
      );
    }
    throw error;
  });
  await recordAudit({
    actor: actor.id,
    action: "version.restored",
    object: { type: "version", id: version.id },
    details: { scriptId, number },
    at: now,
    storage,
  });
  return saved;
}

/** A new script starting from the version's content. */
export async function duplicateVersion(
  storage: StorageAdapter,
  scriptId: string,
  number: number,
  actor: Actor,
  now: string,
): Promise<Script> {
  const version = await getVersion(storage, scriptId, number);
  return storage.save("scripts", duplicateAsDraft(version, actor, newScriptId(), now), 0);
}

/**
 * The approved version exports, pilots and the API may use; anything else is refused with the sentence
 * that says its state ("Version 3 of “Solar survey” was withdrawn on … by …").
 */
export async function getReleasableVersion(storage: StorageAdapter, versionId: string): Promise<ScriptVersion> {
  const doc = await storage.get("versions", versionId);
  if (!doc) throw new NotFoundError("versions", versionId, `There is no script version “${versionId}”.`);
  const version = parseVersion(doc);
  const title = (await storage.get<Script>("scripts", version.scriptId))?.title ?? version.script.title;
  assertReleasable(version, title, nameLookup(await userNames(storage)));
  return version;
}

export interface VersionPage {
  version: ScriptVersion;
  findings: Finding[];
  actions: ActionAvailability[];
  names: Record<string, string>;
  draftRevision: number;
  scriptTitle: string;
}

/** Everything the read-only version page shows, with the review actions this person may use. */
export async function loadVersionPage(
  storage: StorageAdapter,
  scriptId: string,
  number: number,
  actor: Actor,
  now: string,
): Promise<VersionPage> {
  const [draft, version, siblings, names] = await Promise.all([
    getScript(storage, scriptId),
    getVersion(storage, scriptId, number),
    listVersions(storage, scriptId),
    userNames(storage),
  ]);
  return {
    version,
    findings: checkScript(version.script),
    actions: reviewActionsFor(version, siblings, actor, now),
    names,
    draftRevision: draft.revision,
    scriptTitle: draft.title,
  };
}

/** "draft" or a version number, as in /scripts/:id/diff?from=2&to=draft. */
export type DiffSide = number | "draft";

export function parseDiffSide(value: string | null): DiffSide | undefined {
  if (value === "draft") return "draft";
  if (value && /^[1-9]\d{0,6}$/.test(value)) return Number(value);
  return undefined;
}

export async function diffSides(
  storage: StorageAdapter,
  scriptId: string,
  from: DiffSide,
  to: DiffSide,
): Promise<{ from: Script; to: Script; diff: ScriptDiff }> {
  const load = async (side: DiffSide) =>
    side === "draft" ? getScript(storage, scriptId) : (await getVersion(storage, scriptId, side)).script;
  const [a, b] = await Promise.all([load(from), load(to)]);
  return { from: a, to: b, diff: diffScripts(a, b) };
}
