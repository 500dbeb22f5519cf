import { describe, expect, it } from "vitest";
import type { Script } from "~/domain/script-types";
import { loader as rootLoader } from "~/root";
import { action as loginAction, loader as loginLoader } from "~/routes/login";
import { action as logoutAction } from "~/routes/logout";
import { action as renameAction } from "~/routes/scripts.$id.rename";
import { action as documentAction } from "~/routes/scripts.$id.document";
import { loader as libraryLoader } from "~/routes/_index";
import { action as setupAction, loader as setupLoader } from "~/routes/setup";
import { action as adminUserAction } from "~/routes/admin.users.$id";
import { loader as passwordLoader } from "~/routes/account.password";
import { getOptionalUser, IDLE_TIMEOUT_MS, requireUser } from "~/services/auth.server";
import type { AuditEntry } from "~/services/audit.server";
import type { Session } from "~/types/generated/session.v1";
import { asUser, get, postForm, TEST_PASSWORD, thrownResponse, useMemoryApp } from "../support/memory-app";

const app = useMemoryApp();
const args = (
  request: Request,
  params: Record<string, string> = {},
  context: Record<string, unknown> = {},
) => ({
  request,
  params,
  context,
});

/** Runs the root loader as a browser's first visit would: returns the sign-in form token and the cookie. */
async function anonymousForm(): Promise<{ csrf: string; cookie: string }> {
  const result = (await rootLoader(args(get("/login")))) as unknown as {
    data: { csrfToken: string };
    init?: { headers?: Record<string, string> };
  };
  const setCookie = result.init?.headers?.["Set-Cookie"] ?? "";
  return { csrf: result.data.csrfToken, cookie: setCookie.split(";")[0] };
}

function loginRequest(form: { csrf: string; cookie: string }, fields: Record<string, string>): Request {
  return new Request("http://localhost/login", {
    method: "POST",
    headers: { Cookie: form.cookie },
    body: new URLSearchParams({ csrf: form.csrf, next: "/", ...fields }),
  });
}

const resultOf = (value: unknown) =>
  value as { data: { error: string }; init?: { status?: number; headers?: Record<string, string> } };

async function auditActions(): Promise<string[]> {
  const entries = await app.storage().list<AuditEntry>("audit");
  return entries.sort((a, b) => a.id.localeCompare(b.id)).map((e) => e.action);
}

describe("first-run setup", () => {
  it("sends every page to /setup while no account exists, creates the admin once, then is gone", async () => {
    const library = await thrownResponse(libraryLoader(args(get("/"))));
    expect(library.headers.get("Location")).toBe("/setup");
    await expect(thrownResponse(loginLoader(args(get("/login"))))).resolves.toHaveProperty("status", 302);
    expect(await setupLoader(args(get("/setup")))).toBeNull();

    const form = await anonymousForm();
    const fields = {
      username: "Boss",
      displayName: "The Boss",
      password: "a long admin password",
      confirm: "a long admin password",
      roles: "writer",
    };
    const request = new Request("http://localhost/setup", {
      method: "POST",
      headers: { Cookie: form.cookie },
      body: new URLSearchParams({ csrf: form.csrf, ...fields }),
    });
    const response = (await setupAction(args(request))) as Response;
    expect(response.status).toBe(302);
    const cookie = response.headers.get("Set-Cookie")!;
    expect(cookie).toMatch(/^sp_session=.+; Path=\/; HttpOnly; SameSite=Lax$/);
    const admin = await getOptionalUser(
      get("/", {
        cookie: cookie.split(";")[0],
        csrf: "",
        user: { id: "", username: "", displayName: "", roles: [] },
      }),
    );
    expect(admin).toMatchObject({ username: "boss", roles: ["writer", "admin"] });

    const again = await thrownResponse(setupLoader(args(get("/setup"))));
    expect(again.headers.get("Location")).toBe("/login");
    const second = new Request("http://localhost/setup", {
      method: "POST",
      headers: { Cookie: form.cookie },
      body: new URLSearchParams({ csrf: form.csrf, ...fields, username: "intruder" }),
    });
    await thrownResponse(setupAction(args(second)));
    expect(await app.storage().list("users")).toHaveLength(1);
    expect(await auditActions()).toEqual(["setup"]);
  });

  it("refuses mismatched passwords and a short one, creating nothing", async () => {
    const form = await anonymousForm();
    const post = (password: string, confirm: string) =>
      new Request("http://localhost/setup", {
        method: "POST",
        headers: { Cookie: form.cookie },
        body: new URLSearchParams({
          csrf: form.csrf,
          username: "boss",
          displayName: "Boss",
          password,
          confirm,
        }),
      });
    const mismatch = resultOf(await setupAction(args(post("a long admin password", "another long one"))));
    expect(mismatch.init?.status).toBe(422);
    const short = resultOf(await setupAction(args(post("short", "short"))));
    expect(JSON.stringify(short.data)).toMatch(/at least 10 characters/);
    expect(await app.storage().list("users")).toHaveLength(0);
  });
});

