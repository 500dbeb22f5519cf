import type { CountryCode } from "libphonenumber-js/max";
import type { Contact } from "../pilot-types";
import {
  CONTACT_ATTRIBUTE_LABELS,
  type ColumnMapping,
  type ContactAttribute,
  type MergeFieldSpec,
} from "./column-mapping";
import { readCsvTable, type CsvRow, type CsvTable } from "./csv-table";
import { DEFAULT_MAX_BYTES, type CsvEncoding } from "./decode";
import { ImportFailure, isImportFailure, type ImportFailureReason, type RejectedRow } from "./import-failure";
import { normalizePhone } from "./phone";

export interface ContactImportOptions {
  /** The mapping, or a function that makes it from the file's columns (when they are not known yet). */
  mapping: ColumnMapping | ((columns: readonly string[]) => ColumnMapping);
  /** Region for numbers written without a country code. */
  defaultRegion: CountryCode;
  /** The scripts' merge fields; a required one must be mapped, and rows without a value are rejected. */
  mergeFields?: readonly MergeFieldSpec[];
  /** E.164 numbers not to call (see importDoNotCall); matching rows are suppressed and counted. */
  doNotCall?: ReadonlySet<string>;
  /** contactRefs are c<n> from this number up, so a later import can continue after an earlier one. */
  firstContactRef?: number;
  maxBytes?: number;
  /** Called with the share of the work done (0..1), about every 2,000 rows and at the end. */
  onProgress?: (fraction: number) => void;
}

/** A later row with the same number, folded into the first one. */
export interface MergedRow {
  /** The line whose contact was kept. */
  keptLine: number;
  mergedLine: number;
  contactRef: string;
  /** Attributes and fields that were blank in the kept row and filled from the merged one. */
  filled: string[];
  /** Attributes and fields where the merged row had a different value; the kept row's value stays. */
  conflicting: string[];
}

export interface ContactImportSuccess {
  ok: true;
  encoding: CsvEncoding;
  notice?: string;
  delimiter: CsvTable["delimiter"];
  columns: string[];
  /** Data rows read (not the header, not blank lines). */
  rows: number;
  contacts: Contact[];
  rejected: RejectedRow[];
  merged: MergedRow[];
  /** Rows left out because their number is on the do-not-call list: count and lines only. */
  suppressed: { count: number; lines: number[] };
}

export interface ContactImportFailure {
  ok: false;
  reason: ImportFailureReason;
  message: string;
}

export type ContactImportResult = ContactImportSuccess | ContactImportFailure;

/** Feeds a file in chunks (as a File's stream or a worker delivers it) and imports it at the end. */
export interface ContactImporter {
  push(chunk: Uint8Array): void;
  /** Imports everything pushed, calling onProgress as it goes. */
  finish(): ContactImportResult;
  /**
   * The same work in batches: each next() checks about 2,000 rows and yields the share done, so a page
   * without a worker can yield to the browser between batches; the generator returns the result.
   */
  steps(): Generator<number, ContactImportResult>;
}

/**
 * The sample-list import. Bytes arrive through push() (a file over the size limit fails as soon as it
 * is known, without holding the rest); finish() decodes, parses and checks every row, reporting progress.
 * A problem with the whole file imports nothing and says why; a problem with a row rejects that row, by
 * line number. Call it from a Web Worker for a progress bar that moves while it runs.
 */
export function createContactImporter(options: ContactImportOptions): ContactImporter {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const chunks: Uint8Array[] = [];
  let size = 0;
  let failure: ImportFailure | undefined;
  function* steps(): Generator<number, ContactImportResult> {
    if (failure) return failed(failure);
    return yield* importSteps(concat(chunks, size), options);
  }
  return {
    push(chunk) {
      if (failure) return;
      size += chunk.length;
      if (size > maxBytes) {
        failure = new ImportFailure(
          "too-large",
          `This file is over ${(maxBytes / (1024 * 1024)).toFixed(1)} MB, the limit. Split the list into smaller files or remove unused columns.`,
        );
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    },
    finish: () => drive(steps(), options.onProgress),
    steps,
  };
}

/** Imports a whole file at once; see createContactImporter. */
export function importContacts(bytes: Uint8Array, options: ContactImportOptions): ContactImportResult {
  return drive(importSteps(bytes, options), options.onProgress);
}

function drive(
  steps: Generator<number, ContactImportResult>,
  onProgress: ((fraction: number) => void) | undefined,
): ContactImportResult {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    onProgress?.(step.value);
  }
}

function* importSteps(
  bytes: Uint8Array,
  options: ContactImportOptions,
): Generator<number, ContactImportResult> {
  try {
    return yield* runImport(bytes, options);
  } catch (error) {
    if (isImportFailure(error)) return failed(error);
    throw error;
  }
}

function failed(error: ImportFailure): ContactImportFailure {
  return { ok: false, reason: error.reason, message: error.message };
}

