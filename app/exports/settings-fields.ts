// A plugin's settings JSON Schema turned into form fields, and submitted form values back into settings.
// Only the flat shapes a form can hold are supported; anything else is listed so the page can say so.

export type SettingsFieldKind = "string" | "number" | "integer" | "boolean" | "enum" | "string-list";

export interface SettingsField {
  name: string;
  kind: SettingsFieldKind;
  label: string;
  description?: string;
  required: boolean;
  defaultValue?: string | number | boolean | string[];
  options?: string[];
}

export interface SettingsForm {
  fields: SettingsField[];
  /** Properties the form cannot show (nested objects, arrays of non-strings). */
  unsupported: string[];
}

export const SETTING_PREFIX = "setting.";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function fieldKind(prop: Record<string, unknown>): SettingsFieldKind | undefined {
  if (Array.isArray(prop.enum) && prop.enum.every((v) => typeof v === "string")) return "enum";
  if (prop.type === "string") return "string";
  if (prop.type === "number") return "number";
  if (prop.type === "integer") return "integer";
  if (prop.type === "boolean") return "boolean";
  if (prop.type === "array" && isRecord(prop.items) && prop.items.type === "string") return "string-list";
  return undefined;
}

export function settingsForm(schema: unknown): SettingsForm {
  if (!isRecord(schema) || !isRecord(schema.properties)) return { fields: [], unsupported: [] };
  const required = new Set(Array.isArray(schema.required) ? schema.required.filter((r) => typeof r === "string") : []);
  const fields: SettingsField[] = [];
  const unsupported: string[] = [];
  for (const [name, prop] of Object.entries(schema.properties)) {
    const kind = isRecord(prop) ? fieldKind(prop) : undefined;
    if (!kind || !isRecord(prop)) {
      unsupported.push(name);
      continue;
    }
    const def = prop.default;
    const defaultValue =
      typeof def === "string" || typeof def === "number" || typeof def === "boolean"
        ? def
        : Array.isArray(def) && def.every((d) => typeof d === "string")
          ? def
          : undefined;
    fields.push({
      name,
      kind,
      label: typeof prop.title === "string" ? prop.title : name,
      ...(typeof prop.description === "string" ? { description: prop.description } : {}),
      required: required.has(name),
      ...(defaultValue !== undefined ? { defaultValue } : {}),
      ...(kind === "enum" && Array.isArray(prop.enum) ? { options: prop.enum.map(String) } : {}),
    });
  }
  return { fields, unsupported };
}

/**
 * The settings object from submitted form values. Empty inputs are left out (so defaults and `required`
 * apply); a number field that is not a number is kept as text so the schema check names that field.
 */
export function settingsFromForm(form: SettingsForm, get: (name: string) => string | null): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const field of form.fields) {
    const raw = get(SETTING_PREFIX + field.name);
    if (field.kind === "boolean") {
      config[field.name] = raw === "on" || raw === "true";
      continue;
    }
    if (raw === null || raw.trim() === "") continue;
    if (field.kind === "number" || field.kind === "integer") {
      const n = Number(raw.trim());
      config[field.name] = Number.isFinite(n) ? n : raw;
    } else if (field.kind === "string-list") {
      config[field.name] = raw
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean);
    } else {
      config[field.name] = raw;
    }
  }
  return config;
}

/** How a stored default shows in its input. */
export function fieldInputValue(value: unknown): string {
  if (Array.isArray(value)) return value.join("\n");
  return value === undefined || value === null ? "" : String(value);
}
