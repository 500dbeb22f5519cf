// Webhook targets (`webhookTargets` collection): named dialer URLs admins set up once, so people who export
// pick a name instead of pasting URLs and secrets. Deliveries run in the background (retries can take
// seconds); while one runs its progress lives in this process and the page polls it, and when it ends the
// export log holds the lasting record (deliverAndLog).
import { randomBytes, randomUUID } from "node:crypto";
import webhookTargetSchema from "../../schemas/webhook-target.v1.schema.json";
import type { ExportableVersion } from "../../plugins/sdk";
import { DomainError } from "~/domain/domain-error";
import type { StorageAdapter } from "~/storage/storage-adapter";
import type { WebhookTarget } from "~/types/generated/webhook-target.v1";
import { recordAudit } from "./audit.server";
import type { RegisteredPlugin } from "./plugin-registry.server";
import { compileSchema, parseWith } from "./schema-validation.server";
import { deliverAndLog, deliverWebhook, type DeliveryAttempt, type DeliveryOptions } from "./webhooks.server";

export type { WebhookTarget };

const validateTarget = compileSchema<WebhookTarget>(webhookTargetSchema);

export function isWebhookTargetDocument(doc: unknown): doc is WebhookTarget {
  return validateTarget(doc);
}

/** https anywhere; plain http only to this machine (a receiver under test), never across a network. */
export function urlProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return `“${raw}” is not a URL; enter one like https://dialer.example.com/hooks.`;
  }
  if (url.protocol === "https:") return undefined;
  const local = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  if (url.protocol === "http:" && local) return undefined;
  return url.protocol === "http:"
    ? "Use https:// for a webhook URL: plain http is allowed only for localhost."
    : `A webhook URL must start with https:// (this one starts with ${url.protocol}//).`;
}

export async function listWebhookTargets(storage: StorageAdapter): Promise<WebhookTarget[]> {
  const docs = await storage.list("webhookTargets");
  return docs.filter(isWebhookTargetDocument).sort((a, b) => a.name.localeCompare(b.name));
}

export async function getWebhookTarget(storage: StorageAdapter, id: string): Promise<WebhookTarget> {
  const doc = await storage.get("webhookTargets", id);
  if (!doc) throw new DomainError("not-found", "That webhook target no longer exists.");
  return parseWith(validateTarget, doc, "webhook target");
}

export interface NewTargetInput {
  name: string;
  url: string;
  pluginId?: string;
  config?: Record<string, unknown>;
}

/** Makes a target with a fresh signing secret, returned once for the admin to copy into the receiver. */
export async function createWebhookTarget(
  storage: StorageAdapter,
  input: NewTargetInput,
  admin: { id: string; username?: string },
  now: string,
): Promise<{ target: WebhookTarget; secret: string }> {
  const name = input.name.trim();
  const url = input.url.trim();
  const details = [
    ...(name ? [] : [{ path: "name", message: "Give the target a name, e.g. the dialer's." }]),
    ...(urlProblem(url) ? [{ path: "url", message: urlProblem(url) ?? "" }] : []),
  ];
  if (details.length > 0) throw new DomainError("invalid", details.map((d) => d.message).join(" "), details);
  const secret = `whsec_${randomBytes(24).toString("base64")}`;
  const target = parseWith(
    validateTarget,
    {
      schemaVersion: 1,
      id: `wh_${randomBytes(6).toString("hex")}`,
      revision: 0,
      name,
      url,
      secret,
      active: true,
      ...(input.pluginId ? { pluginId: input.pluginId } : {}),
      ...(input.pluginId && input.config ? { config: input.config } : {}),
      createdBy: admin.id,
      createdAt: now,
    },
    "webhook target",
  );
  const saved = await storage.save("webhookTargets", target, 0);
  await recordAudit({
    storage,
    actor: admin,
    action: "webhook-target.created",
    object: { type: "webhook-target", id: saved.id },
    details: { url: redactedUrl(url) },
    at: now,
  });
  return { target: saved, secret };
}

export async function setWebhookTargetActive(
  storage: StorageAdapter,
  id: string,
  active: boolean,
  admin: { id: string; username?: string },
  now: string,
): Promise<WebhookTarget> {
  const target = await getWebhookTarget(storage, id);
  const { disabledAt: _at, disabledBy: _by, ...rest } = target;
  const next: WebhookTarget = active ? { ...rest, active } : { ...rest, active, disabledAt: now, disabledBy: admin.id };
  const saved = await storage.save("webhookTargets", next, target.revision);
  await recordAudit({
    storage,
    actor: admin,
    action: active ? "webhook-target.enabled" : "webhook-target.disabled",
    object: { type: "webhook-target", id },
    at: now,
  });
  return saved;
}

export async function deleteWebhookTarget(
  storage: StorageAdapter,
  id: string,
  admin: { id: string; username?: string },
  now: string,
): Promise<WebhookTarget> {
  const target = await getWebhookTarget(storage, id);
  await storage.delete("webhookTargets", id, target.revision);
  await recordAudit({
    storage,
    actor: admin,
    action: "webhook-target.deleted",
    object: { type: "webhook-target", id },
    at: now,
  });
  return target;
}

