import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadOrCreateSecret, safeNext, signValue, unsignValue } from "./auth.server";

describe("signed cookie values", () => {
  const secret = randomBytes(32);

  it("round-trip with the same secret", () => {
    expect(unsignValue(signValue("session-id-123", secret), secret)).toBe("session-id-123");
  });

  it("refuse a changed value, a changed signature, another secret and an unsigned value", () => {
    const signed = signValue("session-id-123", secret);
    expect(unsignValue(signed.replace("123", "124"), secret)).toBeUndefined();
    expect(unsignValue(`${signed.slice(0, -1)}${signed.endsWith("A") ? "B" : "A"}`, secret)).toBeUndefined();
    expect(unsignValue(signed, randomBytes(32))).toBeUndefined();
    expect(unsignValue("session-id-123", secret)).toBeUndefined();
    expect(unsignValue(".abc", secret)).toBeUndefined();
  });
});

describe("session secret file", () => {
  it("is made once with mode 0600 and read back on the next start", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "sp-secret-"));
    try {
      const file = path.join(dir, "session-secret");
      const first = await loadOrCreateSecret(file);
      expect(first).toHaveLength(32);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      expect((await readFile(file, "utf8")).trim()).toBe(first.toString("hex"));
      expect((await loadOrCreateSecret(file)).equals(first)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("safeNext", () => {
  it("keeps same-site paths and drops anything that could leave the site", () => {
    expect(safeNext("/scripts/abc?x=1")).toBe("/scripts/abc?x=1");
    for (const bad of [
      "https://evil.example/",
      "//evil.example/",
      "/\\evil.example",
      "javascript:alert(1)",
      "",
      null,
    ]) {
      expect(safeNext(bad)).toBe("/");
    }
  });
});
