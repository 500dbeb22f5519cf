import type { Script, Variable } from "../script-types";

/** A contact's merge values, by variable key. Values are text, as they come from a contact list. */
export type MergeValues = Record<string, string>;

/** The sample value of each variable that has one: what a writer's preview fills in by default. */
export function sampleMergeValues(script: Pick<Script, "variables">): MergeValues {
  const values: MergeValues = {};
  for (const v of script.variables) if (v.sample !== undefined && v.sample.trim() !== "") values[v.key] = v.sample;
  return values;
}

/**
 * What the agent reads for each merge field: the contact's value, else the variable's fallback, else a
 * visible placeholder such as «first name?» so a missing value is noticed on the call, never read as
 * "undefined" or skipped silently.
 */
export function mergeFieldFiller(
  variables: readonly Variable[],
  values: MergeValues,
): (key: string) => string {
  const byKey = new Map(variables.map((v) => [v.key, v]));
  return (key) => {
    const value = values[key];
    if (value !== undefined && value.trim() !== "") return value;
    const variable = byKey.get(key);
    if (variable?.fallback !== undefined && variable.fallback.trim() !== "") return variable.fallback;
    return missingPlaceholder(variable ? variable.label : key);
  };
}

/** True for the text mergeFieldFiller shows when a value is missing. */
export function isMissingPlaceholder(text: string): boolean {
  return text.startsWith("«") && text.endsWith("?»");
}

function missingPlaceholder(label: string): string {
  const name = label.trim() || "value";
  return `«${name.charAt(0).toLocaleLowerCase()}${name.slice(1)}?»`;
}
