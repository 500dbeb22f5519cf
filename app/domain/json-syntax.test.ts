import { describe, expect, it } from "vitest";
import { parseJsonWithLocation } from "./json-syntax";

describe("parseJsonWithLocation", () => {
  it("returns the value of valid JSON", () => {
    expect(parseJsonWithLocation('{"a":[1,2]}')).toEqual({ ok: true, value: { a: [1, 2] } });
  });

  it.each([
    ['{\n  "a": [ }', 2, 10, /value expected/],
    ['{"a": 1,}', 1, 9, /property name expected/],
    ["", 1, 1, /value expected/],
    ['{"a": 1', 1, 8, /close brace expected/],
    ["{ // comment\n}", 1, 3, /invalid comment token/],
  ])("locates the first problem in %j", (text, line, column, message) => {
    const result = parseJsonWithLocation(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toMatchObject({ line, column });
      expect(result.error.message).toMatch(message);
      expect(result.error.message).toContain(`at line ${line}, column ${column}`);
    }
  });

  it("never quotes the file's content in the message", () => {
    const result = parseJsonWithLocation('{"phone": "+36 30 123 4567" oops}');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).not.toContain("4567");
  });
});
