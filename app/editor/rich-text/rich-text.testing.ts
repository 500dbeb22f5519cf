// Test support for app/editor/rich-text (imported by tests only).
import { Ajv } from "ajv";
import addFormatsPlugin from "ajv-formats";
import scriptSchema from "../../../schemas/script.v1.schema.json";

// Same Ajv settings as app/services/schema-validation.server.ts, which app/editor may not import.
const addFormats = ((addFormatsPlugin as unknown as { default?: typeof addFormatsPlugin }).default ??
  addFormatsPlugin) as typeof addFormatsPlugin;
const ajv = new Ajv({ allErrors: true, discriminator: true, strict: true, strictRequired: false });
addFormats(ajv);
ajv.addSchema(scriptSchema);

/** Validates a whole script document against schemas/script.v1.schema.json. */
export const validateScript = ajv.getSchema(scriptSchema.$id)!;
/** Validates one RichText value against the script schema's RichText definition. */
export const validateRichText = ajv.compile({ $ref: `${scriptSchema.$id}#/definitions/RichText` });
