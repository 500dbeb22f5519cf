// Which plugins this server can run: the built-ins, every folder in <dataDir>/plugins, and the npm packages
// named in the settings. A third-party plugin is loaded in a worker (so a broken one cannot hang the server),
// its manifest checked against the schema and the plugin API version; one that fails is listed with the
// reason and never run.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { BUILT_IN_PLUGINS } from "../../plugins";
import type { PluginManifest, Plugin } from "../../plugins/sdk";
import { isValidManifest, manifestProblems } from "../../plugins/sdk/manifest";
import type { StorageAdapter } from "~/storage/storage-adapter";
import { DEFAULT_LIMITS, inspectInWorker, type PluginLimits } from "./plugin-runner.server";
import { projectRoot } from "./project-root.server";

export type PluginSource = "built-in" | "directory" | "package";

export interface RegisteredPlugin {
  /** The manifest id once loaded; the folder or package name for one that failed to load. */
  id: string;
  source: PluginSource;
  /** Folder, package name or "built-in". */
  location: string;
  manifest?: PluginManifest;
  configSchema?: object;
  /** Built-ins only: the plugin object, run in process. */
  plugin?: Plugin;
  /** Third-party only: the module file the worker imports. */
  entry?: string;
  /** Why it cannot be used; empty for a usable plugin. */
  problems: string[];
}

export interface RegistryOptions {
  dataDir: string;
  /** npm package names to load (the `pluginPackages` setting). */
  packages?: readonly string[];
  limits?: PluginLimits;
  /** Where packages are resolved from (default: the project root). */
  root?: string;
}

export function builtInPlugins(): RegisteredPlugin[] {
  return BUILT_IN_PLUGINS.map((plugin) => ({
    id: plugin.manifest.id,
    source: "built-in",
    location: "built-in",
    manifest: plugin.manifest,
    ...(plugin.configSchema ? { configSchema: plugin.configSchema } : {}),
    plugin,
    problems: [],
  }));
}

/** Every plugin, usable or not, built-ins first. */
export async function loadPlugins(options: RegistryOptions): Promise<RegisteredPlugin[]> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const found: RegisteredPlugin[] = builtInPlugins();
  const candidates = [
    ...directoryCandidates(path.join(options.dataDir, "plugins")),
    ...(options.packages ?? []).map((name) => packageCandidate(name, options.root ?? projectRoot())),
  ];
  for (const candidate of candidates) {
    found.push(candidate.problems.length > 0 ? candidate : await inspect(candidate, limits));
  }
  // Two plugins with one id would make exports ambiguous: the first keeps it, later ones are refused.
  const seen = new Set<string>();
  for (const p of found) {
    if (p.problems.length === 0 && seen.has(p.id)) {
      p.problems.push(`another plugin already has the id “${p.id}”`);
    }
    if (p.problems.length === 0) seen.add(p.id);
  }
  return found;
}

/** The usable plugin with this id, or undefined. */
export function findPlugin(plugins: readonly RegisteredPlugin[], id: string): RegisteredPlugin | undefined {
  return plugins.find((p) => p.id === id && p.problems.length === 0);
}

/** The `pluginPackages` setting (settings collection, document "plugins"); ignored unless a list of names. */
export async function pluginPackagesSetting(storage: StorageAdapter): Promise<string[]> {
  const doc = await storage.get<{ id: string; revision: number; pluginPackages?: unknown }>(
    "settings",
    "plugins",
  );
  const names = doc?.pluginPackages;
  return Array.isArray(names) ? names.filter((n): n is string => typeof n === "string" && n.length > 0) : [];
}

function directoryCandidates(dir: string): RegisteredPlugin[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => !name.startsWith(".") && statSync(path.join(dir, name)).isDirectory())
    .sort()
    .map((name) => {
      const folder = path.join(dir, name);
      const entry = entryOf(folder);
      return {
        id: name,
        source: "directory" as const,
        location: folder,
        ...(entry ? { entry } : {}),
        problems: entry ? [] : [`${folder} has no index.js, index.mjs or package.json "main" to load`],
      };
    });
}

function entryOf(folder: string): string | undefined {
  const pkgFile = path.join(folder, "package.json");
  if (existsSync(pkgFile)) {
    try {
      const main: unknown = (JSON.parse(readFileSync(pkgFile, "utf8")) as { main?: unknown }).main;
      if (typeof main === "string" && existsSync(path.join(folder, main))) return path.join(folder, main);
    } catch {
      // An unreadable package.json falls back to the index files below.
    }
  }
  return ["index.js", "index.mjs"].map((f) => path.join(folder, f)).find((f) => existsSync(f));
}

function packageCandidate(name: string, root: string): RegisteredPlugin {
  try {
    const entry = createRequire(path.join(root, "package.json")).resolve(name);
    return { id: name, source: "package", location: name, entry, problems: [] };
  } catch {
    return {
      id: name,
      source: "package",
      location: name,
      problems: [`the npm package “${name}” is not installed (run npm install ${name} in ${root})`],
    };
  }
}

async function inspect(candidate: RegisteredPlugin, limits: PluginLimits): Promise<RegisteredPlugin> {
  try {
    const { manifest, configSchema } = await inspectInWorker(candidate.id, candidate.entry ?? "", limits);
    const problems = manifestProblems(manifest);
    if (problems.length > 0 || !isValidManifest(manifest)) return { ...candidate, problems };
    return {
      ...candidate,
      id: manifest.id,
      manifest,
      ...(typeof configSchema === "object" && configSchema !== null ? { configSchema } : {}),
    };
  } catch (error) {
    return { ...candidate, problems: [error instanceof Error ? error.message : String(error)] };
  }
}
