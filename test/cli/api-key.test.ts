import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const bin = path.join(root, "bin/scriptpilot.js");

function scriptpilot(
  dataDir: string,
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { cwd: root, timeout: 60_000, env: { ...process.env, SCRIPTPILOT_DATA_DIR: dataDir } },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

describe("scriptpilot api-key", () => {
  it(
    "creates a key whose token is printed once, lists it, and revokes it",
    { timeout: 120_000 },
    async () => {
      const dataDir = mkdtempSync(path.join(tmpdir(), "sp-cli-keys-"));
      const created = await scriptpilot(
        dataDir,
        "api-key",
        "create",
        "--name",
        "Acme dialer",
        "--scopes",
        "scripts:read,events:write",
      );
      expect(created.stderr).toBe("");
      expect(created.code).toBe(0);
      const token = /spk_([a-z0-9]+)_[A-Za-z0-9_-]{43}/.exec(created.stdout);
      expect(token).not.toBeNull();
      const id = token?.[1] ?? "";

      const listed = await scriptpilot(dataDir, "api-key", "list");
      expect(listed.stdout).toContain(`${id}  Acme dialer  [scripts:read, events:write]  never used`);
      expect(listed.stdout).not.toContain(token?.[0]);

      const revoked = await scriptpilot(dataDir, "api-key", "revoke", id);
      expect(revoked.code).toBe(0);
      expect((await scriptpilot(dataDir, "api-key", "list")).stdout).toMatch(
        new RegExp(`${id} .* revoked \\d{4}-`),
      );
      const again = await scriptpilot(dataDir, "api-key", "revoke", id);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/already revoked/);
    },
  );

  it("refuses unknown scopes and missing options with one clear line", { timeout: 120_000 }, async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "sp-cli-keys-"));
    const [badScope, noName, noAction] = await Promise.all([
      scriptpilot(dataDir, "api-key", "create", "--name", "x", "--scopes", "scripts:write"),
      scriptpilot(dataDir, "api-key", "create", "--scopes", "scripts:read"),
      scriptpilot(dataDir, "api-key"),
    ]);
    expect(badScope.code).toBe(1);
    expect(badScope.stderr.trim().split("\n")).toHaveLength(1);
    expect(badScope.stderr).toMatch(/Unknown scope “scripts:write”/);
    expect(noName.code).toBe(2);
    expect(noName.stderr).toMatch(/--name is required/);
    expect(noAction.code).toBe(2);
  });
});