describe("sign in and out", () => {
  it("signs in with the right password, returns to `next`, and records the login", async () => {
    const user = await app.createTestUser(["writer"], { username: "anna" });
    const form = await anonymousForm();
    const response = (await loginAction(
      args(loginRequest(form, { username: "anna", password: TEST_PASSWORD, next: "/scripts/x" })),
    )) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/scripts/x");
    const cookie = response.headers.get("Set-Cookie")!.split(";")[0];
    expect(
      await getOptionalUser(new Request("http://localhost/", { headers: { Cookie: cookie } })),
    ).toMatchObject({ id: user.id });
    expect(await auditActions()).toEqual(["login"]);
  });

  it("refuses a wrong password with a message and records the failure without the typed text", async () => {
    const user = await app.createTestUser(["writer"], { username: "anna" });
    const form = await anonymousForm();
    const result = resultOf(
      await loginAction(args(loginRequest(form, { username: "anna", password: "my secret guess" }))),
    );
    expect(result.init?.status).toBe(401);
    expect(result.data.error).toBe("The username or password is not right. Check both and try again.");
    const unknown = resultOf(
      await loginAction(args(loginRequest(form, { username: "my secret guess", password: "x" }))),
    );
    expect(unknown.data.error).toBe(result.data.error);
    const entries = await app.storage().list<AuditEntry>("audit");
    expect(entries.map((e) => e.object.id).sort()).toEqual([user.id, "unknown"].sort());
    expect(JSON.stringify(entries)).not.toMatch(/my secret guess/);
  });

  it("locks after five failures with a 429 that says when to retry", async () => {
    await app.createTestUser(["writer"], { username: "anna" });
    const form = await anonymousForm();
    for (let i = 0; i < 5; i++)
      await loginAction(
        args(loginRequest(form, { username: "anna", password: "wrong" }), {}, { clientAddress: "10.1.1.1" }),
      );
    const locked = resultOf(
      await loginAction(args(loginRequest(form, { username: "anna", password: TEST_PASSWORD }))),
    );
    expect(locked.init?.status).toBe(429);
    expect(locked.init?.headers?.["Retry-After"]).toMatch(/^(29|30)$/);
    expect(locked.data.error).toMatch(/Too many failed sign-ins\. Try again in 30 seconds\./);
  });

  it("refuses a sign-in form without this browser's token (login CSRF)", async () => {
    await app.createTestUser(["writer"], { username: "anna" });
    const form = await anonymousForm();
    const other = await anonymousForm();
    for (const forged of [
      { ...form, csrf: other.csrf },
      { ...form, csrf: "" },
      { csrf: form.csrf, cookie: "" },
    ]) {
      const result = resultOf(
        await loginAction(args(loginRequest(forged, { username: "anna", password: TEST_PASSWORD }))),
      );
      expect(result.init?.status).toBe(403);
      expect(result.data.error).toMatch(/security token is missing or out of date/);
    }
    expect(await app.storage().list("sessions")).toHaveLength(0);
  });

  it("refuses a deactivated account", async () => {
    await app.createTestUser(["writer"], { username: "gone", active: false });
    const result = resultOf(
      await loginAction(
        args(loginRequest(await anonymousForm(), { username: "gone", password: TEST_PASSWORD })),
      ),
    );
    expect(result.data.error).toMatch(/deactivated/);
  });

  it("signs out: the session record is gone and the cookie no longer works", async () => {
    const writer = await app.signIn(["writer"]);
    const response = (await logoutAction(args(postForm("/logout", {}, writer)))) as Response;
    expect(response.headers.get("Location")).toBe("/login");
    expect(response.headers.get("Set-Cookie")).toMatch(
      /^sp_session=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0/,
    );
    expect(await app.storage().list("sessions")).toHaveLength(0);
    expect(await getOptionalUser(get("/", writer))).toBeNull();
    expect(await auditActions()).toEqual(["logout"]);
  });
});

describe("CSRF on state-changing requests", () => {
  async function renameWith(fields: Record<string, string>, cookie: string) {
    const [script] = await app.storage().list<Script>("scripts");
    const request = new Request(`http://localhost/scripts/${script.id}/rename`, {
      method: "POST",
      headers: { Cookie: cookie },
      body: new URLSearchParams({ title: "Hijacked", revision: String(script.revision), ...fields }),
    });
    return { script, result: renameAction(args(request, { id: script.id })) };
  }

  it.each([
    ["missing", {}],
    ["forged", { csrf: "x".repeat(43) }],
    ["empty", { csrf: "" }],
  ])("refuses a %s token with 403 and changes nothing", async (_what, fields) => {
    const writer = await app.signIn(["writer"]);
    const { script, result } = await renameWith(fields, writer.cookie);
    const response = await thrownResponse(result);
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/security token is missing or out of date.*nothing was changed/);
    expect((await app.storage().get<Script>("scripts", script.id))?.title).toBe(script.title);
  });

  it("refuses another user's token", async () => {
    const writer = await app.signIn(["writer"]);
    const other = await app.signIn(["writer"], { username: "other" });
    const response = await thrownResponse((await renameWith({ csrf: other.csrf }, writer.cookie)).result);
    expect(response.status).toBe(403);
  });

  it("accepts the form field and still lets the action read the form", async () => {
    const writer = await app.signIn(["writer"]);
    const { script, result } = await renameWith({ csrf: writer.csrf }, writer.cookie);
    expect(((await result) as Response).status).toBe(302);
    expect((await app.storage().get<Script>("scripts", script.id))?.title).toBe("Hijacked");
  });

  it("refuses an autosave without the X-CSRF-Token header as problem+json", async () => {
    const writer = await app.signIn(["writer"]);
    const [script] = await app.storage().list<Script>("scripts");
    const request = new Request(`http://localhost/scripts/${script.id}/document`, {
      method: "PUT",
      headers: { "Content-Type": "application/json", Cookie: writer.cookie },
      body: JSON.stringify({ baseRevision: script.revision, script: { ...script, title: "X" } }),
    });
    const response = await thrownResponse(documentAction(args(request, { id: script.id })));
    expect(response.status).toBe(403);
    expect(response.headers.get("Content-Type")).toBe("application/problem+json");
    expect((await response.json()).detail).toMatch(/security token/);
  });
});

