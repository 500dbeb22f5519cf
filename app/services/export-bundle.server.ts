// ScriptPilot's own export bundle (schemas/export-bundle.v1.schema.json), read back by import and the CLI.
// Kept apart from exports.server.ts so that import does not load the plugins.
import bundleSchema from "../../schemas/export-bundle.v1.schema.json";
import { DomainError } from "~/domain/domain-error";
import type { Script } from "~/domain/script-types";
import type { ExportBundle } from "~/types/generated/export-bundle.v1";
import { compileSchema, formatAjvErrors, parseScriptDocument } from "./schema-validation.server";

export type { ExportBundle };

const validateBundle = compileSchema<ExportBundle>(bundleSchema);

/** True for a document that says it is a ScriptPilot bundle (whether or not it is a valid one). */
export function looksLikeBundle(raw: unknown): boolean {
  return (
    typeof raw === "object" && raw !== null && (raw as { format?: unknown }).format === "scriptpilot-bundle"
  );
}

export function isValidBundle(raw: unknown): raw is ExportBundle {
  return validateBundle(raw);
}

/** The bundle's script, migrated and validated; DomainError("invalid") naming each problem otherwise. */
export function scriptFromBundle(raw: unknown): { bundle: ExportBundle; script: Script } {
  if (validateBundle(raw)) return { bundle: raw, script: parseScriptDocument(raw.script) };
  const errors = validateBundle.errors ?? [];
  const envelope = errors.filter((e) => !e.instancePath.startsWith("/script"));
  if (envelope.length === 0 && typeof raw === "object" && raw !== null) {
    // Only the script is wrong: the script parser names the node and field.
    parseScriptDocument((raw as { script?: unknown }).script);
  }
  throw new DomainError(
    "invalid",
    "This is not a valid ScriptPilot export bundle.",
    formatAjvErrors(envelope.length > 0 ? envelope : errors, raw),
  );
}
