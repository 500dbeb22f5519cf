import { DomainError } from "./domain-error";
import { CURRENT_SCRIPT_SCHEMA_VERSION, type Script, type ScriptKind } from "./script-types";

export interface NewScriptInput {
  id: string;
  title: string;
  kind: ScriptKind;
  language: string;
  now: string;
}

/** A blank script that already passes the checks: a start connected to a single end. */
export function blankScript({ id, title, kind, language, now }: NewScriptInput): Script {
  return {
    schemaVersion: CURRENT_SCRIPT_SCHEMA_VERSION,
    id,
    kind,
    title: normaliseTitle(title),
    language,
    tags: [],
    revision: 0,
    createdAt: now,
    updatedAt: now,
    variables: [],
    nodes: [
      { id: "start", kind: "start", position: { x: 0, y: 0 } },
      {
        id: "end",
        kind: "end",
        position: { x: 0, y: 200 },
        outcome: { label: "Completed", success: true, disposition: "1.1" },
      },
    ],
    edges: [{ id: "e-start", source: "start", sourceHandle: "next", target: "end" }],
    objections: [],
  };
}

/** A copy under a new id, as a fresh document (revision 0) with its own timestamps. */
export function copyScript(script: Script, { id, now, title }: { id: string; now: string; title?: string }): Script {
  return {
    ...structuredClone(script),
    id,
    title: normaliseTitle(title ?? copyTitle(script.title)),
    revision: 0,
    createdAt: now,
    updatedAt: now,
  };
}

export function renamedScript(script: Script, title: string, now: string): Script {
  return { ...script, title: normaliseTitle(title), updatedAt: now };
}

export const MAX_TITLE_LENGTH = 200;

/** Trims and checks a title a person typed; the same rule as the schema, with a message to match. */
export function normaliseTitle(title: string): string {
  const clean = title.replace(/\s+/g, " ").trim();
  if (!clean) throw new DomainError("invalid", "A script needs a title.", [{ path: "title", message: "is empty" }]);
  if (clean.length > MAX_TITLE_LENGTH) {
    throw new DomainError("invalid", `A title can be at most ${MAX_TITLE_LENGTH} characters.`, [
      { path: "title", message: `has ${clean.length} characters` },
    ]);
  }
  return clean;
}

function copyTitle(title: string): string {
  const suffix = " (copy)";
  return title.length + suffix.length > MAX_TITLE_LENGTH ? title : title + suffix;
}

/** A file-name-safe slug that keeps letters of any script (so Chinese titles stay readable). */
export function slugify(title: string): string {
  const slug = title
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return slug || "script";
}
