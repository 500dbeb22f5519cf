import { guessMapping, type ColumnMapping, type MergeFieldSpec } from "./column-mapping";
import type { ContactImportFailure } from "./contact-import";
import { readCsvTable, type CsvRow, type CsvTable } from "./csv-table";
import type { CsvEncoding } from "./decode";
import { isImportFailure } from "./import-failure";

export interface CsvPreview {
  ok: true;
  encoding: CsvEncoding;
  notice?: string;
  delimiter: CsvTable["delimiter"];
  columns: string[];
  /** The first rows, with their line numbers, for the lead to check the columns against. */
  rows: CsvRow[];
  /** A first guess at the mapping for the lead to confirm. */
  mapping: ColumnMapping;
}

export interface PreviewOptions {
  mergeFields?: readonly MergeFieldSpec[];
  /** Rows to show (default 10). */
  rows?: number;
  maxBytes?: number;
}

/** What the mapping step shows: how the file was read, its columns, its first rows and a guessed mapping. */
export function previewCsv(
  bytes: Uint8Array,
  options: PreviewOptions = {},
): CsvPreview | ContactImportFailure {
  try {
    const table = readCsvTable(bytes, {
      maxRows: options.rows ?? 10,
      ...(options.maxBytes !== undefined && { maxBytes: options.maxBytes }),
    });
    return {
      ok: true,
      encoding: table.encoding,
      ...(table.notice !== undefined && { notice: table.notice }),
      delimiter: table.delimiter,
      columns: table.columns,
      rows: table.rows,
      mapping: guessMapping(table.columns, options.mergeFields ?? []),
    };
  } catch (error) {
    if (isImportFailure(error)) return { ok: false, reason: error.reason, message: error.message };
    throw error;
  }
}
