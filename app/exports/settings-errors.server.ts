import { compileSchema } from "~/services/schema-validation.server";

const cache = new WeakMap<object, ReturnType<typeof compileSchema<Record<string, unknown>>>>();

/**
 * Checks settings against a plugin's schema and returns one sentence per field ("" for the settings as a
 * whole), so the form can show each problem beside its input. Empty when valid.
 */
export function settingsProblems(schema: object | undefined, config: Record<string, unknown>): Record<string, string> {
  if (!schema) return {};
  let validate = cache.get(schema);
  if (!validate) {
    try {
      validate = compileSchema<Record<string, unknown>>(schema);
    } catch {
      return { "": "This plugin's settings schema cannot be used; ask an admin to update the plugin." };
    }
    cache.set(schema, validate);
  }
  if (validate(config)) return {};
  const problems: Record<string, string> = {};
  for (const e of validate.errors ?? []) {
    const missing = e.keyword === "required" && typeof e.params.missingProperty === "string" ? e.params.missingProperty : undefined;
    const field = missing ?? e.instancePath.split("/")[1] ?? "";
    const message = missing
      ? "is required"
      : e.keyword === "enum" && Array.isArray(e.params.allowedValues)
        ? `must be one of ${e.params.allowedValues.map(String).join(", ")}`
        : (e.message ?? "is not valid");
    problems[field] ??= message;
  }
  return problems;
}
