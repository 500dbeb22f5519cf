import { DomainError } from "../domain-error";
import { CURRENT_SCRIPT_SCHEMA_VERSION } from "../script-types";

/** One numbered step: turns a document of version `from` into one of version `from + 1`. */
export type MigrationStep = (doc: Record<string, unknown>) => Record<string, unknown>;

/**
 * Steps for the script document, keyed by the version they read. Empty while v1 is the only version;
 * when v2 arrives, `1: (doc) => ({ ...doc, schemaVersion: 2, ... })` goes here with a test.
 */
export const SCRIPT_MIGRATIONS: Readonly<Record<number, MigrationStep>> = {};

/**
 * Brings a stored or imported document up to the current schema version, before it is validated.
 * Refuses documents from a newer ScriptPilot rather than guessing at them. Anything that is not an
 * object with a numeric schemaVersion is passed through untouched for the schema to describe.
 */
export function migrateScript(
  raw: unknown,
  steps: Readonly<Record<number, MigrationStep>> = SCRIPT_MIGRATIONS,
  current: number = CURRENT_SCRIPT_SCHEMA_VERSION,
): unknown {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return raw;
  let doc = raw as Record<string, unknown>;
  const version = doc["schemaVersion"];
  if (typeof version !== "number" || !Number.isInteger(version)) return raw;
  if (version > current) {
    throw new DomainError(
      "unsupported-version",
      `This script was saved by a newer version of ScriptPilot (script schema version ${version}); this one reads up to version ${current}. Update ScriptPilot to open it.`,
    );
  }
  for (let v = version; v < current; v++) {
    const step = steps[v];
    if (!step) {
      throw new DomainError(
        "unsupported-version",
        `Script schema version ${version} cannot be upgraded: no migration from version ${v} to ${v + 1}.`,
      );
    }
    doc = step(doc);
  }
  return doc;
}
