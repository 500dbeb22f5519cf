import { describe, expect, it } from "vitest";
import { mergePreview, sampleContacts } from "./merge-preview";
import type { Contact } from "./pilot-types";
import { longOpeningScript, shortOpeningScript } from "./testing/pilot-fixtures";

const contacts: Contact[] = [
  {
    contactRef: "c1",
    line: 2,
    phone: "+442079460001",
    company: "Analytical Engines Ltd",
    fields: { firstName: "Ada" },
  },
  {
    contactRef: "c2",
    line: 3,
    phone: "+442079460002",
    fields: { firstName: "Bartholomew-Maximilian Featherstonehaugh-Smythe" },
  },
  { contactRef: "c3", line: 5, phone: "+442079460003", fields: { company: "Cy & Co" } },
  { contactRef: "c4", line: 6, phone: "+442079460004", fields: { firstName: "Di", eventDate: "1 May" } },
];

const variants = [
  { id: "A", label: "Long", script: longOpeningScript() },
  { id: "B", label: "Short", script: shortOpeningScript() },
];

describe("mergePreview", () => {
  it("reports per-field coverage, missing and overlong values by contactRef and line, and where each field is read", () => {
    const [a] = mergePreview({ variants, contacts });
    expect(a.fields.map((f) => f.key)).toEqual(["firstName", "company"]);
    const [firstName, company] = a.fields;
    expect(firstName).toMatchObject({
      key: "firstName",
      label: "First name",
      required: true,
      declared: true,
      uses: [{ nodeId: "intro", title: "Opening" }],
      withValue: 3,
      coverage: 0.75,
      missing: [{ contactRef: "c3", line: 5 }],
      overlong: [{ contactRef: "c2", line: 3, length: 47 }],
      whenMissing: { kind: "placeholder", text: "[First name]" },
    });
    // company comes from the contact's attribute (c1) or a mapped field (c3).
    expect(company).toMatchObject({
      withValue: 2,
      missing: [
        { contactRef: "c2", line: 3 },
        { contactRef: "c4", line: 6 },
      ],
      uses: [
        { nodeId: "intro", title: "Opening" },
        { nodeId: "pitch", title: "We install solar panels at no upfront cost for…" },
      ],
      whenMissing: { kind: "fallback", text: "your company" },
    });
    expect(JSON.stringify(a.fields)).not.toMatch(/Ada|Bartholomew/);
  });

  it("honours a per-field length limit", () => {
    const [a] = mergePreview({ variants, contacts, maxLengthByField: { company: 10 } });
    expect(a.fields[1].overlong).toEqual([{ contactRef: "c1", line: 2, length: 22 }]);
    expect(a.fields[0].overlong).toHaveLength(1);
  });

  it("renders each variant for the first contacts, reading the fallback or the placeholder where a value is missing", () => {
    const [a, b] = mergePreview({ variants, contacts, renderCount: 4 });
    const intro = (i: number) => a.renderings[i].steps.find((s) => s.nodeId === "intro")?.text ?? "";
    expect(intro(0)).toMatch(/^Good morning Ada, .* for Analytical Engines Ltd that/);
    expect(intro(2)).toMatch(/^Good morning \[First name\], .* for Cy & Co that/);
    expect(intro(3)).toMatch(/for your company that/);
    expect(b.renderings[3].steps.find((s) => s.nodeId === "pitch")?.text).toBe(
      "Free solar survey on 1 May: interested?",
    );
    expect(b.fields.find((f) => f.key === "eventDate")).toMatchObject({
      coverage: 0.25,
      whenMissing: { kind: "placeholder", text: "[Event date]" },
    });
  });

  it("flags a field the script reads but does not declare", () => {
    const script = longOpeningScript();
    script.variables = script.variables.filter((v) => v.key !== "company");
    const [a] = mergePreview({ variants: [{ id: "A", label: "Long", script }], contacts });
    expect(a.fields[1]).toMatchObject({
      key: "company",
      declared: false,
      required: false,
      whenMissing: { kind: "placeholder", text: "[company]" },
    });
  });
});

describe("sampleContacts", () => {
  it("picks a reproducible sample in list order", () => {
    const many = Array.from({ length: 100 }, (_, i): Contact => ({
      contactRef: `c${i}`,
      line: i + 2,
      phone: "+442079460001",
      fields: {},
    }));
    const sample = sampleContacts(many, 10, 3);
    expect(sample).toHaveLength(10);
    expect(sampleContacts(many, 10, 3)).toEqual(sample);
    expect(sample.map((c) => c.line)).toEqual([...sample.map((c) => c.line)].sort((x, y) => x - y));
    expect(sampleContacts(many, 10, 4)).not.toEqual(sample);
    expect(sampleContacts(many.slice(0, 5), 10, 3)).toHaveLength(5);
  });
});
