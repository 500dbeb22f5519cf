import { ImportFailure } from "./import-failure";

/** How a CSV file's bytes were read. */
export type CsvEncoding = "utf-8" | "utf-16le" | "utf-16be" | "gbk";

export interface DecodedCsv {
  text: string;
  encoding: CsvEncoding;
  /** True when the file began with a byte-order mark (dropped from `text`). */
  bom: boolean;
  /** Something the lead should know about how the file was read (a GBK file converted), else absent. */
  notice?: string;
}

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

/**
 * Reads a CSV file's bytes as text. UTF-8 (with or without BOM) and UTF-16 with a BOM are read as they are.
 * A file that is not valid UTF-8 but reads cleanly as GBK and looks like Chinese text is decoded as GBK,
 * with a notice: Excel on Chinese Windows saves "CSV" in GBK, and refusing those would turn away the very
 * lists Chinese campaigns use. Anything else (a Western legacy encoding, UTF-16 without BOM, a binary file)
 * is refused with a message saying what to do, because guessing would import wrong names silently.
 */
export function decodeCsvBytes(bytes: Uint8Array, maxBytes = DEFAULT_MAX_BYTES): DecodedCsv {
  if (bytes.length > maxBytes) throw tooLarge(bytes.length, maxBytes);
  rejectKnownBinary(bytes);
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return checkText({ text: decode("utf-16le", bytes.subarray(2)), encoding: "utf-16le", bom: true });
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return checkText({ text: decode("utf-16be", bytes.subarray(2)), encoding: "utf-16be", bom: true });
  }
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  if (looksLikeUtf16WithoutBom(body)) {
    throw new ImportFailure(
      "unknown-encoding",
      "This file looks like UTF-16 text without a byte-order mark, which cannot be read reliably. Save it as “CSV UTF-8” and import it again.",
    );
  }
  if (body.includes(0)) throw binary();
  try {
    return checkText({ text: decode("utf-8", body), encoding: "utf-8", bom });
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
  if (!bom) {
    const gbk = tryDecode("gbk", body);
    if (gbk !== undefined && looksChinese(body)) {
      return checkText({
        text: gbk,
        encoding: "gbk",
        bom: false,
        notice:
          "This file is not UTF-8; it was read as GBK (Simplified Chinese) and converted. Check in the preview that names look right, or save the file as “CSV UTF-8” to be sure.",
      });
    }
  }
  const line = lineOfFirstInvalidUtf8(body);
  throw new ImportFailure(
    "unknown-encoding",
    `This file is not UTF-8 (the first unreadable character is on line ${line}) and its encoding could not be recognised; it may be Windows-1252 or Latin-1. Save it as “CSV UTF-8” and import it again.`,
  );
}

function decode(encoding: string, bytes: Uint8Array): string {
  return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
}

function tryDecode(encoding: string, bytes: Uint8Array): string | undefined {
  try {
    return decode(encoding, bytes);
  } catch {
    return undefined;
  }
}

function checkText(decoded: DecodedCsv): DecodedCsv {
  if (decoded.text.includes("\u0000")) throw binary();
  if (decoded.text.trim() === "") {
    throw new ImportFailure("empty", "The file is empty: it has no header row and no contacts.");
  }
  return decoded;
}

/**
 * GBK bytes count as Chinese text when nearly every two-byte character is in the GB2312 range (both bytes
 * 0xA1 or above), as common Chinese characters and punctuation are. A Windows-1252 file can also decode as
 * GBK (ü followed by "l" is a valid pair), but its pairs then end in an ASCII letter, which this rejects.
 */
function looksChinese(bytes: Uint8Array): boolean {
  let common = 0;
  let other = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] < 0x81) continue;
    if (bytes[i] >= 0xa1 && bytes[i + 1] >= 0xa1) common++;
    else other++;
    i++;
  }
  return common > 0 && other <= common * 0.1;
}

/** Every other byte zero in the first kilobyte: ASCII text written as UTF-16 without a BOM. */
function looksLikeUtf16WithoutBom(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 1024) & ~1;
  if (n < 8) return false;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const pairs = n / 2;
  return evenZeros > pairs * 0.4 !== oddZeros > pairs * 0.4;
}

const SIGNATURES: { bytes: number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: "an Excel workbook or another zip archive (.xlsx, .zip)" },
  { bytes: [0xd0, 0xcf, 0x11, 0xe0], what: "an old Excel workbook (.xls)" },
  { bytes: [0x25, 0x50, 0x44, 0x46], what: "a PDF document" },
  { bytes: [0x89, 0x50, 0x4e, 0x47], what: "a PNG image" },
  { bytes: [0xff, 0xd8, 0xff], what: "a JPEG image" },
  { bytes: [0x1f, 0x8b], what: "a gzip archive" },
];

function rejectKnownBinary(bytes: Uint8Array): void {
  for (const { bytes: magic, what } of SIGNATURES) {
    if (bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b)) {
      throw new ImportFailure(
        "binary",
        `This is ${what}, not a CSV file. Open it in its program and save or export it as “CSV UTF-8”.`,
      );
    }
  }
}

function binary(): ImportFailure {
  return new ImportFailure(
    "binary",
    "This file contains binary data, not CSV text. Export the list as “CSV UTF-8” and import that file.",
  );
}

function tooLarge(size: number, max: number): ImportFailure {
  const mb = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MB`;
  return new ImportFailure(
    "too-large",
    `This file is ${mb(size)}; the limit is ${mb(max)}. Split the list into smaller files or remove unused columns.`,
  );
}

/** The 1-based line of the first byte sequence that is not valid UTF-8. */
function lineOfFirstInvalidUtf8(bytes: Uint8Array): number {
  let line = 1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b === 0x0a) line++;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) return line;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return line;
    }
    i += need + 1;
  }
  return line;
}
