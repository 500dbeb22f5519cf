import type { ApiScope } from "~/services/api-keys.server";
import type { ApiRequest, ApiResponse } from "./api-handler.server";
import { ingestCallEvents } from "./events-endpoint.server";
import { exportVersion } from "./export-endpoint.server";
import { openApiDocument } from "./openapi";
import { getAssignment, getResults } from "./pilots-endpoints.server";
import { getApprovedVersion, listApprovedScripts, listApprovedVersions } from "./versions-endpoints.server";

/** One endpoint: the OpenAPI document describes each of these, and a test checks they agree. */
export interface ApiRoute {
  method: "GET" | "POST";
  /** Below /api/v1, with `{name}` parameters as in OpenAPI. */
  path: string;
  /** The key scope needed; none for the public description. */
  scope?: ApiScope;
  handle(request: ApiRequest): Promise<ApiResponse>;
}

const openApiBody = JSON.stringify(openApiDocument);

export const API_ROUTES: ApiRoute[] = [
  {
    method: "GET",
    path: "/openapi.json",
    handle: async () => ({ status: 200, body: openApiBody, headers: { "Cache-Control": "public, max-age=300" } }),
  },
  { method: "GET", path: "/scripts", scope: "scripts:read", handle: listApprovedScripts },
  { method: "GET", path: "/scripts/{scriptId}/versions", scope: "scripts:read", handle: listApprovedVersions },
  { method: "GET", path: "/versions/{versionId}", scope: "scripts:read", handle: getApprovedVersion },
  { method: "GET", path: "/versions/{versionId}/exports/{pluginId}", scope: "scripts:read", handle: exportVersion },
  { method: "POST", path: "/events", scope: "events:write", handle: ingestCallEvents },
  { method: "GET", path: "/pilots/{pilotId}/assignments/{contactId}", scope: "pilots:read", handle: getAssignment },
  { method: "GET", path: "/pilots/{pilotId}/results", scope: "pilots:read", handle: getResults },
];
