// Runs a plugin's export. Decision (see plugins/README.md): built-in plugins are reviewed code shipped in the
// server bundle and run in process; third-party plugins (a data-dir folder or an npm package) run in a
// worker thread with a time limit and a memory limit, so one that throws, hangs or allocates without end
// yields an error for the export log and the server carries on.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import {
  deepFreeze,
  isPluginError,
  type ExportableVersion,
  type ExportResult,
  type Plugin,
} from "../../plugins/sdk";
import { projectRoot } from "./project-root.server";

export interface PluginLimits {
  /** Wall-clock time an export (or loading a plugin) may take before the worker is stopped. */
  timeoutMs: number;
  /** V8 old-generation heap for the worker; beyond it the worker dies, not the server. */
  maxOldGenerationSizeMb: number;
}

export const DEFAULT_LIMITS: PluginLimits = { timeoutMs: 5_000, maxOldGenerationSizeMb: 96 };

export type PluginRunErrorCode =
  | "timeout"
  | "out-of-memory"
  | "crashed"
  | "invalid-result"
  | "not-approved"
  | "unsupported-node"
  | "unsupported-script"
  | "invalid-config"
  | "refused";

/** An export that did not produce a file; `message` is one sentence naming the plugin. */
export class PluginRunError extends Error {
  constructor(
    readonly pluginId: string,
    readonly code: PluginRunErrorCode,
    message: string,
    readonly nodeIds: string[] = [],
  ) {
    super(message);
    this.name = "PluginRunError";
  }
}

export interface LogLine {
  level: "info" | "warn";
  message: string;
}

export interface RunOutput {
  result: ExportResult;
  logs: LogLine[];
}

interface RunInput {
  version: ExportableVersion;
  config: Record<string, unknown>;
  now: string;
}

/** A built-in: called directly, with a frozen copy of the version so the caller's object stays its own. */
export async function runInProcess(plugin: Plugin, input: RunInput): Promise<RunOutput> {
  const id = plugin.manifest.id;
  const logs: LogLine[] = [];
  const ctx = {
    config: deepFreeze(structuredClone(input.config)),
    now: input.now,
    logger: {
      info: (message: string) => void logs.push({ level: "info", message }),
      warn: (message: string) => void logs.push({ level: "warn", message }),
    },
  };
  try {
    const result = await plugin.export(deepFreeze(structuredClone(input.version)), ctx);
    return { result: checkResult(id, plugin.manifest.mediaType, result), logs };
  } catch (error) {
    throw toRunError(id, error);
  }
}

/** A third-party plugin module, run in a fresh worker under the limits. */
export async function runInWorker(
  pluginId: string,
  entry: string,
  mediaType: string,
  input: RunInput,
  limits: PluginLimits = DEFAULT_LIMITS,
): Promise<RunOutput> {
  const reply = await inWorker(pluginId, { op: "export", entry, ...input }, limits);
  if (!reply.ok) throw toRunError(pluginId, reply.error);
  const logs = Array.isArray(reply.logs) ? reply.logs.filter(isLogLine) : [];
  return { result: checkResult(pluginId, mediaType, reply.result), logs };
}

/** Loads a third-party module in a worker and returns what it exports as its manifest and settings schema. */
export async function inspectInWorker(
  pluginId: string,
  entry: string,
  limits: PluginLimits = DEFAULT_LIMITS,
): Promise<{ manifest: unknown; configSchema: unknown }> {
  const reply = await inWorker(pluginId, { op: "inspect", entry }, limits);
  if (!reply.ok) throw toRunError(pluginId, reply.error, "could not be loaded");
  return { manifest: reply.manifest, configSchema: reply.configSchema };
}

interface WorkerReply {
  ok: boolean;
  error?: unknown;
  result?: unknown;
  logs?: unknown[];
  manifest?: unknown;
  configSchema?: unknown;
}

