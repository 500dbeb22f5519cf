// The plugin SDK: everything a ScriptPilot export plugin may import. The contract kit is separate
// (plugins/sdk/contract.ts) so that loading a plugin never loads the test runner.
export { definePlugin, assertExportable } from "./define-plugin";
export { PluginError, UnsupportedNodeError, isPluginError } from "./errors";
export { isValidManifest, manifestProblems } from "./manifest";
export * from "./script";
export * from "./types";
export { deepFreeze, escapeXml, escapeHtml, fileStem, exportBaseName } from "./util";
