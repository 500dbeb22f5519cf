import { afterEach, describe, expect, it } from "vitest";
import { definePlugin, UnsupportedNodeError } from "../../plugins/sdk";
import { listExports } from "~/services/exports.server";
import { builtInPlugins } from "~/services/plugin-registry.server";
import { setPluginRegistry } from "~/services/plugin-catalog.server";
import { useMemoryApp } from "../support/memory-app";
import { approveDraft, bearer, useApiServer } from "./api-server";

const app = useMemoryApp();
const api = useApiServer();
afterEach(() => setPluginRegistry(undefined));

/** A plugin that cannot express question steps, as a real exporter refuses what its format lacks. */
const noQuestions = definePlugin({
  manifest: {
    schemaVersion: 1,
    id: "no-questions",
    name: "No questions",
    version: "1.0.0",
    apiVersion: 1,
    target: "file",
    mediaType: "text/plain",
    capabilities: { nodeKinds: ["start", "say", "end"] },
  },
  export(version) {
    const questions = version.script.nodes.filter((n) => n.kind === "question");
    if (questions.length > 0) throw new UnsupportedNodeError("No questions", questions);
    return { filename: "script.txt", mediaType: "text/plain", body: version.script.title };
  },
});

describe("GET /versions/{versionId}/exports/{pluginId}", () => {
  it("returns the plugin's file with its media type and file name, and logs the export under the key", async () => {
    const version = await approveDraft(app.storage(), "event-invitation");
    const auth = await bearer(["scripts:read"], "Desktop");
    const res = await fetch(api.url(`/versions/${version.id}/exports/scriptpilot-json`), { headers: auth });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename=".+\.json"$/);
    const bundle = (await res.json()) as { script: { id: string } };
    expect(bundle.script.id).toBe("event-invitation");

    const [entry] = await listExports(app.storage());
    expect(entry).toMatchObject({
      versionId: version.id,
      pluginId: "scriptpilot-json",
      result: "ok",
      actor: expect.stringMatching(/^api-key:/),
    });
  });

  it("refuses, naming the steps, a script the format cannot express, and logs the failure", async () => {
    setPluginRegistry([...builtInPlugins(), { id: "no-questions", source: "built-in", location: "built-in", manifest: noQuestions.manifest, plugin: noQuestions, problems: [] }]);
    const version = await approveDraft(app.storage(), "event-invitation");
    const res = await fetch(api.url(`/versions/${version.id}/exports/no-questions`), { headers: await bearer(["scripts:read"]) });
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { detail: string; nodeIds: string[] };
    expect(problem.detail).toMatch(/No questions cannot export .*steps; remove or replace/);
    expect(problem.nodeIds.length).toBeGreaterThan(0);
    const [entry] = await listExports(app.storage());
    expect(entry).toMatchObject({ pluginId: "no-questions", result: "error", errorCode: "unsupported-node" });
  });

  it("refuses an unknown plugin with the list of plugins, and bad settings with the reason", async () => {
    const version = await approveDraft(app.storage(), "event-invitation");
    const auth = await bearer(["scripts:read"]);
    const unknown = await fetch(api.url(`/versions/${version.id}/exports/pdf-magic`), { headers: auth });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { detail: string }).detail).toMatch(/no plugin “pdf-magic”.*voicexml/);
    const badSettings = await fetch(api.url(`/versions/${version.id}/exports/voicexml?settings=%5B1%5D`), { headers: auth });
    expect(badSettings.status).toBe(400);
  });
});
