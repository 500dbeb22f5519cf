// The pilot and contact-list documents' types, generated from their schemas (see tools/gen-types.js).
export type {
  Pilot,
  Variant,
  EarlyRejection,
  Costs,
  Winner,
  ListSummary,
  StratumAttribute,
} from "~/types/generated/pilot.v1";
export type { ContactList, Contact, Assignment } from "~/types/generated/contact-list.v1";

export const CURRENT_PILOT_SCHEMA_VERSION = 1;