describe("sessions", () => {
  it("a signed-out fetch wanting JSON gets 401 problem+json, a page gets a redirect to sign in", async () => {
    await app.createTestUser(["admin"], { username: "boss" });
    const api = await thrownResponse(
      requireUser(
        new Request("http://localhost/scripts/x/document", { headers: { Accept: "application/json" } }),
      ),
    );
    expect(api.status).toBe(401);
    expect(api.headers.get("Content-Type")).toBe("application/problem+json");
    const page = await thrownResponse(requireUser(get("/scripts/x?tab=paths")));
    expect(page.headers.get("Location")).toBe(`/login?next=${encodeURIComponent("/scripts/x?tab=paths")}`);
  });

  it("ends a session idle for longer than the limit", async () => {
    const writer = await app.signIn(["writer"]);
    const [session] = await app.storage().list<Session>("sessions");
    const stale = new Date(Date.now() - IDLE_TIMEOUT_MS - 60_000).toISOString();
    await app.storage().save("sessions", { ...session, lastSeenAt: stale }, session.revision);
    const response = await thrownResponse(requireUser(get("/", writer)));
    expect(response.headers.get("Location")).toMatch(/^\/login\?next=/);
    expect(await app.storage().list("sessions")).toHaveLength(0);
  });

  it("a new sign-in sweeps away sessions idle past the limit, keeping live ones", async () => {
    const idle = await app.signIn(["writer"], { username: "idle" });
    const live = await app.signIn(["writer"], { username: "live" });
    const [stale] = (await app.storage().list<Session>("sessions")).filter((s) => s.userId === idle.user.id);
    const old = new Date(Date.now() - IDLE_TIMEOUT_MS - 60_000).toISOString();
    await app.storage().save("sessions", { ...stale, lastSeenAt: old }, stale.revision);
    await app.signIn(["writer"], { username: "newcomer" });
    const left = (await app.storage().list<Session>("sessions")).map((s) => s.userId);
    expect(left).not.toContain(idle.user.id);
    expect(left).toContain(live.user.id);
  });

  it("refuses a cookie whose signature was tampered with", async () => {
    const writer = await app.signIn(["writer"]);
    const tampered = { ...writer, cookie: writer.cookie.replace(/.$/, (c) => (c === "A" ? "B" : "A")) };
    expect(await getOptionalUser(get("/", tampered))).toBeNull();
  });

  it("deactivating a user ends their sessions at once; their account record stays", async () => {
    const admin = await app.signIn(["admin"], { username: "boss" });
    const writer = await app.signIn(["writer"], { username: "anna" });
    await adminUserAction(
      args(postForm(`/admin/users/${writer.user.id}`, { intent: "deactivate" }, admin), {
        id: writer.user.id,
      }),
    );
    expect(await getOptionalUser(get("/", writer))).toBeNull();
    expect(await app.storage().get("users", writer.user.id)).toMatchObject({
      active: false,
      username: "anna",
    });
    expect((await app.storage().list<Session>("sessions")).map((s) => s.userId)).toEqual([admin.user.id]);
  });

  it("sends someone with a one-time password to choose their own before anything else", async () => {
    const writer = await app.signIn(["writer"]);
    const user = await app.storage().get<{ id: string; revision: number }>("users", writer.user.id);
    await app.storage().save("users", { ...user!, mustChangePassword: true }, user!.revision);
    const response = await thrownResponse(libraryLoader(args(get("/?q=x", writer))));
    expect(response.headers.get("Location")).toBe(`/account/password?next=${encodeURIComponent("/?q=x")}`);
    expect(await passwordLoader(args(get("/account/password", writer)))).toMatchObject({ mustChange: true });
  });

  it("asUser helper signs a JSON request (test support works as routes expect)", async () => {
    const writer = await app.signIn(["lead"]);
    expect(
      await requireUser(asUser(new Request("http://localhost/x", { method: "DELETE" }), writer), "writer"),
    ).toMatchObject({
      roles: ["writer", "lead"],
    });
  });
});
