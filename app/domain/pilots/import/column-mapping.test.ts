import { describe, expect, it } from "vitest";
import { longOpeningScript, shortOpeningScript } from "../testing/pilot-fixtures";
import { guessMapping, pilotMergeFields } from "./column-mapping";

describe("pilotMergeFields", () => {
  it("lists each variable of the variants' scripts once, required if any script requires it", () => {
    expect(pilotMergeFields([longOpeningScript(), shortOpeningScript()])).toEqual([
      { key: "firstName", label: "First name", required: true },
      { key: "company", label: "Company", required: false },
      { key: "eventDate", label: "Event date", required: false },
    ]);
  });
});

describe("guessMapping", () => {
  it("matches columns by common names in any case or punctuation, each column used once", () => {
    expect(guessMapping(["TELEFON", "姓名", "Time-Zone", "id", "Notes"], [])).toEqual({
      attributes: { phone: "TELEFON", name: "姓名", timeZone: "Time-Zone", externalId: "id" },
      fields: {},
    });
  });

  it("prefers a merge field's own key, and lets an attribute share that column", () => {
    expect(guessMapping(["company", "Phone"], [{ key: "company" }])).toEqual({
      attributes: { phone: "Phone", company: "company" },
      fields: { company: "company" },
    });
  });
});
