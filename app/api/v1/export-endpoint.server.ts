import { getAppContext } from "~/services/app-context.server";
import { exportAndLog, exportableFromVersion } from "~/services/exports.server";
import { PluginRunError } from "~/services/plugin-runner.server";
import { getPluginRegistry } from "~/services/plugin-catalog.server";
import { getReleasableVersion } from "~/services/versions.server";
import { ApiProblem, type ApiRequest, type ApiResponse } from "./api-handler.server";

/**
 * An approved version through a plugin, e.g. VoiceXML for an IVR. Settings for the plugin come as JSON in
 * the `settings` query parameter. Every export is written to the export log under the key that asked.
 */
export async function exportVersion(request: ApiRequest): Promise<ApiResponse> {
  const { versionId, pluginId } = request.params;
  const { storage } = await getAppContext();
  const version = exportableFromVersion(await getReleasableVersion(storage, versionId));
  const config = parseSettings(request.query.get("settings"));
  try {
    const { result } = await exportAndLog(storage, {
      plugins: await getPluginRegistry(),
      pluginId,
      version,
      config,
      now: request.now.toISOString(),
      actor: `api-key:${request.key?.id ?? "?"}`,
    });
    const body = typeof result.body === "string" ? result.body : Buffer.from(result.body);
    return {
      status: 200,
      headers: {
        "Content-Type": result.mediaType,
        "Content-Disposition": `attachment; filename="${result.filename.replace(/["\\\r\n]/g, "_")}"`,
      },
      body,
    };
  } catch (error) {
    if (error instanceof PluginRunError) {
      throw new ApiProblem(STATUS_OF[error.code], error.message, error.nodeIds.length ? { nodeIds: error.nodeIds } : {});
    }
    throw error;
  }
}

/** A script the plugin cannot express is the caller's problem (422); a plugin that broke is the server's (500). */
const STATUS_OF: Record<PluginRunError["code"], number> = {
  "not-approved": 409,
  "unsupported-node": 422,
  "unsupported-script": 422,
  "invalid-config": 422,
  refused: 422,
  timeout: 500,
  "out-of-memory": 500,
  crashed: 500,
  "invalid-result": 500,
};

function parseSettings(raw: string | null): Record<string, unknown> {
  if (raw === null || raw === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ApiProblem(400, "The settings parameter is not valid JSON.");
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new ApiProblem(400, "The settings parameter must be a JSON object of the plugin's settings.");
  }
  return Object.fromEntries(Object.entries(parsed));
}
