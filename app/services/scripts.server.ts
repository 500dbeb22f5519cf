import { randomUUID } from "node:crypto";
import { DomainError } from "~/domain/domain-error";
import { checkScript, summarizeFindings } from "~/domain/graph-checks";
import { parseJsonWithLocation } from "~/domain/json-syntax";
import { LANGUAGES } from "~/domain/languages";
import { blankScript, copyScript, renamedScript, slugify } from "~/domain/script-factory";
import { CURRENT_SCRIPT_SCHEMA_VERSION, type Script, type ScriptKind } from "~/domain/script-types";
import { assertScriptDeletable } from "~/domain/versions/review-state";
import type { CommentThread, ScriptVersion } from "~/domain/versions/version-types";
import { findTemplate, TEMPLATES } from "~/templates";
import { NotFoundError, type StorageAdapter } from "~/storage/storage-adapter";
import { looksLikeBundle, scriptFromBundle } from "./export-bundle.server";
import { parseScriptDocument } from "./schema-validation.server";

export interface ScriptSummary {
  id: string;
  title: string;
  kind: ScriptKind;
  language: string;
  tags: string[];
  updatedAt: string;
  revision: number;
  nodeCount: number;
  errors: number;
  warnings: number;
}

export type ScriptSort = "updated" | "title";

export interface ScriptQuery {
  q?: string;
  kind?: ScriptKind;
  sort?: ScriptSort;
}

/** Largest script file accepted for import, in bytes. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

export function newScriptId(): string {
  return randomUUID().replace(/-/g, "").slice(0, 16);
}

/** Demo content for a new data directory: one copy of each shipped template. */
export function demoScripts(now: string): Script[] {
  return TEMPLATES.map((t) => ({ ...t.build({ now }), revision: 1 }));
}

