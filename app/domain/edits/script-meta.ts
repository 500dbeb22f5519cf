import { DomainError } from "../domain-error";
import type { Script, ScriptSettings } from "../script-types";
import { checkLength, plain } from "./draft";

/** The script-wide fields a writer edits (never id, revision, schemaVersion or the timestamps). */
export interface ScriptMetaPatch {
  title?: string;
  /** `undefined` removes the description. */
  description?: string;
  language?: string;
  tags?: string[];
  kind?: Script["kind"];
  /**
   * Merged into the current settings one level deep: a given field replaces that field
   * (`openerChecks` as a whole), `undefined` removes it and the script's defaults apply again.
   */
  settings?: { [K in keyof ScriptSettings]?: ScriptSettings[K] | undefined };
}

export interface UpdateScriptMetaArgs {
  patch: ScriptMetaPatch;
}

const LANGUAGE = /^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?(-[A-Za-z0-9]{5,8})*$/;
const META_FIELDS = ["title", "description", "language", "tags", "kind", "settings"];

const SETTING_RANGES: Record<string, [number, number]> = {
  wordsPerMinute: [60, 400],
  charactersPerMinute: [100, 800],
  answerSeconds: [0, 120],
};

/** Changes the script's title, description, language, tags, kind or settings. */
export function updateScriptMeta(d: Script, { patch }: UpdateScriptMetaArgs): void {
  for (const key of Object.keys(patch)) {
    if (!META_FIELDS.includes(key)) {
      throw new DomainError("invalid", `The script's “${key}” cannot be changed here.`);
    }
  }
  const { title, description, language, tags, kind, settings } = patch;
  if ("title" in patch) {
    if (title === undefined || title.trim() === "")
      throw new DomainError("invalid", "A script needs a title.");
    checkLength(title, 1, 200, "The title");
    if (d.title !== title) d.title = title;
  }
  if ("description" in patch) {
    if (description === undefined) {
      if (d.description !== undefined) delete d.description;
    } else {
      checkLength(description, 0, 5000, "The description");
      if (d.description !== description) d.description = description;
    }
  }
  if (language !== undefined) {
    if (!LANGUAGE.test(language)) {
      throw new DomainError("invalid", `“${language}” is not a language tag such as en, hu or zh-CN.`);
    }
    if (d.language !== language) d.language = language;
  }
  if (tags !== undefined) {
    if (tags.length > 30) throw new DomainError("invalid", "A script can have at most 30 tags.");
    for (const tag of tags) checkLength(tag, 1, 40, "A tag");
    if (new Set(tags).size !== tags.length) throw new DomainError("invalid", "A tag is listed twice.");
    const current = plain(d.tags);
    if (current.length !== tags.length || current.some((t, i) => t !== tags[i])) d.tags = [...tags];
  }
  if (kind !== undefined) {
    if (kind !== "call-script" && kind !== "survey") {
      throw new DomainError("invalid", "A script is a call script or a survey.");
    }
    if (d.kind !== kind) d.kind = kind;
  }
  if (settings !== undefined) updateSettings(d, settings);
}

function updateSettings(d: Script, patch: NonNullable<ScriptMetaPatch["settings"]>): void {
  const allowed = [...Object.keys(SETTING_RANGES), "openerChecks"];
  for (const [key, value] of Object.entries(patch)) {
    if (!allowed.includes(key)) throw new DomainError("invalid", `The script has no setting “${key}”.`);
    const range = SETTING_RANGES[key];
    if (range && value !== undefined) {
      if (typeof value !== "number" || !Number.isFinite(value) || value < range[0] || value > range[1]) {
        throw new DomainError(
          "invalid",
          `${SETTING_NAMES[key]} must be between ${range[0]} and ${range[1]}.`,
        );
      }
    }
  }
  const checks = patch.openerChecks;
  if (checks !== undefined) {
    for (const [key, value] of Object.entries(checks)) {
      if (key === "withinSeconds") {
        if (typeof value !== "number" || !Number.isFinite(value) || value < 5 || value > 120) {
          throw new DomainError("invalid", "The opening checks look at the first 5 to 120 seconds.");
        }
      } else if (!["enabled", "identifyAgent", "statePurpose", "offerDecline"].includes(key)) {
        throw new DomainError("invalid", `The opening checks have no setting “${key}”.`);
      } else if (typeof value !== "boolean") {
        throw new DomainError("invalid", `The opening check “${key}” is on or off.`);
      }
    }
  }
  const before = plain(d.settings) ?? {};
  const next: Record<string, unknown> = { ...before };
  let changed = false;
  for (const [key, value] of Object.entries(patch)) {
    const old = (before as Record<string, unknown>)[key];
    if (value === undefined) {
      if (key in next) {
        delete next[key];
        changed = true;
      }
    } else if (old !== value) {
      next[key] = key === "openerChecks" ? { ...(value as object) } : value;
      changed = true;
    }
  }
  if (!changed) return;
  if (Object.keys(next).length === 0) delete d.settings;
  else d.settings = next as ScriptSettings;
}

const SETTING_NAMES: Record<string, string> = {
  wordsPerMinute: "The speaking rate (words per minute)",
  charactersPerMinute: "The speaking rate (characters per minute)",
  answerSeconds: "The time for each answer",
};
