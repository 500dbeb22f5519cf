import { describe, expect, it } from "vitest";
import { action, loader } from "~/routes/admin.api-keys";
import { checkApiKey } from "~/services/api-keys.server";
import type { AuditEntry } from "~/services/audit.server";
import { get, postForm, thrownResponse, useMemoryApp } from "../support/memory-app";

const app = useMemoryApp();
const args = (request: Request) => ({ request, params: {}, context: {} });
type Result = { data: Record<string, unknown> & { ok: boolean }; init?: { status?: number } };
const resultOf = (value: unknown) => value as Result;

describe("admin: API keys", () => {
  it("makes a key whose token is shown once and works, lists it without its hash, and revokes it", async () => {
    const admin = await app.signIn(["admin"]);
    const made = resultOf(
      await action(args(postForm("/admin/api-keys", { intent: "create", name: "Acme dialer", scopes: "events:write" }, admin))),
    );
    expect(made.data).toMatchObject({ ok: true, intent: "create", name: "Acme dialer" });
    const token = String(made.data.token);
    expect(await checkApiKey(token, new Date())).toMatchObject({ ok: true, key: { scopes: ["events:write"] } });

    const { keys } = await loader(args(get("/admin/api-keys", admin)));
    expect(keys).toHaveLength(1);
    expect(JSON.stringify(keys)).not.toMatch(/secretHash|spk_/);

    const revoked = resultOf(await action(args(postForm("/admin/api-keys", { intent: "revoke", id: keys[0].id }, admin))));
    expect(revoked.data).toMatchObject({ ok: true, intent: "revoke" });
    expect(await checkApiKey(token, new Date())).toEqual({ ok: false, reason: "revoked" });

    const audit = await app.storage().list<AuditEntry>("audit");
    expect(audit.map((e) => e.action).sort()).toEqual(["api-key.created", "api-key.revoked", "api-key.used"]);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it("refuses a key without scopes or name, with the reason, and makes nothing", async () => {
    const admin = await app.signIn(["admin"]);
    const noScopes = resultOf(await action(args(postForm("/admin/api-keys", { intent: "create", name: "X" }, admin))));
    expect(noScopes.init?.status).toBe(422);
    expect(noScopes.data.error).toMatch(/at least one scope/);
    const noName = resultOf(await action(args(postForm("/admin/api-keys", { intent: "create", name: " ", scopes: "scripts:read" }, admin))));
    expect(noName.data.error).toMatch(/name/);
    expect(await app.storage().list("apiKeys")).toEqual([]);
  });

  it("is for admins only", async () => {
    const writer = await app.signIn(["writer", "lead", "approver"]);
    expect((await thrownResponse(loader(args(get("/admin/api-keys", writer))))).status).toBe(403);
    const refused = await thrownResponse(
      action(args(postForm("/admin/api-keys", { intent: "create", name: "X", scopes: "scripts:read" }, writer))),
    );
    expect(refused.status).toBe(403);
    expect(await app.storage().list("apiKeys")).toEqual([]);
  });
});
