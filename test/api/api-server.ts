import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";
import { createApiHandler, type ApiOptions } from "~/api/v1/api-handler.server";
import { createApiKey, type ApiScope } from "~/services/api-keys.server";
import { actOnVersion, publishDraft, type ScriptVersion } from "~/services/versions.server";
import type { StorageAdapter } from "~/storage/storage-adapter";

/**
 * Serves the dialer API on a real loopback port for each test file, over whatever app context the file
 * set up (usually `useMemoryApp()`), so tests speak HTTP the way a dialer does.
 */
export function useApiServer(options: ApiOptions = {}): { url: (path: string) => string } {
  let server: Server | undefined;
  let base = "";
  beforeAll(async () => {
    const handler = createApiHandler(options);
    server = createServer((req, res) => void handler(req, res));
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });
  return { url: (path) => `${base}/api/v1${path}` };
}

/** Makes a key in the current app context and returns the `Authorization` header for it. */
export async function bearer(scopes: ApiScope[], name = "Test dialer"): Promise<{ Authorization: string }> {
  const { token } = await createApiKey({ name, scopes, createdBy: "test-admin", now: new Date() });
  return { Authorization: `Bearer ${token}` };
}

/** Publishes a script's draft and has a second person approve it, as the four-eyes rule asks. */
export async function approveDraft(storage: StorageAdapter, scriptId: string): Promise<ScriptVersion> {
  const writer = { id: "u-writer", roles: ["writer" as const] };
  const approver = { id: "u-approver", roles: ["approver" as const] };
  const now = new Date().toISOString();
  const draft = await storage.get("scripts", scriptId);
  if (!draft) throw new Error(`approveDraft: no script ${scriptId}`);
  const published = await publishDraft(storage, scriptId, { message: "Ready", expectedDraftRevision: draft.revision }, writer, now);
  const inReview = await actOnVersion(storage, scriptId, published.number, "request-review", { expectedRevision: published.revision }, writer, now);
  return actOnVersion(storage, scriptId, published.number, "approve", { expectedRevision: inReview.revision }, approver, now);
}

/** The events of one short call a dialer might send: started, connected, two steps, hung up. */
export function dialerCall(callId: string, scriptId = "event-invitation"): Record<string, unknown>[] {
  const at = (ms: number) => new Date(Date.UTC(2026, 10, 26, 9, 0, 0, ms)).toISOString();
  const base = (seq: number, type: string, offsetMs: number) => ({
    schemaVersion: 1,
    eventId: `${callId}-${seq}`,
    callId,
    seq,
    type,
    at: at(offsetMs),
    offsetMs,
  });
  return [
    { ...base(0, "call-started", 0), scriptId, source: { kind: "draft", revision: 1 }, preview: false, agent: "agent-7" },
    { ...base(1, "connected", 0) },
    { ...base(2, "step", 100), nodeId: "start" },
    { ...base(3, "step", 2000), nodeId: "opening" },
    { ...base(4, "call-ended", 9000), endedBy: "customer", nodeId: "opening", outcome: "Hung up", aaporCode: "2.12", success: false, connected: true, talkSeconds: 9 },
  ];
}
