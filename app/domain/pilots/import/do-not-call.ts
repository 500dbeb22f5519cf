import type { CountryCode } from "libphonenumber-js/max";
import { guessMapping } from "./column-mapping";
import { importContacts, type ContactImportFailure } from "./contact-import";
import type { RejectedRow } from "./import-failure";

export interface DoNotCallOptions {
  defaultRegion: CountryCode;
  /** The column with the numbers; guessed from the header (or the only column) when absent. */
  phoneColumn?: string;
  maxBytes?: number;
  onProgress?: (fraction: number) => void;
}

export interface DoNotCallList {
  ok: true;
  /** E.164 numbers. */
  numbers: Set<string>;
  rows: number;
  rejected: RejectedRow[];
}

/**
 * Reads a do-not-call list: a CSV with a phone column, checked exactly as the sample list is (same
 * encodings, delimiters, normalisation and row messages), so a number matches however it was written.
 */
export function importDoNotCall(
  bytes: Uint8Array,
  options: DoNotCallOptions,
): DoNotCallList | ContactImportFailure {
  const result = importContacts(bytes, {
    defaultRegion: options.defaultRegion,
    ...(options.maxBytes !== undefined && { maxBytes: options.maxBytes }),
    ...(options.onProgress && { onProgress: options.onProgress }),
    mapping: (columns) => {
      const phone = options.phoneColumn ?? guessPhoneColumn(columns);
      return { attributes: phone === undefined ? {} : { phone }, fields: {} };
    },
  });
  if (!result.ok) return result;
  return {
    ok: true,
    numbers: new Set(result.contacts.map((c) => c.phone)),
    rows: result.rows,
    rejected: result.rejected,
  };
}

function guessPhoneColumn(columns: readonly string[]): string | undefined {
  if (columns.length === 1) return columns[0];
  return guessMapping(columns, []).attributes.phone;
}
