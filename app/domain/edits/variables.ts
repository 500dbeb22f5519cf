import { DomainError } from "../domain-error";
import type { ConditionNode, RichNode, RichText, Script, ScriptNode, Variable } from "../script-types";
import { applyPatch, checkLength, KEY_PATTERN, plain, writableAt, writableNode } from "./draft";

const MAX_VARIABLES = 200;
const VARIABLE_FIELDS = ["key", "label", "type", "required", "sample", "fallback"] as const;
const TYPES: readonly Variable["type"][] = ["text", "number", "date", "phone", "email", "boolean"];

/** Declares a merge field. Throws when the key is not a valid name or is already declared. */
export function addVariable(d: Script, variable: Variable): Variable {
  const variables = plain(d.variables);
  validateVariable(variable);
  if (variables.some((v) => v.key === variable.key)) {
    throw new DomainError("conflict", `The merge field {{${variable.key}}} is already declared.`);
  }
  if (variables.length >= MAX_VARIABLES) {
    throw new DomainError("too-large", `A script can declare at most ${MAX_VARIABLES} merge fields.`);
  }
  const copy: Variable = { ...variable };
  d.variables.push(copy);
  return copy;
}

export interface UpdateVariableArgs {
  key: string;
  /** `undefined` removes sample or fallback. */
  patch: Partial<Variable>;
}

/**
 * Changes a merge field. Renaming it (`patch.key`) also renames every use: the merge-field chips in every
 * text (steps, ends, objection replies) and the condition rules that check it. Returns the ids of the
 * steps whose content changed because of a rename.
 */
export function updateVariable(d: Script, { key, patch }: UpdateVariableArgs): string[] {
  const variables = plain(d.variables);
  const index = variables.findIndex((v) => v.key === key);
  if (index < 0) throw new DomainError("not-found", `There is no merge field {{${key}}} in this script.`);
  for (const field of ["key", "label", "type", "required"] as const) {
    if (field in patch && patch[field] === undefined) {
      throw new DomainError("invalid", `A merge field must keep its ${field}.`);
    }
  }
  const next = { ...variables[index], ...patch };
  validateVariable(next);
  const renamed = patch.key !== undefined && patch.key !== key;
  if (renamed && variables.some((v) => v.key === patch.key)) {
    throw new DomainError("conflict", `The merge field {{${patch.key}}} is already declared.`);
  }
  applyPatch(
    writableAt(d, d.variables, index) as unknown as Record<string, unknown>,
    patch,
    VARIABLE_FIELDS,
    "A merge field",
  );
  return renamed ? renameMergeFieldUses(d, key, next.key) : [];
}

export interface RemoveVariableArgs {
  key: string;
}

/** Removes a merge field's declaration. Its uses stay; the checks report them as undeclared. */
export function removeVariable(d: Script, { key }: RemoveVariableArgs): boolean {
  const index = plain(d.variables).findIndex((v) => v.key === key);
  if (index < 0) return false;
  d.variables.splice(index, 1);
  return true;
}

/**
 * Rewrites every use of the merge field `from` as `to`. Texts are scanned on plain data and only the
 * nodes and replies that use the field are written, so a rename touches what it changes.
 * Returns the ids of the changed nodes.
 */
export function renameMergeFieldUses(d: Script, from: string, to: string): string[] {
  const changed: string[] = [];
  const nodes = plain(d.nodes);
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (node.kind === "condition") {
      if (node.rules.some((r) => r.source === "variable" && r.key === from)) {
        const rules = (writableNode(d, i) as ConditionNode).rules;
        for (let k = 0; k < node.rules.length; k++) {
          const rule = node.rules[k];
          if (rule.source === "variable" && rule.key === from) rules[k].key = to;
        }
        changed.push(node.id);
      }
      continue;
    }
    const text = textOf(node);
    const renamed = renameInRichText(text, from, to);
    if (renamed !== text && renamed) {
      (writableNode(d, i) as { text: RichText }).text = renamed;
      changed.push(node.id);
    }
  }
  const objections = plain(d.objections);
  for (let j = 0; j < objections.length; j++) {
    const reply = objections[j].reply;
    const renamed = renameInRichText(reply, from, to);
    if (renamed !== reply && renamed) writableAt(d, d.objections, j).reply = renamed;
  }
  return changed;
}

function textOf(node: ScriptNode): RichText | undefined {
  return "text" in node ? node.text : undefined;
}

/** The same text with merge field `from` renamed `to`; the very same object when it does not use it. */
export function renameInRichText(doc: RichText | undefined, from: string, to: string): RichText | undefined {
  if (!doc?.content) return doc;
  const content = renameInNodes(doc.content, from, to);
  return content === doc.content ? doc : { ...doc, content };
}

function renameInNodes(nodes: RichNode[], from: string, to: string): RichNode[] {
  let out: RichNode[] | undefined;
  for (let k = 0; k < nodes.length; k++) {
    const node = nodes[k];
    let next = node;
    if (node.type === "mergeField" && node.attrs?.["key"] === from) {
      next = { ...node, attrs: { ...node.attrs, key: to } };
    } else if (node.content) {
      const content = renameInNodes(node.content, from, to);
      if (content !== node.content) next = { ...node, content };
    }
    if (next !== node) {
      out ??= nodes.slice();
      out[k] = next;
    }
  }
  return out ?? nodes;
}

function validateVariable(v: Variable): void {
  for (const field of Object.keys(v)) {
    if (!(VARIABLE_FIELDS as readonly string[]).includes(field)) {
      throw new DomainError("invalid", `A merge field has no field “${field}”.`);
    }
  }
  if (typeof v.key !== "string" || !KEY_PATTERN.test(v.key)) {
    throw new DomainError(
      "invalid",
      `“${String(v.key)}” cannot name a merge field: start with a letter, then up to 63 letters, digits or “_”.`,
    );
  }
  checkLength(typeof v.label === "string" ? v.label : "", 1, 100, "A merge field's label");
  if (!TYPES.includes(v.type))
    throw new DomainError("invalid", `“${String(v.type)}” is not a merge-field type.`);
  if (typeof v.required !== "boolean") throw new DomainError("invalid", "A merge field is required or not.");
  if (v.sample !== undefined) checkLength(v.sample, 0, 500, "A merge field's sample");
  if (v.fallback !== undefined) checkLength(v.fallback, 0, 500, "A merge field's fallback");
}