function inWorker(
  pluginId: string,
  workerData: Record<string, unknown>,
  limits: PluginLimits,
): Promise<WorkerReply> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const worker = new Worker(workerFile(), {
      workerData,
      resourceLimits: { maxOldGenerationSizeMb: limits.maxOldGenerationSizeMb },
      // A plugin's console output is not the server's to print.
      stdout: true,
      stderr: true,
    });
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    const seconds = limits.timeoutMs / 1000;
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            new PluginRunError(
              pluginId,
              "timeout",
              `Plugin ${pluginId} took longer than ${seconds} s and was stopped.`,
            ),
          ),
        ),
      limits.timeoutMs,
    );
    worker.once("message", (reply: WorkerReply) => finish(() => resolve(reply)));
    worker.once("error", (error: Error & { code?: string }) =>
      finish(() =>
        reject(
          error.code === "ERR_WORKER_OUT_OF_MEMORY"
            ? new PluginRunError(
                pluginId,
                "out-of-memory",
                `Plugin ${pluginId} used more than ${limits.maxOldGenerationSizeMb} MB of memory and was stopped.`,
              )
            : new PluginRunError(pluginId, "crashed", `Plugin ${pluginId} crashed: ${error.message}`),
        ),
      ),
    );
    worker.once("exit", (code) =>
      finish(() =>
        reject(
          new PluginRunError(
            pluginId,
            "crashed",
            `Plugin ${pluginId} stopped (exit code ${code}) without a result.`,
          ),
        ),
      ),
    );
  });
}

let cachedWorkerFile: string | undefined;

/** Beside this module in development; from the project's app/services once the server is bundled into build/. */
function workerFile(): string {
  if (cachedWorkerFile) return cachedWorkerFile;
  const beside = path.join(path.dirname(fileURLToPath(import.meta.url)), "plugin-worker.js");
  cachedWorkerFile = existsSync(beside)
    ? beside
    : path.join(projectRoot(), "app", "services", "plugin-worker.js");
  return cachedWorkerFile;
}

const PASSED_THROUGH: ReadonlySet<string> = new Set([
  "not-approved",
  "unsupported-node",
  "unsupported-script",
  "invalid-config",
]);

function toRunError(pluginId: string, error: unknown, what = "failed"): PluginRunError {
  if (error instanceof PluginRunError) return error;
  if (isPluginError(error) || isPlainPluginError(error)) {
    const code = PASSED_THROUGH.has(error.code) ? (error.code as PluginRunErrorCode) : "refused";
    return new PluginRunError(pluginId, code, `Plugin ${pluginId}: ${error.message}`, error.nodeIds ?? []);
  }
  const message = error instanceof Error ? error.message : messageOf(error);
  return new PluginRunError(
    pluginId,
    "crashed",
    `Plugin ${pluginId} ${what}: ${message || "an unknown error"}`,
  );
}

function isPlainPluginError(error: unknown): error is { code: string; message: string; nodeIds?: string[] } {
  return (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { code?: unknown }).code === "string" &&
    typeof (error as { message?: unknown }).message === "string"
  );
}

function messageOf(error: unknown): string {
  if (
    typeof error === "object" &&
    error !== null &&
    typeof (error as { message?: unknown }).message === "string"
  ) {
    return (error as { message: string }).message;
  }
  return String(error);
}

function isLogLine(line: unknown): line is LogLine {
  if (typeof line !== "object" || line === null) return false;
  const { level, message } = line as Record<string, unknown>;
  return (level === "info" || level === "warn") && typeof message === "string";
}

/** The plugin's answer must be a file of the media type its manifest declares. */
function checkResult(pluginId: string, mediaType: string, raw: unknown): ExportResult {
  const r = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>) : {};
  const { filename, body } = r;
  if (typeof filename !== "string" || !/^[^/\\\0]{1,200}$/.test(filename) || filename.startsWith(".")) {
    throw new PluginRunError(
      pluginId,
      "invalid-result",
      `Plugin ${pluginId} returned an unusable file name (${JSON.stringify(filename)}).`,
    );
  }
  if (r.mediaType !== mediaType) {
    throw new PluginRunError(
      pluginId,
      "invalid-result",
      `Plugin ${pluginId} returned ${JSON.stringify(r.mediaType)} but its manifest declares ${mediaType}.`,
    );
  }
  if (typeof body !== "string" && !(body instanceof Uint8Array)) {
    throw new PluginRunError(pluginId, "invalid-result", `Plugin ${pluginId} returned no file body.`);
  }
  return { filename, mediaType, body };
}
