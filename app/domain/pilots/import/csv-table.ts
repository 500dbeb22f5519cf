import Papa from "papaparse";
import { decodeCsvBytes, DEFAULT_MAX_BYTES, type CsvEncoding } from "./decode";
import { ImportFailure } from "./import-failure";

export interface CsvRow {
  /** Physical line in the file where the row starts (the header is line 1; quoted line breaks count). */
  line: number;
  cells: string[];
}

export interface CsvTable {
  encoding: CsvEncoding;
  notice?: string;
  delimiter: "," | ";" | "\t";
  /** Column names as written, trimmed. */
  columns: string[];
  rows: CsvRow[];
}

export interface ReadCsvOptions {
  maxBytes?: number;
  /** Stop after this many data rows (a preview). */
  maxRows?: number;
  /** Called with the share of the text parsed so far, about every 2,000 rows. */
  onProgress?: (fraction: number) => void;
}

const DELIMITERS = [",", ";", "\t"] as const;
const PROGRESS_EVERY = 2000;

/**
 * Decodes and parses a CSV file with papaparse: delimiter (comma, semicolon, tab) detected, header row
 * required, each row with the physical line it starts on so every message can point at it. Blank lines
 * are skipped. Throws ImportFailure for problems with the whole file.
 */
export function readCsvTable(bytes: Uint8Array, options: ReadCsvOptions = {}): CsvTable {
  const decoded = decodeCsvBytes(bytes, options.maxBytes ?? DEFAULT_MAX_BYTES);
  const text = decoded.text;
  const rows: CsvRow[] = [];
  let header: string[] | undefined;
  let delimiter: CsvTable["delimiter"] = ",";
  // Lines are counted incrementally between row starts, so the whole count costs one pass over the text.
  let line = 1;
  let counted = 0;
  let rowStart = 0;
  let unterminatedAt: number | undefined;
  const { onProgress, maxRows } = options;

  Papa.parse<string[]>(text, {
    delimitersToGuess: [...DELIMITERS],
    skipEmptyLines: false,
    step: (result, parser) => {
      const start = skipLineBreaks(text, rowStart);
      for (let i = counted; i < start; i++) {
        const c = text.charCodeAt(i);
        // \n, or a lone \r (old Mac line ends); \r\n counts once.
        if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
      }
      counted = start;
      const cursor = result.meta.cursor;
      rowStart = cursor;
      if (result.errors.some((e) => e.code === "MissingQuotes")) {
        unterminatedAt = line;
        parser.abort();
        return;
      }
      const cells = result.data;
      if (cells.length === 1 && cells[0].trim() === "") return;
      if (header === undefined) {
        header = cells.map((c) => c.trim());
        delimiter = asDelimiter(result.meta.delimiter);
        return;
      }
      rows.push({ line, cells });
      if (onProgress && rows.length % PROGRESS_EVERY === 0) onProgress(cursor / text.length);
      if (maxRows !== undefined && rows.length >= maxRows) parser.abort();
    },
  });

  if (unterminatedAt !== undefined) {
    throw new ImportFailure(
      "unterminated-quote",
      `Line ${unterminatedAt} opens a quoted value that is never closed, so the rest of the file cannot be read. Fix the quotes on that line and import again.`,
    );
  }
  if (header === undefined) {
    throw new ImportFailure("empty", "The file is empty: it has no header row and no contacts.");
  }
  rejectDataAsHeader(header);
  rejectDuplicateColumns(header);
  onProgress?.(1);
  return {
    encoding: decoded.encoding,
    ...(decoded.notice !== undefined && { notice: decoded.notice }),
    delimiter,
    columns: header,
    rows,
  };
}

function skipLineBreaks(text: string, from: number): number {
  let i = from;
  while (i < text.length && (text.charCodeAt(i) === 10 || text.charCodeAt(i) === 13)) i++;
  return i;
}

function asDelimiter(value: string): CsvTable["delimiter"] {
  return value === ";" || value === "\t" ? value : ",";
}

/**
 * A file saved without its header row would lose its first row to the header and map nonsense. Column
 * names are never phone numbers, so a first line with one is data: refuse the file and say so.
 */
function rejectDataAsHeader(columns: string[]): void {
  const index = columns.findIndex((c) => /^\+?[\d\s().-]+$/.test(c) && c.replace(/\D/g, "").length >= 7);
  if (index >= 0) {
    throw new ImportFailure(
      "no-header",
      `The first line holds a phone number (column ${index + 1}), not column names. Add a header row (for example “Name,Phone”) and import again.`,
    );
  }
}

function rejectDuplicateColumns(columns: string[]): void {
  const seen = new Map<string, number>();
  columns.forEach((name, index) => {
    if (name === "") return;
    const key = name.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      throw new ImportFailure(
        "duplicate-column",
        `Columns ${first + 1} and ${index + 1} are both called “${name}”. Rename one so each column can be mapped on its own.`,
      );
    }
    seen.set(key, index);
  });
}
