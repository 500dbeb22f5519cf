import { definePlugin, exportBaseName, NODE_KINDS } from "../sdk";

/** ScriptPilot's own format: the version's script with where it came from, readable by import. */
export default definePlugin({
  manifest: {
    schemaVersion: 1,
    id: "scriptpilot-json",
    name: "ScriptPilot JSON bundle",
    description:
      "The canonical, versioned export (schemas/export-bundle.v1.schema.json); imports back into ScriptPilot.",
    version: "1.0.0",
    apiVersion: 1,
    target: "file",
    mediaType: "application/json",
    fileExtension: "json",
    capabilities: { nodeKinds: [...NODE_KINDS], objections: true },
  },
  export(version, ctx) {
    const bundle = {
      schemaVersion: 1,
      format: "scriptpilot-bundle",
      exportedAt: ctx.now,
      generator: { plugin: "scriptpilot-json", pluginVersion: "1.0.0" },
      source: {
        scriptId: version.scriptId,
        versionId: version.versionId,
        number: version.number,
        status: version.status,
        ...(version.draft ? { draft: true } : {}),
        ...(version.approvedBy ? { approvedBy: version.approvedBy } : {}),
        ...(version.approvedAt ? { approvedAt: version.approvedAt } : {}),
      },
      script: version.script,
    };
    return {
      filename: `${exportBaseName(version)}.scriptpilot-bundle.json`,
      mediaType: "application/json",
      body: JSON.stringify(bundle, null, 2) + "\n",
    };
  },
});
