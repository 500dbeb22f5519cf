import type { NodeKind, Script } from "./script";

/** The plugin API versions this ScriptPilot can run. A manifest naming another is refused at load. */
export const SUPPORTED_API_VERSIONS: readonly number[] = [1];
export const CURRENT_API_VERSION = 1;

export type PluginTarget = "dialer" | "agent-desktop" | "file";

/** Mirrors schemas/plugin-manifest.v1.schema.json (validated there; this is the authoring type). */
export interface PluginManifest {
  schemaVersion: 1;
  id: string;
  name: string;
  description?: string;
  version: string;
  apiVersion: number;
  target: PluginTarget;
  mediaType: string;
  fileExtension?: string;
  capabilities: {
    nodeKinds: NodeKind[];
    scriptKinds?: Script["kind"][];
    objections?: boolean;
  };
  homepage?: string;
  author?: string;
}

/** The states of a version (ADR 0004); "draft" is the CLI's `--draft` export of an unreleased file. */
export type ExportableStatus =
  "published" | "in-review" | "approved" | "rejected" | "withdrawn" | "superseded" | "draft";

/** What `export` receives, deep-frozen (ADR 0004). */
export interface ExportableVersion {
  scriptId: string;
  versionId: string;
  number: number;
  status: ExportableStatus;
  approvedBy?: string;
  approvedAt?: string;
  /** Set (with no approval) when someone exported an unapproved script on purpose; mark the output as a draft. */
  draft?: boolean;
  script: Script;
}

export interface PluginLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface ExportContext<Config = Record<string, unknown>> {
  /** The plugin's settings, already validated against its configSchema. */
  config: Config;
  /** The export time (ISO 8601). The only clock a plugin may read: output must be a function of it. */
  now: string;
  logger: PluginLogger;
  /** Only for plugins that must call out (none of the built-ins do); absent when the host allows no network. */
  fetch?: typeof fetch;
}

export interface ExportResult {
  filename: string;
  mediaType: string;
  body: string | Uint8Array;
}

export interface Plugin<Config = Record<string, unknown>> {
  manifest: PluginManifest;
  /** A JSON Schema (draft-07) for the plugin's settings; the UI renders it as a form. */
  configSchema?: object;
  export(version: ExportableVersion, ctx: ExportContext<Config>): ExportResult | Promise<ExportResult>;
}
