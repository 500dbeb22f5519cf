import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeAppContext, getAppContext } from "~/services/app-context.server";
import type { AuditEntry } from "~/services/audit.server";
import { authenticate, resetLoginThrottle } from "~/services/users.server";
import { run } from "./create-admin";

let dir: string;
const saved = process.env.SCRIPTPILOT_DATA_DIR;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "sp-cli-"));
  process.env.SCRIPTPILOT_DATA_DIR = dir;
  resetLoginThrottle();
});
afterEach(async () => {
  await closeAppContext();
  if (saved === undefined) delete process.env.SCRIPTPILOT_DATA_DIR;
  else process.env.SCRIPTPILOT_DATA_DIR = saved;
  await rm(dir, { recursive: true, force: true });
});

function io(answers: string[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      stdout: { write: (t: string) => out.push(t) },
      stderr: { write: (t: string) => err.push(t) },
      prompt: async () => answers.shift() ?? "",
    },
  };
}

describe("scriptpilot create-admin", () => {
  it("creates an admin on the data directory that can then sign in, and audits it", async () => {
    const { io: streams, out } = io();
    expect(
      await run(["--username", "Ops", "--password", "a long admin password", "--roles", "approver"], streams),
    ).toBe(0);
    expect(out.join("")).toMatch(/Created admin “ops” \(admin, approver\)/);
    const { storage } = await getAppContext();
    const result = await authenticate(storage, "ops", "a long admin password", { now: Date.now() });
    expect(result.ok && result.user.roles).toEqual(["admin", "approver"]);
    expect((await storage.list<AuditEntry>("audit"))[0]).toMatchObject({
      action: "user.created",
      actor: { id: "cli" },
    });
  });

  it("prompts for what is missing and refuses an existing username", async () => {
    const first = io(["ops", "a long admin password", "a long admin password"]);
    expect(await run([], first.io)).toBe(0);
    const again = io();
    expect(await run(["--username", "OPS", "--password", "another long password"], again.io)).toBe(1);
    expect(again.err.join("")).toMatch(/a user named “ops” already exists/);
  });

  it("refuses a weak password, mismatched prompts and unknown flags, creating nothing", async () => {
    const weak = io();
    expect(await run(["--username", "ops", "--password", "short"], weak.io)).toBe(1);
    expect(weak.err.join("")).toMatch(/password: The password must be at least 10 characters/);
    const mismatch = io(["a long admin password", "a different password"]);
    expect(await run(["--username", "ops"], mismatch.io)).toBe(1);
    const unknown = io();
    expect(await run(["--user", "ops"], unknown.io)).toBe(2);
    expect(unknown.err.join("")).toMatch(/unknown argument “--user”/);
    const { storage } = await getAppContext();
    expect(await storage.list("users")).toHaveLength(0);
  });
});
