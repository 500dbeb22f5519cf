import { AAPOR_DISPOSITIONS } from "../../aapor-dispositions";
import type { AaporDisposition, Script } from "../../script-types";
import type { CallSummary } from "../call-summary";
import type { Pilot } from "../pilot-types";
import { normalizeColumnName } from "./column-mapping";
import { readCsvTable, type CsvTable } from "./csv-table";
import { ImportFailure, isImportFailure, type ImportFailureReason, type RejectedRow } from "./import-failure";
import { parseTimestamp } from "./timestamp";

/** The dialer export's columns (docs/pilot-results-csv.md). Header names match ignoring case, spaces, _ and -. */
export const RESULT_COLUMNS = {
  contactId: { header: "contact_id", required: true },
  variant: { header: "variant", required: true },
  agent: { header: "agent", required: false },
  startedAt: { header: "started_at", required: true },
  connected: { header: "connected", required: true },
  talkSeconds: { header: "talk_seconds", required: true },
  disposition: { header: "disposition", required: true },
  lastNodeId: { header: "last_node_id", required: true },
  endedBy: { header: "ended_by", required: true },
  callId: { header: "call_id", required: false },
  success: { header: "success", required: false },
  checkpointReached: { header: "checkpoint_reached", required: false },
  nodesPath: { header: "nodes_path", required: false },
  objections: { header: "objections", required: false },
} as const;

type ResultColumn = keyof typeof RESULT_COLUMNS;

export interface ResultsImportOptions {
  pilot: Pick<Pilot, "variants" | "earlyRejection" | "successOutcomes">;
  /** Each variant's frozen script, by variant id. */
  scripts: Readonly<Record<string, Script>>;
  /** Offset assumed for timestamps written without one (e.g. "+01:00"); absent: such rows are rejected. */
  defaultUtcOffset?: string;
  maxBytes?: number;
  onProgress?: (fraction: number) => void;
}

export interface ResultsImportSuccess {
  ok: true;
  rows: number;
  summaries: CallSummary[];
  rejected: RejectedRow[];
  /** Columns the file has that are not part of the format; they are ignored. */
  ignoredColumns: string[];
}

export type ResultsImportResult =
  ResultsImportSuccess | { ok: false; reason: ImportFailureReason; message: string };

/**
 * Reads a dialer's results export into CallSummary rows (ADR 0004), checking each row against the pilot:
 * a known variant, a node of that variant's script, a real timestamp, a known AAPOR code. Each call's id
 * is a hash of (contact id, start time in UTC, variant) unless the file gives one, so importing the same
 * export twice yields the same ids and the store can skip what it already has.
 */
export function importResults(bytes: Uint8Array, options: ResultsImportOptions): ResultsImportResult {
  try {
    return run(
      readCsvTable(bytes, { maxBytes: options.maxBytes, onProgress: (f) => options.onProgress?.(f * 0.5) }),
      options,
    );
  } catch (error) {
    if (isImportFailure(error)) return { ok: false, reason: error.reason, message: error.message };
    throw error;
  }
}

const DISPOSITIONS = new Set<string>(AAPOR_DISPOSITIONS.map((d) => d.code));
const ENDED_BY = new Set(["script", "customer", "agent"]);
const YES = new Set(["yes", "y", "true", "1"]);
const NO = new Set(["no", "n", "false", "0"]);

interface VariantIndex {
  id: string;
  script: Script;
  nodeIds: Set<string>;
  checkpointNodeId?: string;
  objectionIds: Set<string>;
}

function run(table: CsvTable, options: ResultsImportOptions): ResultsImportSuccess {
  const columns = locateColumns(table.columns);
  if (table.rows.length === 0)
    throw new ImportFailure("no-rows", "The file has a header row but no calls below it.");
  const variants = indexVariants(options);
  const summaries: CallSummary[] = [];
  const rejected: RejectedRow[] = [];
  const seen = new Map<string, number>();
  const width = table.columns.length;
  table.rows.forEach((row, r) => {
    if (options.onProgress && r % 2000 === 0) options.onProgress(0.5 + (0.5 * r) / table.rows.length);
    if (row.cells.every((c) => c.trim() === "")) return;
    if (row.cells.length !== width) {
      rejected.push({
        line: row.line,
        reason: `has ${row.cells.length} values but the header has ${width} columns`,
      });
      return;
    }
    const cell = (column: ResultColumn) => {
      const i = columns.get(column);
      return i === undefined ? "" : row.cells[i].trim();
    };
    const summary = readRow(cell, variants, options);
    if (typeof summary === "string") {
      rejected.push({ line: row.line, reason: summary });
      return;
    }
    const earlier = seen.get(summary.callId);
    if (earlier !== undefined) {
      rejected.push({
        line: row.line,
        reason: `repeats the call on line ${earlier} (same contact, start time and variant)`,
      });
      return;
    }
    seen.set(summary.callId, row.line);
    summaries.push(summary);
  });
  options.onProgress?.(1);
  const known = new Set(columns.values());
  return {
    ok: true,
    rows: table.rows.length,
    summaries,
    rejected,
    ignoredColumns: table.columns.filter((name, i) => !known.has(i) && name !== ""),
  };
}