const PROGRESS_EVERY = 2000;
/** Parsing is quick next to checking numbers: it gets this share of the progress bar. */
const PARSE_SHARE = 0.2;

function* runImport(
  bytes: Uint8Array,
  options: ContactImportOptions,
): Generator<number, ContactImportSuccess> {
  const { onProgress } = options;
  // papaparse runs in one go: its progress is reported directly, not yielded.
  const table = readCsvTable(bytes, {
    maxBytes: options.maxBytes,
    ...(onProgress && { onProgress: (f: number) => onProgress(f * PARSE_SHARE) }),
  });
  yield PARSE_SHARE;
  const mapping = typeof options.mapping === "function" ? options.mapping(table.columns) : options.mapping;
  const plan = planColumns(table, mapping, options.mergeFields ?? []);
  if (table.rows.length === 0) {
    throw new ImportFailure("no-rows", "The file has a header row but no contacts below it.");
  }

  const contacts: Contact[] = [];
  const rejected: RejectedRow[] = [];
  const merged: MergedRow[] = [];
  const suppressedLines: number[] = [];
  const byPhone = new Map<string, Contact>();
  const phoneCache = new Map<string, ReturnType<typeof normalizePhone>>();
  let nextRef = options.firstContactRef ?? 1;
  const total = table.rows.length;

  for (let r = 0; r < total; r++) {
    const row = table.rows[r];
    if (r > 0 && r % PROGRESS_EVERY === 0) yield PARSE_SHARE + (1 - PARSE_SHARE) * (r / total);
    if (isBlankRow(row.cells)) continue;
    const read = readRow(row, table.columns.length, plan, options, phoneCache);
    if (typeof read === "string") {
      rejected.push({ line: row.line, reason: read });
      continue;
    }
    if (options.doNotCall?.has(read.phone)) {
      suppressedLines.push(row.line);
      continue;
    }
    const first = byPhone.get(read.phone);
    if (first) {
      merged.push(mergeInto(first, read));
      continue;
    }
    const contact: Contact = { contactRef: `c${nextRef++}`, ...read };
    byPhone.set(contact.phone, contact);
    contacts.push(contact);
  }
  yield 1;
  return {
    ok: true,
    encoding: table.encoding,
    ...(table.notice !== undefined && { notice: table.notice }),
    delimiter: table.delimiter,
    columns: table.columns,
    rows: total,
    contacts,
    rejected,
    merged,
    suppressed: { count: suppressedLines.length, lines: suppressedLines },
  };
}

interface ColumnPlan {
  phone: number;
  attributes: [Exclude<ContactAttribute, "phone">, number][];
  fields: [string, number][];
  required: [string, number][];
}

/** Resolves the mapping's column names to indices; a mapping the file cannot satisfy imports nothing. */
function planColumns(
  table: CsvTable,
  { attributes, fields }: ColumnMapping,
  mergeFields: readonly MergeFieldSpec[],
): ColumnPlan {
  const index = new Map(table.columns.map((name, i) => [name.toLowerCase(), i]));
  const available = table.columns
    .filter((c) => c !== "")
    .map((c) => `“${c}”`)
    .join(", ");
  const find = (column: string, what: string): number => {
    const i = index.get(column.trim().toLowerCase());
    if (i === undefined) {
      throw new ImportFailure(
        "missing-column",
        `${what} is mapped to the column “${column}”, but the file has no such column (it has ${available}).`,
      );
    }
    return i;
  };
  if (!attributes.phone) {
    throw new ImportFailure(
      "no-phone-column",
      "No column is mapped to the phone number. Choose the column that holds the numbers to call.",
    );
  }
  const plan: ColumnPlan = {
    phone: find(attributes.phone, "The phone number"),
    attributes: [],
    fields: [],
    required: [],
  };
  for (const [attribute, column] of Object.entries(attributes)) {
    if (attribute === "phone" || !column || !isAttribute(attribute)) continue;
    plan.attributes.push([attribute, find(column, CONTACT_ATTRIBUTE_LABELS[attribute])]);
  }
  for (const [key, column] of Object.entries(fields)) {
    if (column) plan.fields.push([key, find(column, `The merge field ${key}`)]);
  }
  for (const field of mergeFields) {
    if (!field.required) continue;
    const mapped = plan.fields.find(([key]) => key === field.key);
    if (!mapped) {
      throw new ImportFailure(
        "missing-column",
        `The scripts need the merge field ${field.key}${field.label ? ` (${field.label})` : ""} for every contact, but no column is mapped to it.`,
      );
    }
    plan.required.push(mapped);
  }
  return plan;
}

function isAttribute(name: string): name is Exclude<ContactAttribute, "phone"> {
  return name in CONTACT_ATTRIBUTE_LABELS && name !== "phone";
}

type RowContact = Omit<Contact, "contactRef">;

