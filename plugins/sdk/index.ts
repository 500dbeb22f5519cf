// The plugin SDK: everything a ScriptPilot export plugin may import. Kept free of dependencies so a plugin
// bundles small; the host's manifest validation (plugins/sdk/manifest.ts, ajv) and the contract kit
// (plugins/sdk/contract.ts, vitest) are separate entry points.
export { definePlugin, assertExportable } from "./define-plugin";
export { PluginError, UnsupportedNodeError, isPluginError } from "./errors";
export * from "./script";
export * from "./types";
export { deepFreeze, escapeXml, escapeHtml, fileStem, exportBaseName } from "./util";
