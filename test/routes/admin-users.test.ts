import { describe, expect, it } from "vitest";
import { action as userAction, loader as userLoader } from "~/routes/admin.users.$id";
import { action as usersAction, loader as usersLoader } from "~/routes/admin.users._index";
import { loader as auditLoader } from "~/routes/admin.audit";
import { recordAudit, type AuditEntry } from "~/services/audit.server";
import { authenticate, type User } from "~/services/users.server";
import type { Session } from "~/types/generated/session.v1";
import { get, postForm, useMemoryApp } from "../support/memory-app";

const app = useMemoryApp();
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });
type Result = { data: Record<string, unknown> & { ok: boolean }; init?: { status?: number } };
const resultOf = (value: unknown) => value as Result;

async function audit(): Promise<AuditEntry[]> {
  return (await app.storage().list<AuditEntry>("audit")).sort((a, b) => a.id.localeCompare(b.id));
}

describe("admin: users", () => {
  it("creates a user with a one-time password they can sign in with once, then must replace", async () => {
    const admin = await app.signIn(["admin"], { username: "boss" });
    const created = resultOf(
      await usersAction(
        args(postForm("/admin/users", { username: "Anna", displayName: "Anna K", roles: "writer" }, admin)),
      ),
    );
    expect(created.data).toMatchObject({
      ok: true,
      username: "anna",
      oneTimePassword: expect.stringMatching(/^\w{4}-/),
    });
    const otp = String(created.data.oneTimePassword);
    const signIn = await authenticate(app.storage(), "anna", otp, { now: Date.now() });
    expect(signIn.ok && signIn.user).toMatchObject({ roles: ["writer"], mustChangePassword: true });
    const { users } = await usersLoader(args(get("/admin/users", admin)));
    expect(users.map((u) => u.username)).toEqual(["anna", "boss"]);
    expect(JSON.stringify(users)).not.toMatch(/scrypt/);
    const [entry] = await audit();
    expect(entry).toMatchObject({
      actor: { id: admin.user.id, username: "boss" },
      action: "user.created",
      details: { roles: ["writer"] },
    });
    expect(JSON.stringify(entry)).not.toContain(otp);
    expect(JSON.stringify(entry)).not.toContain("Anna K");
  });

  it("refuses a taken username and a missing name, keeping what was typed", async () => {
    const admin = await app.signIn(["admin"], { username: "boss" });
    const result = resultOf(
      await usersAction(
        args(postForm("/admin/users", { username: "BOSS", displayName: " ", roles: "writer" }, admin)),
      ),
    );
    expect(result.init?.status).toBe(422);
    expect(result.data).toMatchObject({
      ok: false,
      values: { username: "BOSS" },
      details: [
        { path: "username", message: "The username “boss” is already taken." },
        { path: "displayName", message: "Enter the person's name." },
      ],
    });
    expect(await app.storage().list("users")).toHaveLength(1);
  });

  it("changes roles, resets a password (ending sessions) and deactivates, auditing each", async () => {
    const admin = await app.signIn(["admin"], { username: "boss" });
    const writer = await app.signIn(["writer"], { username: "anna" });
    const id = writer.user.id;
    const post = (fields: Record<string, string>) =>
      userAction(args(postForm(`/admin/users/${id}`, fields, admin), { id }));

    const body = new URLSearchParams({ csrf: admin.csrf, intent: "roles" });
    body.append("roles", "writer");
    body.append("roles", "approver");
    const roles = resultOf(
      await userAction(
        args(
          new Request(`http://localhost/admin/users/${id}`, {
            method: "POST",
            body,
            headers: { Cookie: admin.cookie },
          }),
          { id },
        ),
      ),
    );
    expect(roles.data).toMatchObject({ ok: true, message: "Roles saved for anna." });
    expect((await app.storage().get<User>("users", id))?.roles).toEqual(["writer", "approver"]);

    const reset = resultOf(await post({ intent: "reset-password" }));
    expect(reset.data).toMatchObject({ ok: true, oneTimePassword: expect.any(String) });
    expect((await app.storage().list<Session>("sessions")).some((s) => s.userId === id)).toBe(false);
    expect(
      (await authenticate(app.storage(), "anna", String(reset.data.oneTimePassword), { now: Date.now() })).ok,
    ).toBe(true);

    expect(resultOf(await post({ intent: "deactivate" })).data).toMatchObject({ ok: true });
    expect(await userLoader(args(get(`/admin/users/${id}`, admin), { id }))).toMatchObject({
      user: { active: false },
    });
    expect(resultOf(await post({ intent: "reactivate" })).data).toMatchObject({
      ok: true,
      message: "anna can sign in again.",
    });

    expect((await audit()).map((e) => [e.action, e.object.id])).toEqual([
      ["user.roles-changed", id],
      ["user.password-reset", id],
      ["user.deactivated", id],
      ["user.reactivated", id],
    ]);
    expect((await audit())[0].details).toEqual({ from: ["writer"], to: ["writer", "approver"] });
  });

  it("will not remove the last admin, saying why, and changes nothing", async () => {
    const admin = await app.signIn(["admin"], { username: "boss" });
    const id = admin.user.id;
    for (const fields of [{ intent: "roles", roles: "writer" }, { intent: "deactivate" }] as Record<
      string,
      string
    >[]) {
      const result = resultOf(await userAction(args(postForm(`/admin/users/${id}`, fields, admin), { id })));
      expect(result.init?.status).toBe(409);
      expect(result.data.error).toMatch(/last active admin/);
    }
    expect(await app.storage().get<User>("users", id)).toMatchObject({ roles: ["admin"], active: true });
    expect(await audit()).toEqual([]);
  });

  it("answers 404 for an unknown user", async () => {
    const admin = await app.signIn(["admin"]);
    const thrown = await userLoader(args(get("/admin/users/u-nobody", admin), { id: "u-nobody" })).catch(
      (e: unknown) => e,
    );
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(404);
  });
});

