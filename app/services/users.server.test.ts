import { describe, expect, it } from "vitest";
import { createMemoryAdapter } from "~/storage/memory-adapter";
import {
  authenticate,
  createUser,
  generateOneTimePassword,
  hashPassword,
  resetLoginThrottle,
  setActive,
  setRoles,
  verifyPassword,
} from "./users.server";

describe("password hashing", () => {
  it("stores scrypt parameters, a per-user salt and the key; verifies only the right password", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]{86}==$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("correct");
    expect(await verifyPassword("correct horse battery", a)).toBe(true);
    expect(await verifyPassword("correct horse batterY", a)).toBe(false);
    expect(await verifyPassword("", a)).toBe(false);
  });

  it("treats composed and decomposed accents as the same password", async () => {
    const hash = await hashPassword("caf\u00e9-au-lait-42");
    expect(await verifyPassword("cafe\u0301-au-lait-42", hash)).toBe(true);
  });

  it("refuses a malformed stored hash instead of throwing", async () => {
    expect(await verifyPassword("anything", "plain-text")).toBe(false);
    expect(await verifyPassword("anything", "scrypt$0$8$1$c2FsdA==$a2V5")).toBe(false);
  });

  it("makes readable one-time passwords that pass the policy", () => {
    const otp = generateOneTimePassword();
    expect(otp).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
    expect(generateOneTimePassword()).not.toBe(otp);
  });
});

describe("accounts", () => {
  const now = "2026-11-26T00:00:00.000Z";
  const newUser = { displayName: "Anna K", password: "correct horse battery", createdBy: "setup" };

  it("creates a user with lower-case username and never exposes the hash", async () => {
    const storage = createMemoryAdapter();
    const user = await createUser(storage, { ...newUser, username: " Anna.K ", roles: ["writer"] }, now);
    expect(user).toMatchObject({ username: "anna.k", roles: ["writer"], active: true });
    expect(Object.keys(user)).not.toContain("passwordHash");
  });

  it("refuses a taken username, a short password and an unknown role, naming each field", async () => {
    const storage = createMemoryAdapter();
    await createUser(storage, { ...newUser, username: "anna", roles: [] }, now);
    const error = await createUser(
      storage,
      { ...newUser, username: "ANNA", password: "short", roles: ["boss"] },
      now,
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "invalid",
      details: [
        { path: "username", message: "The username “anna” is already taken." },
        { path: "password", message: expect.stringMatching(/at least 10/) },
        { path: "roles", message: "“boss” is not a role." },
      ],
    });
    expect(await storage.list("users")).toHaveLength(1);
  });

  it("never leaves the app without an active admin", async () => {
    const storage = createMemoryAdapter();
    const admin = await createUser(storage, { ...newUser, username: "root", roles: ["admin"] }, now);
    await expect(setRoles(storage, admin.id, ["writer"])).rejects.toThrow(/last active admin/);
    await expect(setActive(storage, admin.id, false, now)).rejects.toThrow(/last active admin/);
    const second = await createUser(storage, { ...newUser, username: "second", roles: ["admin"] }, now);
    await setActive(storage, admin.id, false, now);
    await expect(setActive(storage, second.id, false, now)).rejects.toThrow(/last active admin/);
  });
});

describe("authenticate", () => {
  const now = 1_800_000_000_000;

  async function withUser() {
    resetLoginThrottle();
    const storage = createMemoryAdapter();
    const user = await createUser(
      storage,
      {
        username: "anna",
        displayName: "Anna",
        password: "correct horse battery",
        roles: ["writer"],
        createdBy: "setup",
      },
      new Date(now).toISOString(),
    );
    return { storage, user };
  }

  it("accepts the right password and refuses a wrong one or an unknown user with the same message", async () => {
    const { storage } = await withUser();
    expect((await authenticate(storage, "Anna", "correct horse battery", { now })).ok).toBe(true);
    const wrong = await authenticate(storage, "anna", "wrong password!", { now });
    const unknown = await authenticate(storage, "nobody", "wrong password!", { now });
    expect(wrong).toMatchObject({ ok: false, reason: "invalid" });
    expect(unknown).toMatchObject({ ok: false, reason: "invalid" });
    expect(!wrong.ok && !unknown.ok && wrong.message === unknown.message).toBe(true);
  });

  it("locks a username after five failures, even for the right password, and says when to retry", async () => {
    const { storage } = await withUser();
    for (let i = 0; i < 4; i++)
      expect(await authenticate(storage, "anna", "nope", { now })).toMatchObject({
        ok: false,
        reason: "invalid",
      });
    const fifth = await authenticate(storage, "anna", "nope", { now });
    expect(fifth).toMatchObject({
      ok: false,
      reason: "invalid",
      message: expect.stringMatching(/try again in 30 seconds/),
    });
    const locked = await authenticate(storage, "anna", "correct horse battery", { now: now + 10_000 });
    expect(locked).toMatchObject({
      ok: false,
      reason: "locked",
      retryAfterSeconds: 20,
      message: "Too many failed sign-ins. Try again in 20 seconds.",
    });
    expect((await authenticate(storage, "anna", "correct horse battery", { now: now + 30_000 })).ok).toBe(
      true,
    );
  });

  it("locks a client address that tries many usernames", async () => {
    const { storage } = await withUser();
    for (let i = 0; i < 5; i++)
      await authenticate(storage, `guess${i}`, "nope", { now, clientAddress: "10.0.0.9" });
    const fromThere = await authenticate(storage, "anna", "correct horse battery", {
      now,
      clientAddress: "10.0.0.9",
    });
    expect(fromThere).toMatchObject({ ok: false, reason: "locked" });
    const elsewhere = await authenticate(storage, "anna", "correct horse battery", {
      now,
      clientAddress: "10.0.0.10",
    });
    expect(elsewhere.ok).toBe(true);
  });

  it("refuses a deactivated account after checking the password", async () => {
    const { storage, user } = await withUser();
    await createUser(
      storage,
      {
        username: "admin",
        displayName: "Admin",
        password: "correct horse battery",
        roles: ["admin"],
        createdBy: "setup",
      },
      new Date(now).toISOString(),
    );
    await setActive(storage, user.id, false, new Date(now).toISOString());
    expect(await authenticate(storage, "anna", "correct horse battery", { now })).toMatchObject({
      ok: false,
      reason: "inactive",
      message: expect.stringMatching(/deactivated/),
    });
  });
});
