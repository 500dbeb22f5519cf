import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsPlugin from "ajv-formats";
import scriptSchema from "../../schemas/script.v1.schema.json";
import { DomainError, type ProblemDetail } from "~/domain/domain-error";
import { migrateScript } from "~/domain/migrations/migrate-script";
import type { Script } from "~/domain/script-types";

// ajv-formats is CommonJS; its default export arrives wrapped under some loaders.
const addFormats = ((addFormatsPlugin as unknown as { default?: typeof addFormatsPlugin }).default ??
  addFormatsPlugin) as typeof addFormatsPlugin;

/** The one Ajv instance: every schema is compiled once, when this module loads. */
const ajv = new Ajv({ allErrors: true, discriminator: true, strict: true, strictRequired: false });
addFormats(ajv);

const validateScriptSchema: ValidateFunction<Script> = ajv.compile<Script>(scriptSchema);

/**
 * Compiles another document's schema on the same instance, so its `$ref`s to the script schema (by `$id`)
 * resolve. Call it once at module load in the module that owns that document.
 */
export function compileSchema<T>(schema: object): ValidateFunction<T> {
  return ajv.compile<T>(schema);
}

/** Validates against a compiled schema; throws DomainError("invalid") naming each problem. */
export function parseWith<T>(validate: ValidateFunction<T>, raw: unknown, what: string): T {
  if (validate(raw)) return raw;
  throw new DomainError("invalid", `This is not a valid ${what}.`, formatAjvErrors(validate.errors ?? [], raw));
}

const MAX_PROBLEMS = 50;

/** Exposed for the benchmark and tests that want bare schema validation without migration. */
export function isSchemaValidScript(doc: unknown): doc is Script {
  return validateScriptSchema(doc);
}

/**
 * Migrates then validates a script document from outside (import, storage, API).
 * Throws DomainError("invalid") listing each problem by node and field, or ("unsupported-version").
 */
export function parseScriptDocument(raw: unknown): Script {
  const doc = migrateScript(raw);
  if (validateScriptSchema(doc)) return doc;
  throw new DomainError(
    "invalid",
    "This is not a valid ScriptPilot script.",
    formatAjvErrors(validateScriptSchema.errors ?? [], doc),
  );
}

/** Turns ajv errors into problems a writer can act on: which node, which field, what is wrong. */
export function formatAjvErrors(errors: ErrorObject[], doc: unknown): ProblemDetail[] {
  const seen = new Set<string>();
  const problems: ProblemDetail[] = [];
  for (const error of errors) {
    const problem = describeError(error, doc);
    const key = `${problem.path}|${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
    if (problems.length === MAX_PROBLEMS) break;
  }
  return problems;
}

function describeError(error: ErrorObject, doc: unknown): ProblemDetail {
  const segments = error.instancePath.split("/").slice(1).map(unescapePointer);
  const { path, nodeId } = describePath(segments, doc);
  return { path, message: describeMessage(error), ...(nodeId ? { nodeId } : {}) };
}

function describePath(segments: string[], doc: unknown): { path: string; nodeId?: string } {
  if (segments.length === 0) return { path: "the script" };
  const [collection, index, ...rest] = segments;
  const item = index !== undefined ? pick(pick(doc, collection), index) : undefined;
  const id = typeof pick(item, "id") === "string" ? (pick(item, "id") as string) : undefined;
  const field = rest.map((s) => (/^\d+$/.test(s) ? `[${Number(s) + 1}]` : `.${s}`)).join("").replace(/^\./, "");
  const where = (noun: string) => {
    const name = id ? `${noun} ${id}` : `${noun} ${Number(index) + 1}`;
    return field ? `${name} › ${field}` : name;
  };
  switch (collection) {
    case "nodes":
      return { path: where("node"), ...(id ? { nodeId: id } : {}) };
    case "edges":
      return { path: where("connection") };
    case "variables": {
      const key = pick(item, "key");
      const name = typeof key === "string" ? `merge field ${key}` : `merge field ${Number(index) + 1}`;
      return { path: field ? `${name} › ${field}` : name };
    }
    case "objections":
      return { path: where("objection") };
    default:
      return { path: segments.join(" › ") };
  }
}

function describeMessage(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return `is missing the required field “${String(p["missingProperty"])}”`;
    case "additionalProperties":
      return `has a field ScriptPilot does not know: “${String(p["additionalProperty"])}”`;
    case "enum":
      return `must be one of: ${(p["allowedValues"] as unknown[]).map(String).join(", ")}`;
    case "const":
      return `must be ${JSON.stringify(p["allowedValue"])}`;
    case "discriminator":
      return p["error"] === "mapping"
        ? `has an unknown ${String(p["tag"])} “${String(p["tagValue"])}”`
        : `needs a “${String(p["tag"])}”`;
    case "type":
      return `must be ${articleFor(String(p["type"]))}`;
    case "pattern":
      return "has an invalid format";
    case "format":
      return `must be a valid ${String(p["format"])}`;
    default:
      return error.message ?? "is invalid";
  }
}

function articleFor(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function pick(value: unknown, key: string | undefined): unknown {
  if (key === undefined || typeof value !== "object" || value === null) return undefined;
  return (value as Record<string, unknown>)[key];
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, "/").replace(/~0/g, "~");
}
