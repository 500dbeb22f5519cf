import { describe, expect, it } from "vitest";
import { CliUsageError, parseCommandArgs } from "./command";

describe("parseCommandArgs", () => {
  const config = { allowPositionals: true, options: { out: { type: "string" }, json: { type: "boolean" } } } as const;

  it("reads options and positionals", () => {
    const { values, positionals } = parseCommandArgs(["in.json", "--out", "x.xml", "--json"], config);
    expect(values).toEqual({ out: "x.xml", json: true });
    expect(positionals).toEqual(["in.json"]);
  });

  it("turns wrong arguments into a usage error that names them", () => {
    expect(() => parseCommandArgs(["--colour", "red"], config)).toThrow(CliUsageError);
    expect(() => parseCommandArgs(["--colour", "red"], config)).toThrow(/--colour/);
    expect(() => parseCommandArgs(["--out"], config)).toThrow(/--out/);
  });
});
