import type { ColumnMapping } from "./import/column-mapping";
import type { ContactImportSuccess } from "./import/contact-import";
import type { Contact, ContactList, ListSummary } from "./pilot-types";

/** The contacts.json document for a pilot's (assigned) sample list. */
export function buildContactList(input: {
  pilotId: string;
  importedAt: string;
  fileName?: string;
  defaultRegion: string;
  mapping: ColumnMapping;
  contacts: Contact[];
}): ContactList {
  return {
    schemaVersion: 1,
    pilotId: input.pilotId,
    importedAt: input.importedAt,
    ...(input.fileName !== undefined && { fileName: input.fileName }),
    defaultRegion: input.defaultRegion,
    fields: Object.entries(input.mapping.fields).map(([key, column]) => ({ key, column })),
    contacts: input.contacts,
  };
}

/** The counts the pilot document keeps about its list: never a name or a number. */
export function summarizeList(
  result: ContactImportSuccess,
  assigned: readonly Contact[],
  { importedAt, fileName }: { importedAt: string; fileName?: string },
): ListSummary {
  const assignedPerVariant: Record<string, number> = {};
  for (const contact of assigned) {
    const id = contact.assignment?.variantId;
    if (id !== undefined) assignedPerVariant[id] = (assignedPerVariant[id] ?? 0) + 1;
  }
  return {
    ...(fileName !== undefined && { fileName }),
    importedAt,
    rows: result.rows,
    contacts: result.contacts.length,
    rejected: result.rejected.length,
    duplicatesMerged: result.merged.length,
    suppressed: result.suppressed.count,
    assignedPerVariant,
  };
}
