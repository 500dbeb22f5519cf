import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isDomainError } from "~/domain/domain-error";
import {
  compileSchema,
  isSchemaValidScript,
  parseScriptDocument,
  parseWith,
} from "~/services/schema-validation.server";
import {
  callEventProblems,
  callRecordProblems,
  isCallEvent,
  isCallRecord,
} from "~/services/call-schemas.server";
import { isApiKeyDocument } from "~/services/api-keys.server";
import { isValidCommentThread, parseCommentThread } from "~/services/comments.server";
import { isValidVersion, parseVersion } from "~/services/versions.server";
import { isValidBundle, scriptFromBundle } from "~/services/export-bundle.server";
import { isValidManifest, manifestProblems } from "../../plugins/sdk/manifest";
import contactListSchema from "../../schemas/contact-list.v1.schema.json";
import pilotSchema from "../../schemas/pilot.v1.schema.json";
import pilotReportSchema from "../../schemas/pilot-report.v1.schema.json";
import auditEntrySchema from "../../schemas/audit-entry.v1.schema.json";
import sessionSchema from "../../schemas/session.v1.schema.json";
import userSchema from "../../schemas/user.v1.schema.json";
import { isWebhookTargetDocument } from "~/services/webhook-targets.server";

/**
 * Every schema's examples: `schemas/examples/valid/*` must validate and `schemas/examples/invalid/*` must
 * not. An example's file name starts with the schema it is for (`script.minimal.json` is a script), so each
 * schema can add its own; an example for a schema that does not exist, or has no validator below, fails.
 */
const SCHEMAS_DIR = path.resolve(import.meta.dirname, "../../schemas");
const EXAMPLES_DIR = path.join(SCHEMAS_DIR, "examples");

interface ExampleValidator {
  isValid(doc: unknown): boolean;
  /** Why a document is invalid, in the words the app uses; shown when a valid example fails. */
  explain(doc: unknown): string;
}

/** The project's own validators, by schema name; add one when a schema gets examples. */
const VALIDATORS: Record<string, ExampleValidator> = {
  script: {
    isValid: isSchemaValidScript,
    explain: (doc) => {
      try {
        parseScriptDocument(doc);
        return "valid";
      } catch (error) {
        if (!isDomainError(error)) throw error;
        return error.details.map((d) => `${d.path} ${d.message}`).join("\n") || error.message;
      }
    },
  },
  pilot: schemaValidator(pilotSchema, "pilot"),
  "pilot-report": schemaValidator(pilotReportSchema, "pilot report"),
  "contact-list": schemaValidator(contactListSchema, "contact list"),
  "call-event": { isValid: isCallEvent, explain: (doc) => callEventProblems(doc).join("\n") || "valid" },
  "call-record": { isValid: isCallRecord, explain: (doc) => callRecordProblems(doc).join("\n") || "valid" },
  "api-key": { isValid: isApiKeyDocument, explain: (doc) => (isApiKeyDocument(doc) ? "valid" : "not a valid API key") },
  "script-version": { isValid: isValidVersion, explain: (doc) => explainParse(() => parseVersion(doc)) },
  comment: { isValid: isValidCommentThread, explain: (doc) => explainParse(() => parseCommentThread(doc)) },
  user: schemaValidator(userSchema, "user"),
  session: schemaValidator(sessionSchema, "session"),
  "audit-entry": schemaValidator(auditEntrySchema, "audit entry"),
  "plugin-manifest": { isValid: isValidManifest, explain: (doc) => manifestProblems(doc).join("\n") || "valid" },
  "export-bundle": { isValid: isValidBundle, explain: (doc) => explainParse(() => scriptFromBundle(doc)) },
  "webhook-target": {
    isValid: isWebhookTargetDocument,
    explain: (doc) => (isWebhookTargetDocument(doc) ? "valid" : "not a valid webhook target"),
  },
};

/** The app's own parser's problems, by path, for a valid example that fails. */
function explainParse(parse: () => unknown): string {
  try {
    parse();
    return "valid";
  } catch (error) {
    if (!isDomainError(error)) throw error;
    return error.details.map((d) => `${d.path} ${d.message}`).join("\n") || error.message;
  }
}

/** A validator for a schema compiled on the app's one Ajv instance, explained by the app's formatter. */
function schemaValidator(schema: object, what: string): ExampleValidator {
  const validate = compileSchema(schema);
  return {
    isValid: (doc) => validate(doc),
    explain: (doc) => {
      try {
        parseWith(validate, doc, what);
        return "valid";
      } catch (error) {
        if (!isDomainError(error)) throw error;
        return error.details.map((d) => `${d.path} ${d.message}`).join("\n") || error.message;
      }
    },
  };
}

const schemaFiles = readdirSync(SCHEMAS_DIR).filter((f) => f.endsWith(".schema.json"));
const schemaNames = new Set(schemaFiles.map(schemaNameOf));

describe.each(schemaFiles)("schema %s", (file) => {
  const schema = readJson(path.join(SCHEMAS_DIR, file));

  it("is a closed, identified JSON Schema", () => {
    expect(schema).toMatchObject({ $id: expect.stringMatching(new RegExp(`/${escape(file)}$`)) });
    expect(schema).toHaveProperty("additionalProperties", false);
  });
});

describe.each(["valid", "invalid"] as const)("%s examples", (kind) => {
  const dir = path.join(EXAMPLES_DIR, kind);
  const files = readdirSync(dir).filter((f) => !f.startsWith("."));

  it("are JSON files named <schema>.<what they show>.json for a schema with a validator", () => {
    for (const file of files) {
      expect(file, `${kind}/${file}`).toMatch(/^[a-z0-9-]+\.[a-z0-9-]+(\.[a-z0-9-]+)*\.json$/);
      const prefix = file.split(".")[0];
      expect(schemaNames.has(prefix), `${kind}/${file}: no schemas/${prefix}.v<N>.schema.json`).toBe(true);
      expect(
        VALIDATORS[prefix],
        `${kind}/${file}: register a validator for “${prefix}” in VALIDATORS`,
      ).toBeDefined();
    }
  });

  it.each(files)(`${kind}/%s`, (file) => {
    const validator = VALIDATORS[file.split(".")[0]];
    if (!validator) throw new Error(`${kind}/${file}: no validator for its schema`);
    const doc = readJson(path.join(dir, file));
    if (kind === "valid") expect(validator.isValid(doc), validator.explain(doc)).toBe(true);
    else expect(validator.isValid(doc), `${kind}/${file} validates but should not`).toBe(false);
  });
});

describe("example coverage", () => {
  it.each(Object.keys(VALIDATORS))("%s has valid and invalid examples", (name) => {
    const count = (kind: string) =>
      readdirSync(path.join(EXAMPLES_DIR, kind)).filter((f) => f.startsWith(`${name}.`)).length;
    expect(count("valid")).toBeGreaterThan(0);
    expect(count("invalid")).toBeGreaterThan(0);
  });
});

function schemaNameOf(file: string): string {
  return file.replace(/\.v\d+\.schema\.json$/, "");
}

function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, "utf8"));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
