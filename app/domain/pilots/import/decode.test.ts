import { describe, expect, it } from "vitest";
import { decodeCsvBytes } from "./decode";
import { isImportFailure } from "./import-failure";

function reasonOf(bytes: Uint8Array, maxBytes?: number): string {
  try {
    decodeCsvBytes(bytes, maxBytes);
  } catch (error) {
    if (isImportFailure(error)) return `${error.reason}: ${error.message}`;
    throw error;
  }
  return "decoded";
}

describe("decodeCsvBytes", () => {
  it("reads UTF-8 with and without BOM and UTF-16 BE with BOM", () => {
    expect(decodeCsvBytes(new TextEncoder().encode("Név,Phone\n"))).toEqual({
      text: "Név,Phone\n",
      encoding: "utf-8",
      bom: false,
    });
    expect(decodeCsvBytes(new Uint8Array([0xef, 0xbb, 0xbf, 0x41, 0x0a]))).toEqual({
      text: "A\n",
      encoding: "utf-8",
      bom: true,
    });
    expect(decodeCsvBytes(new Uint8Array([0xfe, 0xff, 0x00, 0x41, 0x00, 0x0a]))).toMatchObject({
      text: "A\n",
      encoding: "utf-16be",
    });
  });

  it("refuses UTF-16 without a BOM, explaining how to save the file", () => {
    const bytes = new Uint8Array([..."Phone,Name\n0207946\n"].flatMap((c) => [c.charCodeAt(0), 0]));
    expect(reasonOf(bytes)).toMatch(/^unknown-encoding: .*UTF-16 .*without a byte-order mark.*CSV UTF-8/);
  });

  it("refuses a file over the limit, saying its size and the limit", () => {
    expect(reasonOf(new Uint8Array(3 * 1024 * 1024), 2 * 1024 * 1024)).toBe(
      "too-large: This file is 3.0 MB; the limit is 2.0 MB. Split the list into smaller files or remove unused columns.",
    );
  });

  it("names other binary formats", () => {
    expect(reasonOf(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]))).toMatch(
      /^binary: This is a PDF document/,
    );
    expect(reasonOf(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1]))).toMatch(/old Excel workbook/);
  });
});