/** What the pages show about a delivery while (and shortly after) it runs. */
export interface DeliveryProgress {
  id: string;
  targetId: string;
  targetName: string;
  scriptId: string;
  versionNumber: number;
  pluginId: string;
  actor: string;
  startedAt: string;
  state: "delivering" | "delivered" | "failed";
  attempts: DeliveryAttempt[];
  summary?: string;
  /** The export log entry, once written. */
  entryId?: string;
}

const progress = new Map<string, DeliveryProgress>();
const KEEP_FINISHED = 200;

/** Deliveries of this process, newest first; optionally for one script version or one target. */
export function listDeliveryProgress(filter: { scriptId?: string; versionNumber?: number; targetId?: string } = {}) {
  return [...progress.values()]
    .filter(
      (p) =>
        (!filter.scriptId || p.scriptId === filter.scriptId) &&
        (filter.versionNumber === undefined || p.versionNumber === filter.versionNumber) &&
        (!filter.targetId || p.targetId === filter.targetId),
    )
    .sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

export interface StartDeliveryInput {
  plugins: readonly RegisteredPlugin[];
  pluginId: string;
  version: ExportableVersion;
  config: Record<string, unknown>;
  now: string;
  actor: string;
  /** Tests shorten the backoff; the defaults (5 attempts, 1-8 s apart) suit real receivers. */
  delivery?: DeliveryOptions;
}

/**
 * Starts delivering to a target and returns at once with the progress record; `done` settles when the
 * retries are over and the export log entry is written (never rejects: failures end up in the record).
 */
export function startDelivery(
  storage: StorageAdapter,
  target: WebhookTarget,
  input: StartDeliveryInput,
): { delivery: DeliveryProgress; done: Promise<DeliveryProgress> } {
  if (!target.active) {
    throw new DomainError("invalid", `The webhook target “${target.name}” is disabled; ask an admin to enable it.`);
  }
  const record: DeliveryProgress = {
    id: randomUUID(),
    targetId: target.id,
    targetName: target.name,
    scriptId: input.version.scriptId,
    versionNumber: input.version.number,
    pluginId: input.pluginId,
    actor: input.actor,
    startedAt: input.now,
    state: "delivering",
    attempts: [],
  };
  progress.set(record.id, record);
  trimFinished();
  const watchedFetch = watchAttempts(record, input.delivery?.fetch ?? fetch);
  const done = deliverAndLog(storage, {
    plugins: input.plugins,
    pluginId: input.pluginId,
    version: input.version,
    config: input.config,
    now: input.now,
    actor: input.actor,
    target: { url: target.url, secret: target.secret },
    delivery: { ...input.delivery, fetch: watchedFetch },
  }).then(
    ({ report, entry }) => {
      record.attempts = report.attempts;
      record.state = report.delivered ? "delivered" : "failed";
      record.summary = report.summary;
      record.entryId = entry.id;
      return record;
    },
    (error: unknown) => {
      record.state = "failed";
      record.summary = error instanceof Error ? error.message : "The delivery failed.";
      return record;
    },
  );
  return { delivery: record, done };
}

// Each attempt shows on the page as it happens, not only when all retries are over.
function watchAttempts(record: DeliveryProgress, baseFetch: typeof fetch): typeof fetch {
  return async (url, init) => {
    const attempt: DeliveryAttempt = { attempt: record.attempts.length + 1, at: new Date().toISOString() };
    record.attempts.push(attempt);
    try {
      const response = await baseFetch(url, init);
      attempt.status = response.status;
      return response;
    } catch (error) {
      attempt.error = error instanceof Error ? error.message : String(error);
      throw error;
    }
  };
}

/**
 * Sends a small signed `scriptpilot.test` message (no script content) so an admin can check the receiver
 * verifies signatures; runs in the background like a real delivery but is not an export, so it is not in
 * the export log.
 */
export function startTestDelivery(
  target: WebhookTarget,
  actor: string,
  now: string,
  delivery: DeliveryOptions = {},
): { delivery: DeliveryProgress; done: Promise<DeliveryProgress> } {
  const record: DeliveryProgress = {
    id: randomUUID(),
    targetId: target.id,
    targetName: target.name,
    scriptId: "",
    versionNumber: 0,
    pluginId: "test message",
    actor,
    startedAt: now,
    state: "delivering",
    attempts: [],
  };
  progress.set(record.id, record);
  trimFinished();
  const body = JSON.stringify({ type: "scriptpilot.test", targetId: target.id, sentAt: now });
  const done = deliverWebhook(
    { url: target.url, secret: target.secret },
    { filename: "test.json", mediaType: "application/json", body },
    { ...delivery, fetch: watchAttempts(record, delivery.fetch ?? fetch) },
  ).then(
    (report) => {
      record.attempts = report.attempts;
      record.state = report.delivered ? "delivered" : "failed";
      record.summary = report.summary;
      return record;
    },
    (error: unknown) => {
      record.state = "failed";
      record.summary = error instanceof Error ? error.message : "The test delivery failed.";
      return record;
    },
  );
  return { delivery: record, done };
}

function trimFinished(): void {
  const finished = [...progress.values()].filter((p) => p.state !== "delivering");
  for (const p of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) progress.delete(p.id);
}

/** Origin and path only: a query string may carry a receiver's token. */
export function redactedUrl(raw: string): string {
  const url = new URL(raw);
  return `${url.origin}${url.pathname}`;
}
