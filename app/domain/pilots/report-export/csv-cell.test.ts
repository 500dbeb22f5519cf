import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import { csvCell, csvDocument } from "./csv-cell";

describe("csvCell", () => {
  it("neutralises every formula trigger from OWASP's CSV injection list with a leading apostrophe", () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell("+1 555")).toBe("'+1 555");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tcmd")).toBe("'\tcmd");
    expect(csvCell("\rcmd")).toBe(`"'\rcmd"`);
  });

  it("leaves ordinary values alone and quotes per RFC 4180", () => {
    expect(csvCell("agent-7")).toBe("agent-7");
    expect(csvCell(12.5)).toBe("12.5");
    expect(csvCell(true)).toBe("yes");
    expect(csvCell(undefined)).toBe("");
    expect(csvCell('say "hi", then go')).toBe('"say ""hi"", then go"');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
  });

  it("makes a document a CSV reader reads back cell for cell", () => {
    const rows = [
      ["id", "note"],
      ["c1", 'a "quoted", comma'],
      ["c2", "line\r\nbreak"],
    ];
    const text = csvDocument(rows);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(Papa.parse(text.trimEnd(), { newline: "\r\n" }).data).toEqual(rows);
  });
});