function locateColumns(header: string[]): Map<ResultColumn, number> {
  const byName = new Map(header.map((name, i) => [normalizeColumnName(name), i]));
  const located = new Map<ResultColumn, number>();
  const missing: string[] = [];
  for (const [column, spec] of Object.entries(RESULT_COLUMNS) as [
    ResultColumn,
    (typeof RESULT_COLUMNS)[ResultColumn],
  ][]) {
    const i = byName.get(normalizeColumnName(spec.header));
    if (i !== undefined) located.set(column, i);
    else if (spec.required) missing.push(spec.header);
  }
  if (missing.length > 0) {
    throw new ImportFailure(
      "missing-column",
      `The file has no ${missing.join(", ")} column${missing.length > 1 ? "s" : ""}. The results format needs: ${Object.values(
        RESULT_COLUMNS,
      )
        .filter((c) => c.required)
        .map((c) => c.header)
        .join(", ")} (see docs/pilot-results-csv.md).`,
    );
  }
  return located;
}

function indexVariants(options: ResultsImportOptions): Map<string, VariantIndex> {
  const out = new Map<string, VariantIndex>();
  for (const variant of options.pilot.variants) {
    const script = options.scripts[variant.id];
    if (!script) throw new Error(`importResults: no script given for variant ${variant.id}`);
    const entry: VariantIndex = {
      id: variant.id,
      script,
      nodeIds: new Set(script.nodes.map((n) => n.id)),
      objectionIds: new Set(script.objections.map((o) => o.id)),
    };
    const checkpoint = options.pilot.earlyRejection.checkpoints?.find((c) => c.variantId === variant.id);
    if (checkpoint) entry.checkpointNodeId = checkpoint.nodeId;
    // A variant is named by its id or, as a dialer may only know it, by its label.
    out.set(variant.id.toLowerCase(), entry);
    if (!out.has(variant.label.toLowerCase())) out.set(variant.label.toLowerCase(), entry);
  }
  return out;
}

