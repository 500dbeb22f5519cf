/**
 * One CSV cell, safe to open in a spreadsheet. A value starting with = + - @, a tab or a carriage return
 * would be read as a formula (CSV injection), so it gets a leading apostrophe, as OWASP's "CSV Injection"
 * page advises; then RFC 4180 quoting: a cell holding a comma, quote, CR or LF is wrapped in double quotes
 * with inner quotes doubled.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = typeof value === "boolean" ? (value ? "yes" : "no") : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows to an RFC 4180 document: CRLF after every record, header included. */
export function csvDocument(
  rows: readonly (readonly (string | number | boolean | null | undefined)[])[],
): string {
  return rows.map((row) => row.map(csvCell).join(",") + "\r\n").join("");
}