export async function listScripts(storage: StorageAdapter, query: ScriptQuery = {}): Promise<ScriptSummary[]> {
  const needle = query.q?.trim().toLocaleLowerCase();
  const summaries = (await storage.list("scripts"))
    .map((doc) => summarize(parseScriptDocument(doc)))
    .filter((s) => !query.kind || s.kind === query.kind)
    .filter(
      (s) =>
        !needle ||
        s.title.toLocaleLowerCase().includes(needle) ||
        s.tags.some((t) => t.toLocaleLowerCase().includes(needle)),
    );
  return query.sort === "title"
    ? summaries.sort((a, b) => a.title.localeCompare(b.title))
    : summaries.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

function summarize(script: Script): ScriptSummary {
  const { errors, warnings } = summarizeFindings(checkScript(script));
  return {
    id: script.id,
    title: script.title,
    kind: script.kind,
    language: script.language,
    tags: script.tags,
    updatedAt: script.updatedAt,
    revision: script.revision,
    nodeCount: script.nodes.length,
    errors,
    warnings,
  };
}

export async function getScript(storage: StorageAdapter, id: string): Promise<Script> {
  return scriptOrNotFound(id, await storage.get("scripts", id));
}

/**
 * The stored script itself, to read only (the editor page renders and sends it): no deep copy of a
 * possibly large document. A document stored by an older schema version is read as a copy, since
 * migrating it must not touch what is stored.
 */
export async function readScript(storage: StorageAdapter, id: string): Promise<Readonly<Script>> {
  const doc = await storage.peek<Script>("scripts", id);
  const current = !doc || doc.schemaVersion === CURRENT_SCRIPT_SCHEMA_VERSION;
  return scriptOrNotFound(id, current ? doc : structuredClone(doc));
}

function scriptOrNotFound(id: string, doc: unknown): Script {
  if (!doc) throw new NotFoundError("scripts", id, "There is no script with this id. It may have been deleted.");
  return parseScriptDocument(doc);
}

export async function createBlankScript(
  storage: StorageAdapter,
  input: { title: string; kind: ScriptKind; language: string },
  now: string,
): Promise<Script> {
  if (!LANGUAGES.some((l) => l.tag === input.language)) {
    throw new DomainError("invalid", `Unknown language “${input.language}”.`, [
      { path: "language", message: "is not offered" },
    ]);
  }
  return storage.save("scripts", blankScript({ ...input, id: newScriptId(), now }), 0);
}

export async function createFromTemplate(storage: StorageAdapter, templateId: string, now: string): Promise<Script> {
  const template = findTemplate(templateId);
  if (!template) throw new NotFoundError("templates", templateId, `There is no template “${templateId}”.`);
  const script = copyScript(template.build({ now }), { id: newScriptId(), now, title: template.name });
  return storage.save("scripts", script, 0);
}

export async function renameScript(
  storage: StorageAdapter,
  id: string,
  title: string,
  expectedRevision: number,
  now: string,
): Promise<Script> {
  const script = await getScript(storage, id);
  return storage.save("scripts", renamedScript(script, title, now), expectedRevision);
}

export async function duplicateScript(storage: StorageAdapter, id: string, now: string): Promise<Script> {
  const script = await getScript(storage, id);
  return storage.save("scripts", copyScript(script, { id: newScriptId(), now }), 0);
}

/**
 * Deletes a script unless one of its versions is approved or used by a pilot (refused with a sentence).
 * Its other versions and their review threads go with it; the audit log keeps what happened to them.
 */
export async function deleteScript(storage: StorageAdapter, id: string, expectedRevision?: number): Promise<void> {
  const script = await storage.get<Script>("scripts", id);
  const versions = (await storage.list<ScriptVersion>("versions")).filter((v) => v.scriptId === id);
  if (script) assertScriptDeletable(script.title, versions, await storage.list("pilots"));
  await storage.delete("scripts", id, expectedRevision);
  for (const v of versions) await storage.delete("versions", v.id);
  for (const c of await storage.list<CommentThread>("comments")) if (c.scriptId === id) await storage.delete("comments", c.id);
}

/** A script as a downloadable file: the document itself, named after its title. */
export function exportScript(script: Script): { filename: string; body: string } {
  return { filename: `${slugify(script.title)}.scriptpilot.json`, body: JSON.stringify(script, null, 2) + "\n" };
}

/**
 * Imports a script file. Validates in full (JSON, schema, graph checks) and stores nothing unless
 * everything passes; then stores it as a new script so nothing existing is overwritten.
 */
export async function importScript(storage: StorageAdapter, text: string, now: string): Promise<Script> {
  const parsed = parseJsonWithLocation(text.replace(/^\uFEFF/, ""));
  if (!parsed.ok) {
    throw new DomainError("invalid", "The file is not valid JSON.", [{ path: "the file", message: parsed.error.message }]);
  }
  // A ScriptPilot export bundle imports as the script it carries.
  const script = looksLikeBundle(parsed.value) ? scriptFromBundle(parsed.value).script : parseScriptDocument(parsed.value);
  const errors = checkScript(script).filter((f) => f.severity === "error");
  if (errors.length > 0) {
    throw new DomainError(
      "invalid",
      `The script has ${errors.length} problem${errors.length === 1 ? "" : "s"} to fix before it can be imported.`,
      errors.map((f) => ({ path: f.nodeId ? `node ${f.nodeId}` : "the script", message: f.message, nodeId: f.nodeId })),
    );
  }
  const taken = await storage.get("scripts", script.id);
  const id = taken ? newScriptId() : script.id;
  return storage.save("scripts", { ...script, id, revision: 0, updatedAt: now }, 0);
}

/** Largest script document accepted by a save from the editor, in bytes. */
export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/**
 * Saves an edited draft from the editor. The document must be schema-valid and keep its id; graph-check
 * errors are allowed in a draft (the writer is still working). A save based on an older revision is
 * refused with a ConflictError so nobody's work is overwritten.
 */
export async function saveScriptDocument(
  storage: StorageAdapter,
  id: string,
  raw: unknown,
  baseRevision: number,
  now: string,
): Promise<Script> {
  const script = parseScriptDocument(raw);
  if (script.id !== id) {
    throw new DomainError("invalid", `The document's id (${script.id}) does not match the script being saved (${id}).`);
  }
  if (!(await storage.get("scripts", id))) {
    throw new NotFoundError("scripts", id, "This script was deleted elsewhere. Save your work as a copy.");
  }
  return storage.save("scripts", { ...script, updatedAt: now }, baseRevision);
}

/** Keeps an editor's document as a new script (after a conflict, so neither version is lost). */
export async function saveScriptCopy(storage: StorageAdapter, raw: unknown, now: string): Promise<Script> {
  const script = parseScriptDocument(raw);
  return storage.save("scripts", copyScript(script, { id: newScriptId(), now, title: `${script.title} (my copy)` }), 0);
}