/** One row as a contact, or the reason it is rejected. */
function readRow(
  row: CsvRow,
  width: number,
  plan: ColumnPlan,
  options: ContactImportOptions,
  phoneCache: Map<string, ReturnType<typeof normalizePhone>>,
): RowContact | string {
  const { cells } = row;
  if (cells.length !== width) {
    return `has ${cells.length} ${cells.length === 1 ? "value" : "values"} but the header has ${width} columns (a stray delimiter or a line break outside quotes?)`;
  }
  const raw = cells[plan.phone];
  // The same number written with other spacing or dashes is parsed once: parsing is most of the import.
  const key = phoneCacheKey(raw);
  let phone = phoneCache.get(key);
  if (!phone) {
    phone = normalizePhone(raw, options.defaultRegion);
    phoneCache.set(key, phone);
  }
  if (!phone.ok) return phone.reason;
  const contact: RowContact = { line: row.line, phone: phone.e164, fields: {} };
  for (const [attribute, i] of plan.attributes) {
    const value = cells[i].trim();
    if (value === "") continue;
    const problem = setAttribute(contact, attribute, value);
    if (problem) return problem;
  }
  for (const [key, i] of plan.fields) {
    const value = cells[i].trim();
    if (value !== "") contact.fields[key] = value;
  }
  for (const [key] of plan.required) {
    if (contact.fields[key] === undefined) return `the required merge field ${key} is empty`;
  }
  return contact;
}

/** Separators libphonenumber ignores anywhere in a number; parentheses are kept, as "(0)" means something. */
const PHONE_SEPARATORS = /[\s.\-\u00a0\u2010-\u2015]/g;

function phoneCacheKey(raw: string): string {
  return raw.replace(PHONE_SEPARATORS, "");
}

function isBlankRow(cells: readonly string[]): boolean {
  for (const cell of cells) if (cell !== "" && NOT_SPACE.test(cell)) return false;
  return true;
}
const NOT_SPACE = /\S/;

const YES = new Set(["yes", "y", "true", "1", "x", "vip", "是"]);
const NO = new Set(["no", "n", "false", "0", "否"]);
const validTimeZones = new Map<string, boolean>();

function setAttribute(
  contact: RowContact,
  attribute: Exclude<ContactAttribute, "phone">,
  value: string,
): string | undefined {
  switch (attribute) {
    case "leadClass": {
      const grade = value.toUpperCase();
      if (
        grade === "A" ||
        grade === "B" ||
        grade === "C" ||
        grade === "D" ||
        grade === "E" ||
        grade === "F"
      ) {
        contact.leadClass = grade;
        return undefined;
      }
      return `the lead class “${value}” is not one of A, B, C, D, E, F`;
    }
    case "vip": {
      const v = value.toLowerCase();
      if (YES.has(v)) contact.vip = true;
      else if (NO.has(v)) contact.vip = false;
      else return `the VIP value “${value}” is not yes or no`;
      return undefined;
    }
    case "timeZone":
      if (!isTimeZone(value))
        return `the time zone “${value}” is not an IANA time zone such as Europe/London`;
      contact.timeZone = value;
      return undefined;
    case "name":
    case "company":
    case "region":
    case "externalId":
      contact[attribute] = value;
      return undefined;
  }
}

function isTimeZone(value: string): boolean {
  let known = validTimeZones.get(value);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat("en", { timeZone: value });
      known = true;
    } catch {
      known = false;
    }
    validTimeZones.set(value, known);
  }
  return known;
}

const MERGEABLE: readonly (keyof RowContact & ContactAttribute)[] = [
  "name",
  "company",
  "timeZone",
  "leadClass",
  "vip",
  "region",
  "externalId",
];

/** Keeps the first row's values, fills its blanks from the later row, and says what happened. */
function mergeInto(first: Contact, later: RowContact): MergedRow {
  const filled: string[] = [];
  const conflicting: string[] = [];
  for (const key of MERGEABLE) {
    const outcome = fillBlank(first, later, key);
    if (outcome === "filled") filled.push(key);
    else if (outcome === "conflict") conflicting.push(key);
  }
  for (const [key, value] of Object.entries(later.fields)) {
    const current = first.fields[key];
    if (current === undefined) {
      first.fields[key] = value;
      filled.push(key);
    } else if (current !== value) conflicting.push(key);
  }
  (first.mergedLines ??= []).push(later.line);
  return { keptLine: first.line, mergedLine: later.line, contactRef: first.contactRef, filled, conflicting };
}

function fillBlank<K extends (typeof MERGEABLE)[number]>(
  first: Contact,
  later: RowContact,
  key: K,
): "filled" | "conflict" | "same" {
  const value = later[key];
  if (value === undefined) return "same";
  if (first[key] === undefined) {
    first[key] = value;
    return "filled";
  }
  return first[key] === value ? "same" : "conflict";
}

function concat(chunks: Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
