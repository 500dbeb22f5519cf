import type { Variable } from "~/domain/script-types";

/**
 * The variables offered after `{{query`, best match first: key prefix, then label word prefix, then anywhere
 * in key or label. Case-insensitive; a closing `}}` the writer is typing is ignored.
 */
export function filterVariables(variables: readonly Variable[], query: string): Variable[] {
  const q = query.replace(/\}+$/, "").trim().toLowerCase();
  if (q.length === 0) return [...variables];
  const ranked: { variable: Variable; rank: number; index: number }[] = [];
  variables.forEach((variable, index) => {
    const key = variable.key.toLowerCase();
    const label = variable.label.toLowerCase();
    let rank = -1;
    if (key.startsWith(q)) rank = 0;
    else if (label.startsWith(q) || label.split(/\s+/).some((word) => word.startsWith(q))) rank = 1;
    else if (key.includes(q) || label.includes(q)) rank = 2;
    if (rank >= 0) ranked.push({ variable, rank, index });
  });
  return ranked.sort((a, b) => a.rank - b.rank || a.index - b.index).map((r) => r.variable);
}

/** What a chip shows: the variable's label when declared, else the raw `{{key}}`. */
export function describeMergeField(
  key: string,
  variables: readonly Variable[],
): { text: string; title: string; declared: boolean } {
  const variable = variables.find((v) => v.key === key);
  if (variable) {
    return { text: variable.label, title: `Merge field {{${key}}}: ${variable.label}`, declared: true };
  }
  return {
    text: `{{${key}}}`,
    title: `{{${key}}} is not a declared variable. Add it to the script's variables or remove it.`,
    declared: false,
  };
}
