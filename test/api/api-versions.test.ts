import { describe, expect, it } from "vitest";
import { revokeApiKey } from "~/services/api-keys.server";
import { actOnVersion } from "~/services/versions.server";
import { useMemoryApp } from "../support/memory-app";
import { approveDraft, bearer, useApiServer } from "./api-server";

const app = useMemoryApp();
const api = useApiServer();

describe("GET /versions/{versionId}", () => {
  it("serves an approved version with an ETag, and 304 when the dialer already has it", async () => {
    const version = await approveDraft(app.storage(), "event-invitation");
    const auth = await bearer(["scripts:read"]);
    const res = await fetch(api.url(`/versions/${version.id}`), { headers: auth });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { versionId: string; number: number; status: string; script: { id: string; nodes: unknown[] } };
    expect(body).toMatchObject({ versionId: version.id, number: 1, status: "approved" });
    expect(body.script.id).toBe("event-invitation");
    expect(body.script.nodes.length).toBeGreaterThan(3);
    const etag = res.headers.get("etag");
    expect(etag).toMatch(/^".+"$/);

    const again = await fetch(api.url(`/versions/${version.id}`), { headers: { ...auth, "If-None-Match": etag ?? "" } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
  });

  it("refuses a withdrawn version with the reason, even when it was served before", async () => {
    const version = await approveDraft(app.storage(), "event-invitation");
    const auth = await bearer(["scripts:read"]);
    expect((await fetch(api.url(`/versions/${version.id}`), { headers: auth })).status).toBe(200);
    await actOnVersion(app.storage(), "event-invitation", version.number, "withdraw", { expectedRevision: version.revision, reason: "Wrong price" }, { id: "u-approver", roles: ["approver"] }, new Date().toISOString());

    const res = await fetch(api.url(`/versions/${version.id}`), { headers: auth });
    expect(res.status).toBe(409);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(((await res.json()) as { detail: string }).detail).toMatch(/withdrawn/i);
  });

  it("refuses a version that is only published, not approved", async () => {
    const draft = await app.storage().get("scripts", "event-invitation");
    const { publishDraft } = await import("~/services/versions.server");
    const published = await publishDraft(app.storage(), "event-invitation", { message: "WIP", expectedDraftRevision: draft?.revision ?? 0 }, { id: "u-w", roles: ["writer"] }, new Date().toISOString());
    const res = await fetch(api.url(`/versions/${published.id}`), { headers: await bearer(["scripts:read"]) });
    expect(res.status).toBe(409);
  });

  it("answers 404 for an unknown version", async () => {
    const res = await fetch(api.url("/versions/no-such-v9"), { headers: await bearer(["scripts:read"]) });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/no-such-v9/);
  });
});

describe("GET /scripts and /scripts/{id}/versions", () => {
  it("lists only scripts with an approved version, and their approved versions", async () => {
    const version = await approveDraft(app.storage(), "event-invitation");
    const auth = await bearer(["scripts:read"]);
    const list = (await (await fetch(api.url("/scripts"), { headers: auth })).json()) as { scripts: { scriptId: string; latestApproved: { versionId: string } }[] };
    expect(list.scripts.map((s) => s.scriptId)).toEqual(["event-invitation"]);
    expect(list.scripts[0].latestApproved.versionId).toBe(version.id);

    const versions = (await (await fetch(api.url("/scripts/event-invitation/versions"), { headers: auth })).json()) as { versions: { number: number }[] };
    expect(versions.versions.map((v) => v.number)).toEqual([1]);
    const none = (await (await fetch(api.url("/scripts/appointment-setting/versions"), { headers: auth })).json()) as { versions: unknown[] };
    expect(none.versions).toEqual([]);
    expect((await fetch(api.url("/scripts/nope/versions"), { headers: auth })).status).toBe(404);
  });
});

describe("API keys", () => {
  it("answers 401 with a Bearer challenge without a key, for a malformed, unknown or revoked key", async () => {
    const missing = await fetch(api.url("/scripts"));
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(((await missing.json()) as { detail: string }).detail).toMatch(/needs an API key/);

    expect((await fetch(api.url("/scripts"), { headers: { Authorization: "Bearer nonsense" } })).status).toBe(401);
    const valid = await bearer(["scripts:read"]);
    const forged = valid.Authorization.slice(0, -4) + "AAAA";
    expect((await fetch(api.url("/scripts"), { headers: { Authorization: forged } })).status).toBe(401);

    const id = /spk_([a-z0-9]+)_/.exec(valid.Authorization)?.[1] ?? "";
    await revokeApiKey(id, "u-admin", new Date());
    const revoked = await fetch(api.url("/scripts"), { headers: valid });
    expect(revoked.status).toBe(401);
    expect(((await revoked.json()) as { detail: string }).detail).toMatch(/revoked/);
  });

  it("answers 403 naming the scope when the key lacks it", async () => {
    const res = await fetch(api.url("/scripts"), { headers: await bearer(["events:write"]) });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { detail: string }).detail).toMatch(/scripts:read/);
  });
});

describe("rate limiting", () => {
  const limited = useApiServer({ rateLimit: { perSecond: 1, burst: 2 } });

  it("answers 429 with Retry-After once a key used up its burst, and other keys are unaffected", async () => {
    const auth = await bearer(["scripts:read"]);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(limited.url("/scripts"), { headers: auth })).status);
    expect(statuses).toEqual([200, 200, 429]);
    const refused = await fetch(limited.url("/scripts"), { headers: auth });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect((await fetch(limited.url("/scripts"), { headers: await bearer(["scripts:read"], "Other dialer") })).status).toBe(200);
  });
});