function readRow(
  cell: (column: ResultColumn) => string,
  variants: Map<string, VariantIndex>,
  options: ResultsImportOptions,
): CallSummary | string {
  const contactId = cell("contactId");
  if (contactId === "") return "contact_id is empty";
  const variantName = cell("variant");
  const variant = variants.get(variantName.toLowerCase());
  if (!variant) {
    const names = options.pilot.variants.map((v) => v.id).join(", ");
    return variantName === ""
      ? "variant is empty"
      : `variant “${variantName}” is not one of this pilot's variants (${names})`;
  }
  const started = parseTimestamp(cell("startedAt"), options.defaultUtcOffset);
  if (!started.ok) return `started_at ${started.reason}`;
  const connected = yesNo(cell("connected"));
  if (connected === undefined) return `connected “${cell("connected")}” is not yes or no`;
  const talkText = cell("talkSeconds");
  const talkSeconds = talkText === "" && !connected ? 0 : Number(talkText);
  if (talkText !== "" && !/^-?\d+(\.\d+)?$/.test(talkText))
    return `talk_seconds “${talkText}” is not a number`;
  if (talkSeconds < 0) return `talk_seconds is negative (${talkText})`;
  const disposition = cell("disposition");
  if (!isDisposition(disposition))
    return `disposition “${disposition}” is not an AAPOR final disposition code (e.g. 1.1, 2.11, 2.12)`;
  const lastNodeId = cell("lastNodeId");
  if (!variant.nodeIds.has(lastNodeId)) {
    return lastNodeId === ""
      ? "last_node_id is empty"
      : `last_node_id “${lastNodeId}” is not a step of “${variant.script.title}” (variant ${variant.id})`;
  }
  const endedBy = cell("endedBy").toLowerCase();
  if (!isEndedBy(endedBy)) return `ended_by “${cell("endedBy")}” is not script, customer or agent`;

  const path = readPath(cell("nodesPath"), variant);
  if (typeof path === "string") return path;
  const reached = path ?? [];
  const checkpointText = cell("checkpointReached");
  if (checkpointText !== "") {
    const reachedCheckpoint = yesNo(checkpointText);
    if (reachedCheckpoint === undefined) return `checkpoint_reached “${checkpointText}” is not yes or no`;
    if (!variant.checkpointNodeId)
      return `checkpoint_reached is given but variant ${variant.id} has no checkpoint`;
    if (reachedCheckpoint && !reached.includes(variant.checkpointNodeId))
      reached.push(variant.checkpointNodeId);
  }
  if (!reached.includes(lastNodeId)) reached.push(lastNodeId);
  // A call nobody answered went through no step, as run mode records it.
  if (!connected) reached.length = 0;

  const objections = readObjections(cell("objections"), variant);
  if (typeof objections === "string") return objections;
  const successText = cell("success");
  const success =
    successText === ""
      ? successOf(lastNodeId, variant.script, options.pilot.successOutcomes)
      : yesNo(successText);
  if (success === undefined) return `success “${successText}” is not yes or no`;

  const callId = cell("callId") || `csv-${hashKey(`${contactId}\u0000${started.iso}\u0000${variant.id}`)}`;
  const agent = cell("agent");
  return {
    callId,
    variantId: variant.id,
    contactRef: contactId,
    ...(agent !== "" && { agent }),
    startedAt: started.iso,
    connected,
    talkSeconds,
    endedBy,
    aaporCode: disposition,
    success,
    endNodeId: lastNodeId,
    reachedNodeIds: reached,
    objections,
  };
}

/** nodes_path: node ids in the order reached, separated by > or |. Repeats are dropped (first visit kept). */
function readPath(text: string, variant: VariantIndex): string[] | undefined | string {
  if (text === "") return undefined;
  const ids = text.split(/\s*[>|]\s*/).filter((s) => s !== "");
  const unknown = ids.find((id) => !variant.nodeIds.has(id));
  if (unknown !== undefined)
    return `nodes_path has “${unknown}”, which is not a step of “${variant.script.title}” (variant ${variant.id})`;
  return [...new Set(ids)];
}

/** objections: objectionId@nodeId entries separated by |. */
function readObjections(text: string, variant: VariantIndex): CallSummary["objections"] | string {
  if (text === "") return [];
  const out: CallSummary["objections"] = [];
  for (const entry of text
    .split("|")
    .map((s) => s.trim())
    .filter((s) => s !== "")) {
    const [objectionId, nodeId, extra] = entry.split("@");
    if (extra !== undefined || !objectionId || !nodeId)
      return `objections entry “${entry}” is not objectionId@nodeId`;
    if (!variant.objectionIds.has(objectionId))
      return `objection “${objectionId}” is not one of “${variant.script.title}”'s objections`;
    if (!variant.nodeIds.has(nodeId))
      return `objection “${objectionId}” was raised at “${nodeId}”, which is not a step of “${variant.script.title}”`;
    out.push({ objectionId, nodeId });
  }
  return out;
}

/** Without a success column: the pilot's success end nodes decide, else the end node's own outcome. */
function successOf(lastNodeId: string, script: Script, successOutcomes: readonly string[]): boolean {
  if (successOutcomes.length > 0) return successOutcomes.includes(lastNodeId);
  const node = script.nodes.find((n) => n.id === lastNodeId);
  return node?.kind === "end" && node.outcome.success;
}

function yesNo(text: string): boolean | undefined {
  const v = text.toLowerCase();
  return YES.has(v) ? true : NO.has(v) ? false : undefined;
}

function isDisposition(code: string): code is AaporDisposition {
  return DISPOSITIONS.has(code);
}

function isEndedBy(value: string): value is CallSummary["endedBy"] {
  return ENDED_BY.has(value);
}

/** Two FNV-1a passes with different offsets: 64 bits, ample against collisions within one pilot. */
function hashKey(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x9e3779b9;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, "0") + (b >>> 0).toString(16).padStart(8, "0");
}
