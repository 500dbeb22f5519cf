// Pushes an export to a dialer's URL, signed per Standard Webhooks (https://www.standardwebhooks.com/):
// `webhook-id`, `webhook-timestamp` and `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`
// keyed with the base64 secret after `whsec_`. The same id is sent on every retry so the receiver can
// deduplicate; each attempt is signed afresh with its own timestamp.
import { createHmac, randomUUID } from "node:crypto";
import type { ExportResult } from "../../plugins/sdk";
import { DomainError } from "~/domain/domain-error";
import type { StorageAdapter } from "~/storage/storage-adapter";
import {
  byteLength,
  recordExport,
  runExport,
  type ExportLogEntry,
  type RunExportInput,
} from "./exports.server";
import { PluginRunError } from "./plugin-runner.server";

export interface WebhookTarget {
  url: string;
  /** `whsec_` followed by the base64 key, as Standard Webhooks libraries print it. */
  secret: string;
}

export interface DeliveryAttempt {
  attempt: number;
  at: string;
  status?: number;
  error?: string;
}

export interface DeliveryReport {
  webhookId: string;
  delivered: boolean;
  status?: number;
  attempts: DeliveryAttempt[];
  /** One sentence for the person who asked for the delivery. */
  summary: string;
}

export interface DeliveryOptions {
  fetch?: typeof fetch;
  /** Waits between attempts; tests pass one that records the delays instead of waiting. */
  sleep?: (ms: number) => Promise<void>;
  clock?: () => Date;
  /** Attempts in all, the first included (default 5). */
  maxAttempts?: number;
  /** Delay before the first retry; doubled for each further one (default 1 s, so 1, 2, 4, 8 s). */
  baseDelayMs?: number;
  /** Per attempt (default 10 s); a slow receiver counts as a failed attempt and is retried. */
  timeoutMs?: number;
  webhookId?: string;
}

const SECRET_PREFIX = "whsec_";

/** The Standard Webhooks signature header value for one attempt. */
export function signWebhook(secret: string, webhookId: string, timestamp: number, body: Uint8Array): string {
  const key = Buffer.from(
    secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret,
    "base64",
  );
  const mac = createHmac("sha256", key).update(`${webhookId}.${timestamp}.`).update(body).digest("base64");
  return `v1,${mac}`;
}

/** A webhook target as a person entered it: an http(s) URL and a whsec_ secret of at least 24 bytes. */
export function checkWebhookTarget(target: WebhookTarget): void {
  let url: URL;
  try {
    url = new URL(target.url);
  } catch {
    throw new DomainError("invalid", `The webhook URL “${target.url}” is not a valid URL.`, [
      { path: "url", message: "is not a URL" },
    ]);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new DomainError(
      "invalid",
      "The webhook URL must start with https:// (or http:// on a private network).",
      [{ path: "url", message: "is not http(s)" }],
    );
  }
  const key = target.secret.startsWith(SECRET_PREFIX)
    ? Buffer.from(target.secret.slice(SECRET_PREFIX.length), "base64")
    : Buffer.alloc(0);
  if (key.length < 24) {
    throw new DomainError(
      "invalid",
      "The webhook secret must be whsec_ followed by at least 24 bytes in base64.",
      [{ path: "secret", message: "is too short or not whsec_…" }],
    );
  }
}

/** 5xx, 408, 429 and network failures or timeouts may pass on a later try; other 4xx will not. */
function retryable(status: number | undefined): boolean {
  return status === undefined || status >= 500 || status === 408 || status === 429;
}