describe("admin: audit log", () => {
  async function seed() {
    const storage = app.storage();
    const day = (d: number, h: number) =>
      `2026-11-${String(d).padStart(2, "0")}T${String(h).padStart(2, "0")}:00:00.000Z`;
    for (let i = 0; i < 60; i++) {
      await recordAudit({
        storage,
        actor: { id: "u-anna01", username: "anna" },
        action: "login",
        object: { type: "user", id: "u-anna01" },
        at: day(1 + (i % 20), i % 24),
      });
    }
    await recordAudit({
      storage,
      actor: { id: "u-bob001", username: "bob" },
      action: "script.deleted",
      object: { type: "script", id: "s1" },
      at: day(21, 9),
    });
    await recordAudit({
      storage,
      actor: "cli",
      action: "user.created",
      object: { type: "user", id: "u-anna01" },
      at: day(22, 9),
      details: { roles: ["writer"], password: "x", phone: "+3612345678" },
    });
  }

  it("lists newest first in pages of 50, and filters by actor, action, object and dates", async () => {
    const admin = await app.signIn(["admin"], { username: "boss" });
    await seed();
    const first = await auditLoader(args(get("/admin/audit", admin)));
    expect(first).toMatchObject({ total: 62, page: 1, pageCount: 2 });
    expect(first.entries).toHaveLength(50);
    expect(first.entries[0].action).toBe("user.created");
    const second = await auditLoader(args(get("/admin/audit?page=2", admin)));
    expect(second.entries).toHaveLength(12);

    const bob = await auditLoader(args(get("/admin/audit?actor=bob", admin)));
    expect(bob.entries.map((e) => e.object.id)).toEqual(["s1"]);
    const deleted = await auditLoader(args(get("/admin/audit?action=script.deleted", admin)));
    expect(deleted.total).toBe(1);
    const aboutAnna = await auditLoader(args(get("/admin/audit?objectType=user&objectId=u-anna01", admin)));
    expect(aboutAnna.total).toBe(61);
    const range = await auditLoader(args(get("/admin/audit?from=2026-11-20&to=2026-11-21", admin)));
    expect(range.entries.map((e) => e.at.slice(0, 10)).sort()).toEqual([
      "2026-11-20",
      "2026-11-20",
      "2026-11-20",
      "2026-11-21",
    ]);
    const bad = await auditLoader(args(get("/admin/audit?from=yesterday", admin)));
    expect(bad.badDates).toEqual(["from"]);
  });

  it("never stores password or personal-data details", async () => {
    await seed();
    const created = (await app.storage().list<AuditEntry>("audit")).find((e) => e.action === "user.created");
    expect(created?.details).toEqual({ roles: ["writer"] });
  });
});
