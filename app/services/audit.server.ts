import { randomBytes } from "node:crypto";
import type { StorageAdapter } from "~/storage/storage-adapter";
import type { AuditEntry } from "~/types/generated/audit-entry.v1";
import auditSchema from "../../schemas/audit-entry.v1.schema.json";
import { getAppContext } from "./app-context.server";
import { compileSchema, parseWith } from "./schema-validation.server";

export type { AuditEntry };

type DetailValue = string | number | boolean | null | (string | number | boolean)[];

/** Who acted: a signed-in user (as requireUser returns it), a user id, or a system actor id ("cli"). */
export type AuditActor = { id: string; username?: string } | string | null;

export interface AuditInput {
  actor: AuditActor;
  /** Lower-case words joined by dots or dashes, e.g. "login", "user.created", "version.approved". */
  action: string;
  object: { type: string; id: string };
  details?: Record<string, DetailValue | undefined>;
  /** Defaults to the clock; tests pass one. */
  at?: string;
  /** Defaults to the app's storage. */
  storage?: StorageAdapter;
}

const validateEntry = compileSchema<AuditEntry>(auditSchema);

/**
 * Detail keys that would put secrets or personal data in the log. They are dropped rather than refused so
 * that a careless caller cannot make an audited action fail, and the log never holds them.
 */
const FORBIDDEN_DETAIL = /pass|hash|secret|token|cookie|phone|email|name|contact|address|otherText|text/i;
/** Plain identifiers and short labels only: a long free text is likely to carry personal data. */
const MAX_DETAIL_STRING = 200;

/**
 * Appends one entry to the audit log. There is deliberately no function to change or remove entries: the
 * app only ever appends (storage.save with revision 0), so nobody can edit the log through it.
 */
export async function recordAudit(input: AuditInput): Promise<AuditEntry> {
  const storage = input.storage ?? (await getAppContext()).storage;
  const at = input.at ?? new Date().toISOString();
  const actor =
    input.actor === null
      ? { id: "anonymous" }
      : typeof input.actor === "string"
        ? { id: input.actor }
        : { id: input.actor.id, ...(input.actor.username ? { username: input.actor.username } : {}) };
  const entry: AuditEntry = {
    schemaVersion: 1,
    id: `a-${String(Date.parse(at)).padStart(13, "0")}-${randomBytes(6).toString("hex")}`,
    revision: 0,
    at,
    actor,
    action: input.action,
    object: { type: input.object.type, id: input.object.id },
    ...(input.details ? { details: cleanDetails(input.details) } : {}),
  };
  return storage.save("audit", parseWith(validateEntry, entry, "audit entry"), 0);
}

function cleanDetails(details: Record<string, DetailValue | undefined>): Record<string, DetailValue> {
  const clean: Record<string, DetailValue> = {};
  for (const [key, value] of Object.entries(details)) {
    if (value === undefined || FORBIDDEN_DETAIL.test(key)) continue;
    clean[key] = typeof value === "string" ? value.slice(0, MAX_DETAIL_STRING) : value;
  }
  return clean;
}

export interface AuditFilter {
  /** A user id or username. */
  actor?: string;
  /** An exact action, or a prefix ending in "." ("user." for every user change). */
  action?: string;
  objectType?: string;
  objectId?: string;
  /** ISO dates or date-times; `to` is inclusive of that whole day when given as a date. */
  from?: string;
  to?: string;
  page?: number;
  pageSize?: number;
}

export interface AuditPage {
  entries: AuditEntry[];
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
  /** Every action that occurs in the log, for a filter menu. */
  actions: string[];
}

/** Newest first, filtered and paged. */
export async function listAudit(filter: AuditFilter = {}, storage?: StorageAdapter): Promise<AuditPage> {
  const store = storage ?? (await getAppContext()).storage;
  const all = await store.list<AuditEntry>("audit");
  const from = filter.from ? Date.parse(filter.from) : undefined;
  const to = filter.to ? endOf(filter.to) : undefined;
  const actor = filter.actor?.trim().toLowerCase();
  const matches = all.filter((e) => {
    if (actor && e.actor.id.toLowerCase() !== actor && e.actor.username?.toLowerCase() !== actor)
      return false;
    if (filter.action) {
      if (filter.action.endsWith(".") ? !e.action.startsWith(filter.action) : e.action !== filter.action)
        return false;
    }
    if (filter.objectType && e.object.type !== filter.objectType) return false;
    if (filter.objectId && e.object.id !== filter.objectId) return false;
    const at = Date.parse(e.at);
    if (from !== undefined && !Number.isNaN(from) && at < from) return false;
    if (to !== undefined && !Number.isNaN(to) && at > to) return false;
    return true;
  });
  matches.sort((a, b) => (a.at === b.at ? b.id.localeCompare(a.id) : b.at.localeCompare(a.at)));
  const pageSize = Math.min(200, Math.max(1, filter.pageSize ?? 50));
  const pageCount = Math.max(1, Math.ceil(matches.length / pageSize));
  const page = Math.min(pageCount, Math.max(1, Math.floor(filter.page ?? 1)));
  return {
    entries: matches.slice((page - 1) * pageSize, page * pageSize),
    total: matches.length,
    page,
    pageCount,
    pageSize,
    actions: [...new Set(all.map((e) => e.action))].sort(),
  };
}

/** A bare date means "until the end of that day (UTC)". */
function endOf(value: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T23:59:59.999Z`) : Date.parse(value);
}
