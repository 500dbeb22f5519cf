// Exports of script versions through plugins, and the export log (`exports` collection): who exported which
// version through which plugin, when, and what came of it. Also reads ScriptPilot's own export bundle back.
import { randomUUID } from "node:crypto";
import type { ExportableVersion, ExportResult } from "../../plugins/sdk";
import { DomainError } from "~/domain/domain-error";
import type { Script } from "~/domain/script-types";
import type { ScriptVersion } from "~/domain/versions/version-types";
import type { ExportBundle } from "./export-bundle.server";
import type { StorageAdapter } from "~/storage/storage-adapter";
import { findPlugin, type RegisteredPlugin } from "./plugin-registry.server";
import {
  DEFAULT_LIMITS,
  PluginRunError,
  runInProcess,
  runInWorker,
  type PluginLimits,
  type RunOutput,
} from "./plugin-runner.server";
import { compileSchema } from "./schema-validation.server";

export { looksLikeBundle, isValidBundle, scriptFromBundle, type ExportBundle } from "./export-bundle.server";

/** What a plugin receives for a stored version (ADR 0004). */
export function exportableFromVersion(version: ScriptVersion): ExportableVersion {
  const approval = [...version.history].reverse().find((h) => h.action === "approved");
  return {
    scriptId: version.scriptId,
    versionId: version.id,
    number: version.number,
    status: version.status,
    ...(version.status === "approved" && approval
      ? { approvedBy: approval.by, approvedAt: approval.at }
      : {}),
    script: version.script,
  };
}

/** A bundle read back for export (the CLI): its own approval, or a draft when it never was approved. */
export function exportableFromBundle(bundle: ExportBundle, script: Script): ExportableVersion {
  const s = bundle.source;
  return {
    scriptId: s.scriptId,
    versionId: s.versionId,
    number: s.number,
    status: s.status,
    ...(s.approvedBy ? { approvedBy: s.approvedBy } : {}),
    ...(s.approvedAt ? { approvedAt: s.approvedAt } : {}),
    ...(s.draft ? { draft: true } : {}),
    script,
  };
}

/** A bare script file exported on purpose before any approval (the CLI's --draft). */
export function draftExportable(script: Script): ExportableVersion {
  return {
    scriptId: script.id,
    versionId: `${script.id}-draft`,
    number: 0,
    status: "draft",
    draft: true,
    script,
  };
}

export interface ExportLogEntry {
  id: string;
  revision: number;
  at: string;
  /** User id, "cli", or "api-key:<id>". */
  actor: string;
  scriptId: string;
  versionId: string;
  versionNumber: number;
  pluginId: string;
  pluginVersion?: string;
  draft: boolean;
  result: "ok" | "error";
  filename?: string;
  bytes?: number;
  error?: string;
  errorCode?: string;
  /** Set for a webhook delivery of the export. */
  delivery?: { url: string; attempts: number; status?: number; delivered: boolean };
}

export interface RunExportInput {
  plugins: readonly RegisteredPlugin[];
  pluginId: string;
  version: ExportableVersion;
  config?: Record<string, unknown>;
  now: string;
  limits?: PluginLimits;
}

/**
 * Runs one export: the plugin must exist and be usable, the version approved (or an explicit draft), the
 * settings valid for the plugin's schema. Built-ins run in process, third-party plugins in a worker.
 * Throws PluginRunError (or DomainError for bad settings) with one sentence to show.
 */
