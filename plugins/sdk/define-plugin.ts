import { PluginError, UnsupportedNodeError } from "./errors";
import type { ExportableVersion, Plugin } from "./types";

/**
 * The identity helper a plugin's default export goes through. It types the object and wraps `export` with
 * the refusals every exporter owes ScriptPilot, so a plugin cannot forget them: unapproved versions (unless
 * an explicit draft), script kinds it does not declare, and node kinds it does not declare (named by id).
 */
export function definePlugin<Config = Record<string, unknown>>(plugin: Plugin<Config>): Plugin<Config> {
  const inner = plugin.export;
  return {
    ...plugin,
    export(version, ctx) {
      assertExportable(plugin, version);
      return inner.call(plugin, version, ctx);
    },
  };
}

/** Throws the PluginError a host or plugin should raise for a version this plugin must not export. */
export function assertExportable(plugin: Pick<Plugin<never>, "manifest">, version: ExportableVersion): void {
  const { manifest } = plugin;
  const title = version.script.title;
  if (version.draft !== true && version.status !== "approved") {
    throw new PluginError(
      "not-approved",
      `Version ${version.number} of “${title}” is ${version.status}, not approved; only approved versions can be exported.`,
    );
  }
  const kinds = manifest.capabilities.scriptKinds;
  if (kinds && !kinds.includes(version.script.kind)) {
    throw new PluginError(
      "unsupported-script",
      `${manifest.name} exports ${kinds.join(" and ")} scripts; “${title}” is a ${version.script.kind}.`,
    );
  }
  const supported = new Set<string>(manifest.capabilities.nodeKinds);
  const unsupported = version.script.nodes.filter((n) => !supported.has(n.kind));
  if (unsupported.length > 0) throw new UnsupportedNodeError(manifest.name, unsupported);
}
