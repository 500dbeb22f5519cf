import { describe, expect, it } from "vitest";
import { normaliseUsername, passwordProblems, usernameProblem } from "./password-policy";

describe("password policy", () => {
  it("needs at least 10 characters, counted as a person counts them", () => {
    expect(passwordProblems("short-pw1")).toEqual([
      "The password must be at least 10 characters long (it has 9).",
    ]);
    expect(passwordProblems("ten chars!")).toEqual([]);
    expect(passwordProblems("ééééééééé")[0]).toContain("it has 9");
  });

  it("refuses only spaces and the username itself", () => {
    expect(passwordProblems("            ")).toContain("The password cannot be only spaces.");
    expect(passwordProblems("Anna.Kovacs", { username: "anna.kovacs" })).toContain(
      "The password must not be the same as the username.",
    );
  });

  it("caps the length", () => {
    expect(passwordProblems("x".repeat(201))).toEqual(["The password must be at most 200 characters long."]);
  });
});

describe("usernames", () => {
  it("are compared lower case and trimmed", () => {
    expect(normaliseUsername("  Anna.K ")).toBe("anna.k");
  });
  it("refuse spaces, empty and odd characters with a sentence", () => {
    expect(usernameProblem("")).toBe("Enter a username.");
    expect(usernameProblem("anna k")).toMatch(/lower-case letters/);
    expect(usernameProblem("anna.k")).toBeUndefined();
  });
});