export async function deliverWebhook(
  target: WebhookTarget,
  result: ExportResult,
  options: DeliveryOptions = {},
): Promise<DeliveryReport> {
  checkWebhookTarget(target);
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const clock = options.clock ?? (() => new Date());
  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 1_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const webhookId = options.webhookId ?? `msg_${randomUUID().replace(/-/g, "")}`;
  const body = typeof result.body === "string" ? new TextEncoder().encode(result.body) : result.body;
  const attempts: DeliveryAttempt[] = [];

  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (attempt > 1) await sleep(baseDelayMs * 2 ** (attempt - 2));
    const now = clock();
    const timestamp = Math.floor(now.getTime() / 1000);
    let status: number | undefined;
    let error: string | undefined;
    try {
      const response = await doFetch(target.url, {
        method: "POST",
        headers: {
          "content-type": result.mediaType,
          "webhook-id": webhookId,
          "webhook-timestamp": String(timestamp),
          "webhook-signature": signWebhook(target.secret, webhookId, timestamp, body),
          "user-agent": "ScriptPilot-Webhooks/1",
        },
        // A copy typed over a plain ArrayBuffer, which is what fetch accepts as a body.
        body: new Uint8Array(body),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: "manual",
      });
      status = response.status;
      await response.body?.cancel();
    } catch (e) {
      error =
        e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError")
          ? `no answer within ${timeoutMs / 1000} s`
          : (e as Error).message;
    }
    attempts.push({
      attempt,
      at: now.toISOString(),
      ...(status !== undefined ? { status } : {}),
      ...(error ? { error } : {}),
    });
    if (status !== undefined && status >= 200 && status < 300) {
      return {
        webhookId,
        delivered: true,
        status,
        attempts,
        summary: `Delivered to ${host(target.url)} (HTTP ${status}) after ${plural(attempt, "attempt")}.`,
      };
    }
    if (!retryable(status)) {
      return {
        webhookId,
        delivered: false,
        status,
        attempts,
        summary: `${host(target.url)} refused the delivery with HTTP ${status}; not retried.`,
      };
    }
  }
  const last = attempts[attempts.length - 1];
  const why = last?.status !== undefined ? `HTTP ${last.status}` : (last?.error ?? "no answer");
  return {
    webhookId,
    delivered: false,
    ...(last?.status !== undefined ? { status: last.status } : {}),
    attempts,
    summary: `Could not deliver to ${host(target.url)} after ${plural(maxAttempts, "attempt")} (last: ${why}).`,
  };
}

function host(url: string): string {
  return new URL(url).host;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/**
 * Exports a version through a plugin and pushes the file to the webhook, logging one `exports` entry with
 * the delivery's outcome (the URL without its query, which may carry a token).
 */
export async function deliverAndLog(
  storage: StorageAdapter,
  input: RunExportInput & { actor: string; target: WebhookTarget; delivery?: DeliveryOptions },
): Promise<{ report: DeliveryReport; entry: ExportLogEntry }> {
  checkWebhookTarget(input.target);
  const base = {
    at: input.now,
    actor: input.actor,
    scriptId: input.version.scriptId,
    versionId: input.version.versionId,
    versionNumber: input.version.number,
    pluginId: input.pluginId,
    draft: input.version.draft === true,
  };
  const url = new URL(input.target.url);
  const where = `${url.origin}${url.pathname}`;
  let output: Awaited<ReturnType<typeof runExport>>;
  try {
    output = await runExport(input);
  } catch (error) {
    const code = error instanceof PluginRunError || error instanceof DomainError ? error.code : "crashed";
    await recordExport(storage, {
      ...base,
      result: "error",
      error: (error as Error).message,
      errorCode: code,
      delivery: { url: where, attempts: 0, delivered: false },
    });
    throw error;
  }
  const report = await deliverWebhook(input.target, output.result, input.delivery);
  const entry = await recordExport(storage, {
    ...base,
    ...(output.plugin.manifest ? { pluginVersion: output.plugin.manifest.version } : {}),
    result: report.delivered ? "ok" : "error",
    filename: output.result.filename,
    bytes: byteLength(output.result),
    ...(report.delivered ? {} : { error: report.summary, errorCode: "delivery-failed" }),
    delivery: {
      url: where,
      attempts: report.attempts.length,
      ...(report.status !== undefined ? { status: report.status } : {}),
      delivered: report.delivered,
    },
  });
  return { report, entry };
}