export async function runExport(input: RunExportInput): Promise<RunOutput & { plugin: RegisteredPlugin }> {
  const plugin = findPlugin(input.plugins, input.pluginId);
  if (!plugin?.manifest) {
    const broken = input.plugins.find((p) => p.id === input.pluginId);
    throw new DomainError(
      "not-found",
      broken
        ? `Plugin ${input.pluginId} cannot be used: ${broken.problems.join("; ")}.`
        : `There is no plugin “${input.pluginId}”. Available: ${input.plugins
            .filter((p) => p.problems.length === 0)
            .map((p) => p.id)
            .join(", ")}.`,
    );
  }
  const { version } = input;
  if (version.status !== "approved" && version.draft !== true) {
    throw new PluginRunError(
      plugin.id,
      "not-approved",
      `Version ${version.number} of “${version.script.title}” is ${version.status}, not approved; only approved versions can be exported.`,
    );
  }
  const config = checkConfig(plugin, input.config ?? {});
  const run = { version, config, now: input.now };
  const output = plugin.plugin
    ? await runInProcess(plugin.plugin, run)
    : await runInWorker(
        plugin.id,
        plugin.entry ?? "",
        plugin.manifest.mediaType,
        run,
        input.limits ?? DEFAULT_LIMITS,
      );
  return { ...output, plugin };
}

const configValidators = new Map<string, ReturnType<typeof compileSchema<Record<string, unknown>>>>();

function checkConfig(plugin: RegisteredPlugin, config: Record<string, unknown>): Record<string, unknown> {
  if (!plugin.configSchema) return config;
  const key = `${plugin.id}@${plugin.manifest?.version}@${plugin.location}`;
  let validate = configValidators.get(key);
  if (!validate) {
    try {
      validate = compileSchema<Record<string, unknown>>(plugin.configSchema);
    } catch (error) {
      throw new PluginRunError(
        plugin.id,
        "invalid-config",
        `Plugin ${plugin.id} has a settings schema ScriptPilot cannot use: ${(error as Error).message}.`,
      );
    }
    configValidators.set(key, validate);
  }
  if (validate(config)) return config;
  const problems = (validate.errors ?? []).map(
    (e) => `${e.instancePath || "settings"} ${e.message ?? "is invalid"}`,
  );
  throw new DomainError(
    "invalid",
    `The settings for plugin ${plugin.id} are not valid: ${problems.join("; ")}.`,
  );
}

/** Appends one entry to the export log. Personal data stays out: ids, sizes and messages only. */
export async function recordExport(
  storage: StorageAdapter,
  entry: Omit<ExportLogEntry, "id" | "revision">,
): Promise<ExportLogEntry> {
  return storage.save<ExportLogEntry>("exports", { ...entry, id: randomUUID(), revision: 0 }, 0);
}

/** Newest first. */
export async function listExports(
  storage: StorageAdapter,
  filter: { scriptId?: string } = {},
): Promise<ExportLogEntry[]> {
  const all = await storage.list<ExportLogEntry>("exports");
  return all
    .filter((e) => !filter.scriptId || e.scriptId === filter.scriptId)
    .sort((a, b) => b.at.localeCompare(a.at));
}

/**
 * Runs an export and logs it, success or failure; the error is rethrown after it is logged so the caller
 * can show it. This is what the export page and the API call.
 */
export async function exportAndLog(
  storage: StorageAdapter,
  input: RunExportInput & { actor: string },
): Promise<RunOutput & { entry: ExportLogEntry }> {
  const base = {
    at: input.now,
    actor: input.actor,
    scriptId: input.version.scriptId,
    versionId: input.version.versionId,
    versionNumber: input.version.number,
    pluginId: input.pluginId,
    draft: input.version.draft === true,
  };
  try {
    const output = await runExport(input);
    const entry = await recordExport(storage, {
      ...base,
      ...(output.plugin.manifest ? { pluginVersion: output.plugin.manifest.version } : {}),
      result: "ok",
      filename: output.result.filename,
      bytes: byteLength(output.result),
    });
    return { result: output.result, logs: output.logs, entry };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const code =
      error instanceof PluginRunError ? error.code : error instanceof DomainError ? error.code : "crashed";
    await recordExport(storage, { ...base, result: "error", error: message, errorCode: code });
    throw error;
  }
}

export function byteLength(result: ExportResult): number {
  return typeof result.body === "string" ? Buffer.byteLength(result.body) : result.body.byteLength;
}
