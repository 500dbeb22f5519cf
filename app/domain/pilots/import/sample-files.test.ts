import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importContacts } from "./contact-import";
import { importDoNotCall } from "./do-not-call";
import { previewCsv } from "./preview";

// The demo files in docs/samples must import as the docs and the demo say.
const SAMPLES = path.resolve(import.meta.dirname, "../../../../docs/samples");
const read = (name: string) => new Uint8Array(readFileSync(path.join(SAMPLES, name)));

describe("docs/samples", () => {
  it("contacts-sample.csv imports with its guessed mapping, minus the do-not-call sample, reporting its planted problems", () => {
    const bytes = read("contacts-sample.csv");
    const preview = previewCsv(bytes, {
      mergeFields: [{ key: "firstName", label: "First name" }, { key: "company" }],
    });
    if (!preview.ok) throw new Error(preview.message);
    expect(preview.mapping).toEqual({
      attributes: {
        phone: "Phone",
        company: "Company",
        timeZone: "Time zone",
        leadClass: "Lead class",
        vip: "VIP",
        region: "Region",
        externalId: "CRM id",
      },
      fields: { firstName: "First name", company: "Company" },
    });
    const dnc = importDoNotCall(read("do-not-call-sample.csv"), { defaultRegion: "GB" });
    if (!dnc.ok) throw new Error(dnc.message);
    expect(dnc.numbers.size).toBe(3);

    const result = importContacts(bytes, {
      defaultRegion: "GB",
      mapping: preview.mapping,
      doNotCall: dnc.numbers,
    });
    if (!result.ok) throw new Error(result.message);
    expect(result.rows).toBe(43);
    expect(result.rejected).toEqual([
      { line: 43, reason: "the phone number is too short for GB" },
      { line: 44, reason: "the lead class “G” is not one of A, B, C, D, E, F" },
    ]);
    expect(result.merged).toMatchObject([{ keptLine: 2, mergedLine: 42 }]);
    expect(result.suppressed.count).toBe(3);
    expect(result.contacts).toHaveLength(43 - 2 - 1 - 3);
    expect(result.contacts.every((c) => /^\+(44|1)\d+$/.test(c.phone))).toBe(true);
  });
});
