import { describe, expect, it } from "vitest";
import {
  createContactImporter,
  importContacts,
  type ContactImportOptions,
  type ContactImportResult,
} from "./contact-import";
import { importDoNotCall } from "./do-not-call";
import { previewCsv } from "./preview";

const utf8 = (text: string) => new TextEncoder().encode(text);
const withBom = (text: string) => new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);
function utf16le(text: string): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out[0] = 0xff;
  out[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    out[2 + 2 * i] = text.charCodeAt(i) & 0xff;
    out[3 + 2 * i] = text.charCodeAt(i) >> 8;
  }
  return out;
}

const OPTIONS: ContactImportOptions = {
  defaultRegion: "GB",
  mapping: {
    attributes: { phone: "Phone", name: "Name", company: "Company", leadClass: "Class", region: "Region" },
    fields: { firstName: "First name", company: "Company" },
  },
};

const HEADER = "Name,First name,Phone,Company,Class,Region\n";

function ok(result: ContactImportResult) {
  if (!result.ok) throw new Error(`import failed: ${result.message}`);
  return result;
}

function failure(result: ContactImportResult) {
  if (result.ok) throw new Error("import should have failed");
  return result;
}

describe("importContacts", () => {
  it("normalises numbers to E.164 in the default region and keeps the mapped attributes and fields", () => {
    const result = ok(
      importContacts(
        utf8(
          HEADER +
            "Ada Lovelace,Ada,020 7946 0001,Analytical Ltd,a,North\nBob Stone,Bob,+1 (202) 555-0143,,B,\n",
        ),
        OPTIONS,
      ),
    );
    expect(result.encoding).toBe("utf-8");
    expect(result.delimiter).toBe(",");
    expect(result.rows).toBe(2);
    expect(result.contacts).toEqual([
      {
        contactRef: "c1",
        line: 2,
        phone: "+442079460001",
        name: "Ada Lovelace",
        company: "Analytical Ltd",
        leadClass: "A",
        region: "North",
        fields: { firstName: "Ada", company: "Analytical Ltd" },
      },
      {
        contactRef: "c2",
        line: 3,
        phone: "+12025550143",
        name: "Bob Stone",
        leadClass: "B",
        fields: { firstName: "Bob" },
      },
    ]);
  });

  it("gives opaque contact refs that do not contain the number, continuing from firstContactRef", () => {
    const result = ok(
      importContacts(utf8(HEADER + "A,A,020 7946 0001,,,\n"), { ...OPTIONS, firstContactRef: 41 }),
    );
    expect(result.contacts[0].contactRef).toBe("c41");
    expect(result.contacts[0].contactRef).not.toContain("7946");
  });

  it("reads UTF-8 with a BOM, UTF-16 with a BOM, semicolons and tabs alike", () => {
    const rows = "Name;First name;Phone;Company;Class;Region\nÉva Kovács;Éva;020 7946 0002;Kft;C;Dél\n";
    for (const bytes of [withBom(rows), utf16le(rows), utf8(rows.replaceAll(";", "\t"))]) {
      const result = ok(importContacts(bytes, OPTIONS));
      expect(result.columns[0]).toBe("Name");
      expect(result.contacts[0]).toMatchObject({ name: "Éva Kovács", phone: "+442079460002", region: "Dél" });
    }
    expect(ok(importContacts(withBom(rows), OPTIONS)).delimiter).toBe(";");
    expect(ok(importContacts(utf16le(rows), OPTIONS)).encoding).toBe("utf-16le");
  });

  it("decodes a GBK file (Excel on Chinese Windows) and says so", () => {
    // 姓名,电话 / 张三,020 7946 0003 in GBK.
    const bytes = new Uint8Array([
      0xd0,
      0xd5,
      0xc3,
      0xfb,
      0x2c,
      0xb5,
      0xe7,
      0xbb,
      0xb0,
      0x0a,
      0xd5,
      0xc5,
      0xc8,
      0xfd,
      0x2c,
      ...utf8("020 7946 0003\n"),
    ]);
    const result = ok(
      importContacts(bytes, {
        defaultRegion: "GB",
        mapping: { attributes: { phone: "电话", name: "姓名" }, fields: {} },
      }),
    );
    expect(result.encoding).toBe("gbk");
    expect(result.notice).toMatch(/GBK/);
    expect(result.contacts[0]).toMatchObject({ name: "张三", phone: "+442079460003" });
  });

  it("refuses a Windows-1252 file instead of reading Müller as Chinese, naming the line", () => {
    // "Müller" in Windows-1252: ü (0xFC) followed by "l" is also a valid GBK pair.
    const bytes = new Uint8Array([
      ...utf8(HEADER + "Anna,Anna,020 7946 0004,,,\nM"),
      0xfc,
      ...utf8("ller,Jo,020 7946 0005,,,\n"),
    ]);
    const result = failure(importContacts(bytes, OPTIONS));
    expect(result.reason).toBe("unknown-encoding");
    expect(result.message).toMatch(/line 3/);
    expect(result.message).toMatch(/CSV UTF-8/);
  });

  it("lists every rejected row with its physical line (quoted line breaks and blank lines counted) and reason", () => {
    const text =
      HEADER +
      '"Ada\nLovelace",Ada,020 7946 0001,,A,\n' + // lines 2-3
      "\n" + // line 4, blank
      "Bob,Bob,12,,A,\n" + // line 5
      "Cy,Cy,not a number,,A,\n" + // line 6
      "Di,Di,020 7946 0006,,G,\n" + // line 7
      "Ed,Ed,020 7946 0007,,A\n" + // line 8: one value short
      "Flo,Flo,,,A,\n" + // line 9
      "Gus,Gus,020 7946 0008,,B,\n"; // line 10
    const result = ok(importContacts(utf8(text), OPTIONS));
    expect(result.contacts.map((c) => c.line)).toEqual([2, 10]);
    expect(result.rejected).toEqual([
      { line: 5, reason: "the phone number is too short for GB" },
      { line: 6, reason: "the phone field does not contain a phone number" },
      { line: 7, reason: "the lead class “G” is not one of A, B, C, D, E, F" },
      { line: 8, reason: expect.stringMatching(/has 5 values but the header has 6 columns/) },
      { line: 9, reason: "the phone number is empty" },
    ]);
    expect(JSON.stringify(result.rejected)).not.toContain("12,");
  });

  it("merges rows with the same number: keeps the first, fills its blanks from later rows, reports it", () => {
    const text =
      HEADER +
      "Ada,Ada,020 7946 0001,,A,\n" +
      "Other,Ada2,+44 20 7946 0001,Analytical Ltd,A,North\n" +
      "Bob,Bob,020 7946 0009,,B,\n";
    const result = ok(importContacts(utf8(text), OPTIONS));
    expect(result.contacts).toHaveLength(2);
    expect(result.contacts[0]).toMatchObject({
      contactRef: "c1",
      name: "Ada",
      company: "Analytical Ltd",
      region: "North",
      mergedLines: [3],
      fields: { firstName: "Ada", company: "Analytical Ltd" },
    });
    expect(result.contacts[1].contactRef).toBe("c2");
    expect(result.merged).toEqual([
      {
        keptLine: 2,
        mergedLine: 3,
        contactRef: "c1",
        filled: ["company", "region", "company"],
        conflicting: ["name", "firstName"],
      },
    ]);
  });

  it("suppresses numbers on a do-not-call list however they were written, and counts them", () => {
    const dnc = importDoNotCall(utf8("Telephone\n+44 20 7946 0001\n02079460009\nrubbish\n"), {
      defaultRegion: "GB",
    });
    if (!dnc.ok) throw new Error(dnc.message);
    expect([...dnc.numbers]).toEqual(["+442079460001", "+442079460009"]);
    expect(dnc.rejected).toEqual([{ line: 4, reason: "the phone field does not contain a phone number" }]);

    const text = HEADER + "Ada,Ada,020 7946 0001,,A,\nBob,Bob,020 7946 0002,,B,\nCy,Cy,(020) 7946-0009,,C,\n";
    const result = ok(importContacts(utf8(text), { ...OPTIONS, doNotCall: dnc.numbers }));
    expect(result.contacts.map((c) => c.phone)).toEqual(["+442079460002"]);
    expect(result.suppressed).toEqual({ count: 2, lines: [2, 4] });
  });

  it("rejects rows missing a required merge field, and refuses a file where it is not mapped", () => {
    const text = HEADER + "Ada,Ada,020 7946 0001,,A,\nBob,,020 7946 0002,,B,\n";
    const result = ok(
      importContacts(utf8(text), { ...OPTIONS, mergeFields: [{ key: "firstName", required: true }] }),
    );
    expect(result.rejected).toEqual([{ line: 3, reason: "the required merge field firstName is empty" }]);

    const unmapped = failure(
      importContacts(utf8(text), {
        ...OPTIONS,
        mergeFields: [{ key: "eventDate", label: "Event date", required: true }],
      }),
    );
    expect(unmapped.reason).toBe("missing-column");
    expect(unmapped.message).toMatch(/eventDate \(Event date\)/);
  });

  it.each([
    ["an empty file", new Uint8Array(), "empty", /empty/],
    ["only a BOM and blank lines", withBom("\n\n"), "empty", /empty/],
    ["a header without rows", utf8(HEADER), "no-rows", /no contacts/],
    ["an Excel workbook", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), "binary", /Excel/],
    [
      "binary data",
      new Uint8Array([0x41, 0x00, 0x42, 0x43, 0x00, 0x01, 0x02, 0x03, 0x41, 0x42]),
      "binary",
      /binary/,
    ],
    [
      "no header row",
      utf8("Ada,Lovelace,020 7946 0001,,A,\nBob,Bob,020 7946 0002,,B,\n"),
      "no-header",
      /header row/,
    ],
    [
      "an unterminated quote",
      utf8(HEADER + 'Ada,"Ada,020 7946 0001,,A,\nBob,Bob,020 7946 0002,,B,\n'),
      "unterminated-quote",
      /Line 2/,
    ],
    ["duplicate column names", utf8("Phone,Name,phone\n1,2,3\n"), "duplicate-column", /Columns 1 and 3/],
  ] as const)("imports nothing from %s, with a specific message", (_, bytes, reason, message) => {
    const mapping = { attributes: { phone: "Phone" }, fields: {} };
    const result = failure(importContacts(bytes, { defaultRegion: "GB", mapping }));
    expect(result.reason).toBe(reason);
    expect(result.message).toMatch(message);
  });

  it("refuses a mapping the file cannot satisfy", () => {
    const noPhone = failure(
      importContacts(utf8(HEADER + "a,a,1,,,\n"), {
        defaultRegion: "GB",
        mapping: { attributes: { name: "Name" }, fields: {} },
      }),
    );
    expect(noPhone.reason).toBe("no-phone-column");
    const wrong = failure(
      importContacts(utf8(HEADER + "a,a,1,,,\n"), {
        defaultRegion: "GB",
        mapping: { attributes: { phone: "Tel" }, fields: {} },
      }),
    );
    expect(wrong.reason).toBe("missing-column");
    expect(wrong.message).toMatch(/“Tel”.*no such column.*“Phone”/);
  });

  it("refuses a file over the size limit as soon as pushed chunks pass it", () => {
    const importer = createContactImporter({ ...OPTIONS, maxBytes: 100 });
    importer.push(utf8(HEADER));
    importer.push(utf8("x".repeat(80)));
    const result = failure(importer.finish());
    expect(result.reason).toBe("too-large");
    expect(
      failure(importContacts(utf8(HEADER + "x".repeat(200)), { ...OPTIONS, maxBytes: 100 })).reason,
    ).toBe("too-large");
  });

  it("gives the same result fed in chunks (split mid-character) as all at once, with rising progress ending at 1", () => {
    const lines = [HEADER];
    for (let i = 0; i < 5000; i++)
      lines.push(`Zoë ${i},Zoë,020 7946 ${String(i % 1000).padStart(4, "0")},,A,\n`);
    const bytes = utf8(lines.join(""));
    const progress: number[] = [];
    const importer = createContactImporter({ ...OPTIONS, onProgress: (f) => progress.push(f) });
    for (let offset = 0; offset < bytes.length; offset += 777)
      importer.push(bytes.subarray(offset, offset + 777));
    const chunked = ok(importer.finish());
    expect(chunked).toEqual(ok(importContacts(bytes, OPTIONS)));
    expect(chunked.contacts).toHaveLength(1000);
    expect(chunked.merged).toHaveLength(4000);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)).toBe(1);
    expect(progress.every((p, i) => i === 0 || p >= progress[i - 1])).toBe(true);
  });
});

