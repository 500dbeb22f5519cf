import { describe, expect, it } from "vitest";
import { makeScript, variable } from "../../../test/factories/script-factory";
import { richTextFromPlain, richTextToPlain } from "../rich-text";
import { isMissingPlaceholder, mergeFieldFiller, sampleMergeValues } from "./merge-values";

const variables = [
  variable("firstName", { label: "First name", sample: "Peter" }),
  variable("organizer", { label: "Organiser", fallback: "Northwind" }),
  variable("city", { label: "City", sample: "  " }),
];

describe("mergeFieldFiller", () => {
  it("fills values, falls back to the variable's fallback, and shows a visible placeholder otherwise", () => {
    const fill = mergeFieldFiller(variables, { firstName: "Anna", city: " " });
    const text = richTextToPlain(
      richTextFromPlain("Hello {{firstName}} from {{organizer}} in {{city}}, {{undeclared}}."),
      fill,
    );
    expect(text).toBe("Hello Anna from Northwind in «city?», «undeclared?».");
    expect(text).not.toMatch(/undefined/);
    expect(isMissingPlaceholder(fill("city"))).toBe(true);
    expect(isMissingPlaceholder(fill("firstName"))).toBe(false);
  });
});

describe("sampleMergeValues", () => {
  it("takes each non-blank sample", () => {
    expect(sampleMergeValues(makeScript({ variables }))).toEqual({ firstName: "Peter" });
  });
});
