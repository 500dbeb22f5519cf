import { Ajv, type ValidateFunction } from "ajv";
import addFormatsPlugin from "ajv-formats";
import manifestSchema from "../../schemas/plugin-manifest.v1.schema.json";
import { SUPPORTED_API_VERSIONS, type PluginManifest } from "./types";

// ajv-formats is CommonJS; its default export arrives wrapped under some loaders.
const addFormats = ((addFormatsPlugin as unknown as { default?: typeof addFormatsPlugin }).default ??
  addFormatsPlugin) as typeof addFormatsPlugin;

// The SDK has its own Ajv: it runs in plugin workers and third-party test suites, away from the app's instance.
const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
const validate: ValidateFunction<PluginManifest> = ajv.compile<PluginManifest>(manifestSchema);

export function isValidManifest(raw: unknown): raw is PluginManifest {
  return validate(raw);
}

/** Every reason a manifest is refused, one sentence each; empty when it can be loaded. */
export function manifestProblems(raw: unknown): string[] {
  if (!validate(raw)) {
    return (validate.errors ?? []).map((e) => {
      const where = e.instancePath ? `manifest${e.instancePath.replace(/\//g, ".")}` : "manifest";
      const p = e.params as Record<string, unknown>;
      if (e.keyword === "required") return `${where} is missing “${String(p["missingProperty"])}”`;
      if (e.keyword === "additionalProperties")
        return `${where} has an unknown field “${String(p["additionalProperty"])}”`;
      if (e.keyword === "enum")
        return `${where} must be one of: ${(p["allowedValues"] as unknown[]).join(", ")}`;
      if (e.keyword === "pattern")
        return `${where} has an invalid format (${JSON.stringify(pick(raw, e.instancePath))})`;
      return `${where} ${e.message ?? "is invalid"}`;
    });
  }
  if (!SUPPORTED_API_VERSIONS.includes(raw.apiVersion)) {
    return [
      `manifest.apiVersion ${raw.apiVersion} is not supported by this ScriptPilot (supported: ${SUPPORTED_API_VERSIONS.join(", ")})`,
    ];
  }
  return [];
}

function pick(doc: unknown, pointer: string): unknown {
  let value = doc;
  for (const key of pointer.split("/").slice(1)) {
    value = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  return value;
}
