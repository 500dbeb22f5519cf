import { describe, expect, it } from "vitest";
import { run } from "./plan";

function exec(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const code = run(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stdout, stderr };
}

describe("scriptpilot plan", () => {
  // R: power.prop.test(p1 = 0.4, p2 = 0.3, power = 0.8) => n = 355.9428 per group, so 356 calls.
  it("prints calls per variant and contacts to dial", () => {
    const { code, stdout } = exec(
      "--baseline",
      "0.4",
      "--change",
      "-0.1",
      "--power",
      "0.8",
      "--alpha",
      "0.05",
      "--connect-rate",
      "0.35",
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/connected calls per variant: 356\b/);
    expect(stdout).toMatch(/contacts to dial: +2,035 /);
  });

  it("prints JSON with the exact solution (R: n = 355.9428)", () => {
    const { stdout } = exec("--baseline=0.4", "--change=-0.1", "--json");
    const result = JSON.parse(stdout);
    expect(result.perVariantExact).toBeCloseTo(355.9428, 3);
    expect(result.perVariant).toBe(356);
    expect(result.contactsToDial).toBeNull();
  });

  it("prints the detectable change for a list size, with more variants splitting alpha", () => {
    const { code, stdout } = exec(
      "--baseline",
      "0.4",
      "--list-size",
      "2034",
      "--connect-rate",
      "0.35",
      "--variants",
      "3",
      "--json",
    );
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.perVariant).toBe(237);
    expect(result.detectableDrop).toBeLessThan(-0.1);
    expect(result.detectableRise).toBeGreaterThan(0.1);
  });

  it("says what is wrong with bad input, with the usage, and exit code 2", () => {
    for (const [args, message] of [
      [["--baseline", "40", "--change", "0.1"], /--baseline must be between 0 and 1/],
      [["--baseline", "0.4"], /give --change or --list-size/],
      [["--baseline", "0.4", "--change", "0.7"], /is not a rate between 0 and 1/],
      [["--baseline", "0.4", "--change", "abc"], /--change needs a number, got “abc”/],
      [["--baseline", "0.4", "--change", "0.1", "--variants", "7"], /--variants must be 2, 3 or 4/],
      [["--frobnicate"], /unknown argument “--frobnicate”/],
    ] as const) {
      const { code, stderr, stdout } = exec(...args);
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr).toMatch(message);
      expect(stderr).toMatch(/Usage: scriptpilot plan/);
    }
  });
});
