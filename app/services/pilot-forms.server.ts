import { isDomainError, type ProblemDetail } from "~/domain/domain-error";
import { CONTACT_ATTRIBUTES, type ColumnMapping } from "~/domain/pilots/import/column-mapping";
import type { RejectedRow } from "~/domain/pilots/import/import-failure";
import { NotFoundError } from "~/storage/storage-adapter";
import {
  importPilotContacts,
  importPilotDoNotCall,
  importPilotResults,
  type PilotActor,
} from "./pilots.server";

/**
 * The pilot upload forms (sample list, do-not-call list, dialer results) read into service calls. Shared by
 * the pages' actions (plain form posts) and the upload endpoint the page's script uses for a progress bar.
 */

/** Rows listed back to the browser; the counts say how many more there were. */
const MAX_LISTED = 1000;

export type UploadResult =
  | {
      ok: true;
      kind: "contacts" | "do-not-call" | "results";
      summary: string;
      rejected: RejectedRow[];
      rejectedTotal: number;
      notice?: string;
    }
  | { ok: false; error: string; details: ProblemDetail[] };

export const DEFAULT_PHONE_REGION = "GB";

export async function handlePilotUpload(
  pilotId: string,
  form: FormData,
  actor: PilotActor,
  now: string,
): Promise<UploadResult> {
  const intent = form.get("intent");
  const file = form.get("file");
  if (!(file instanceof Blob) || file.size === 0) {
    return { ok: false, error: "Choose a CSV file to upload.", details: [] };
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const fileName = file instanceof File && file.name ? file.name : undefined;
  const region = textOf(form, "defaultRegion") || DEFAULT_PHONE_REGION;
  try {
    if (intent === "do-not-call") {
      const r = await importPilotDoNotCall(pilotId, bytes, { defaultRegion: region }, actor, now);
      return listed(
        "do-not-call",
        `${r.numbers} numbers are on the do-not-call list; ${r.suppressedContacts} contacts of the list are left out.`,
        r.rejected,
      );
    }
    if (intent === "results") {
      const offset = textOf(form, "defaultUtcOffset");
      const r = await importPilotResults(
        pilotId,
        bytes,
        offset ? { defaultUtcOffset: offset } : {},
        actor,
        now,
      );
      return listed(
        "results",
        `${r.rows} rows read: ${r.added} calls added, ${r.alreadyImported} already imported, ${r.rejected.length} rejected.${r.ignoredColumns.length ? ` Ignored columns: ${r.ignoredColumns.join(", ")}.` : ""}`,
        r.rejected,
      );
    }
    const r = await importPilotContacts(
      pilotId,
      bytes,
      { defaultRegion: region, ...(fileName && { fileName }), ...mappingOf(form) },
      actor,
      now,
    );
    return listed(
      "contacts",
      `${r.rows} rows read: ${r.contacts} contacts imported and assigned, ${r.rejected.length} rejected, ${r.duplicatesMerged} duplicates merged, ${r.suppressed} on the do-not-call list.`,
      r.rejected,
      r.notice,
    );
  } catch (error) {
    if (isDomainError(error)) return { ok: false, error: error.message, details: error.details };
    if (error instanceof NotFoundError) return { ok: false, error: error.message, details: [] };
    throw error;
  }
}

function listed(
  kind: "contacts" | "do-not-call" | "results",
  summary: string,
  rejected: RejectedRow[],
  notice?: string,
): UploadResult {
  return {
    ok: true,
    kind,
    summary,
    rejected: rejected.slice(0, MAX_LISTED),
    rejectedTotal: rejected.length,
    ...(notice !== undefined && { notice }),
  };
}

/** The lead's column choices (`attr-phone`, `field-firstName`), when the page sent them; else none (guess). */
function mappingOf(form: FormData): { mapping?: ColumnMapping } {
  if (form.get("mapping") !== "explicit") return {};
  const mapping: ColumnMapping = { attributes: {}, fields: {} };
  for (const attribute of CONTACT_ATTRIBUTES) {
    const column = textOf(form, `attr-${attribute}`);
    if (column) mapping.attributes[attribute] = column;
  }
  for (const [name, value] of form.entries()) {
    if (name.startsWith("field-") && typeof value === "string" && value.trim()) {
      mapping.fields[name.slice("field-".length)] = value.trim();
    }
  }
  return { mapping };
}

function textOf(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value.trim() : "";
}