describe("previewCsv", () => {
  it("shows how the file was read, its first rows with line numbers and a guessed mapping", () => {
    const text =
      "Full Name;First_Name;Mobile;Company Name;Lead class;Area;Event date\n" +
      "Ada;Ada;020 7946 0001;X;A;N;1 May\n".repeat(30);
    const preview = previewCsv(withBom(text), {
      rows: 5,
      mergeFields: [{ key: "firstName" }, { key: "eventDate", label: "Event date" }],
    });
    if (!preview.ok) throw new Error(preview.message);
    expect(preview.delimiter).toBe(";");
    expect(preview.rows.map((r) => r.line)).toEqual([2, 3, 4, 5, 6]);
    expect(preview.mapping).toEqual({
      attributes: {
        phone: "Mobile",
        name: "Full Name",
        company: "Company Name",
        leadClass: "Lead class",
        region: "Area",
      },
      fields: { firstName: "First_Name", eventDate: "Event date" },
    });
  });
});

describe("a do-not-call list without a header", () => {
  it("is refused like any list without one, rather than losing its first number", () => {
    const result = importDoNotCall(utf8("+44 20 7946 0004\n0161 496 0007\n"), { defaultRegion: "GB" });
    expect(result).toMatchObject({ ok: false, reason: "no-header" });
    if (!result.ok) expect(result.message).toMatch(/column 1.*Add a header row/);
  });
});

describe("createContactImporter().steps()", () => {
  it("does the work in batches a page can interleave with drawing, ending with the same result", () => {
    const lines = [HEADER];
    for (let i = 0; i < 9000; i++) lines.push(`P ${i},P,020 7946 ${String(i % 1000).padStart(4, "0")},,B,\n`);
    const bytes = utf8(lines.join(""));
    const importer = createContactImporter(OPTIONS);
    importer.push(bytes);
    const steps = importer.steps();
    const yielded: number[] = [];
    let step = steps.next();
    while (!step.done) {
      yielded.push(step.value);
      step = steps.next();
    }
    expect(yielded).toEqual([
      0.2,
      0.2 + 0.8 * (2000 / 9000),
      0.2 + 0.8 * (4000 / 9000),
      0.2 + 0.8 * (6000 / 9000),
      0.2 + 0.8 * (8000 / 9000),
      1,
    ]);
    expect(step.value).toEqual(importContacts(bytes, OPTIONS));
  });
});
