import type { Pilot } from "~/domain/pilots/pilot-types";
import type { ContactList } from "~/domain/pilots/pilot-types";
import { NotFoundError, type StorageAdapter } from "~/storage/storage-adapter";
import contactListSchema from "../../schemas/contact-list.v1.schema.json";
import pilotSchema from "../../schemas/pilot.v1.schema.json";
import { compileSchema, parseWith } from "./schema-validation.server";

const validatePilot = compileSchema<Pilot>(pilotSchema);
const validateContactList = compileSchema<ContactList>(contactListSchema);

export function parsePilot(doc: unknown): Pilot {
  return parseWith(validatePilot, doc, "pilot");
}

export function parseContactList(doc: unknown): ContactList {
  return parseWith(validateContactList, doc, "contact list");
}

/** The stored pilot, checked against its schema; NotFoundError (404) when there is none. */
export async function loadPilot(storage: StorageAdapter, pilotId: string): Promise<Pilot> {
  const doc = await storage.get("pilots", pilotId);
  if (!doc) throw new NotFoundError("pilots", pilotId, `There is no pilot “${pilotId}”.`);
  return parsePilot(doc);
}
