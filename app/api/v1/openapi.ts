/**
 * The OpenAPI 3.1 description of the dialer API, served at /api/v1/openapi.json. Tests validate it and
 * call every documented operation to check the answers match what is written here.
 */
const problem = { $ref: "#/components/responses/Problem" };

const ERROR_TEXT: Record<number, string> = {
  400: "The request is malformed",
  401: "No valid API key",
  403: "The key lacks the scope",
  404: "Not found",
  409: "The version is not approved (withdrawn, rejected, not yet reviewed)",
  413: "The body is too large",
  415: "Unsupported media type",
  422: "The body does not validate",
  429: "Too many requests; see Retry-After",
};


export const openApiDocument = {
  openapi: "3.1.0",
  info: {
    title: "ScriptPilot dialer API",
    version: "1.0.0",
    description:
      "For dialer systems and agent desktops: read approved script versions, export them through a plugin, look up a pilot's variant for a contact, send call events and read pilot results. Authenticate with an API key made by an admin: `Authorization: Bearer spk_<id>_<secret>`. Errors are application/problem+json (RFC 9457).",
  },
  servers: [{ url: "/api/v1" }],
  security: [{ apiKey: [] }],
  paths: {
    "/openapi.json": {
      get: {
        operationId: "getOpenApi",
        summary: "This description",
        security: [],
        responses: { "200": { description: "The OpenAPI document", content: { "application/json": { schema: { type: "object" } } } } },
      },
    },
    "/scripts": {
      get: {
        operationId: "listApprovedScripts",
        summary: "Scripts that have an approved version, with their latest approved version",
        "x-scope": "scripts:read",
        responses: {
          "200": json("The scripts", {
            type: "object",
            required: ["scripts"],
            properties: { scripts: { type: "array", items: { $ref: "#/components/schemas/ApprovedScript" } } },
          }),
          ...errors(401, 403, 429),
        },
      },
    },
    "/scripts/{scriptId}/versions": {
      get: {
        operationId: "listApprovedVersions",
        summary: "A script's approved versions, newest first",
        "x-scope": "scripts:read",
        parameters: [pathParam("scriptId", "The script's id")],
        responses: {
          "200": json("The versions", {
            type: "object",
            required: ["scriptId", "versions"],
            properties: {
              scriptId: { type: "string" },
              versions: { type: "array", items: { $ref: "#/components/schemas/VersionSummary" } },
            },
          }),
          ...errors(401, 403, 404, 429),
        },
      },
    },
    "/versions/{versionId}": {
      get: {
        operationId: "getVersion",
        summary: "An approved version with its frozen script; supports If-None-Match",
        "x-scope": "scripts:read",
        parameters: [
          pathParam("versionId", "The version's id, e.g. s-solar-v3"),
          { name: "If-None-Match", in: "header", required: false, schema: { type: "string" }, description: "An ETag from an earlier answer" },
        ],
        responses: {
          "200": {
            ...json("The version", { $ref: "#/components/schemas/Version" }),
            headers: { ETag: { schema: { type: "string" }, description: "Changes when the version's state changes" } },
          },
          "304": { description: "Not modified since the ETag sent" },
          ...errors(401, 403, 404, 409, 429),
        },
      },
    },
    "/versions/{versionId}/exports/{pluginId}": {
      get: {
        operationId: "exportVersion",
        summary: "An approved version turned into a plugin's format (VoiceXML, SurveyJS, agent-desktop HTML…)",
        description: "The answer is the plugin's file, with its media type and a Content-Disposition file name. Every export is logged.",
        "x-scope": "scripts:read",
        parameters: [
          pathParam("versionId", "The version's id"),
          pathParam("pluginId", "A plugin id, e.g. voicexml, surveyjs, scriptpilot-json, agent-desktop-html, printable"),
          {
            name: "settings",
            in: "query",
            required: false,
            description: "The plugin's settings as a JSON object (see the plugin's settings schema)",
            schema: { type: "string" },
          },
        ],
        responses: {
          "200": {
            description: "The exported file",
            headers: { "Content-Disposition": { schema: { type: "string" } } },
            content: {
              "application/json": { schema: { type: "object" } },
              "application/voicexml+xml": { schema: { type: "string" } },
              "text/html": { schema: { type: "string" } },
              "*/*": { schema: { type: "string" } },
            },
          },
          ...errors(400, 401, 403, 404, 409, 422, 429),
          "500": { ...problem, description: "The plugin failed (time or memory limit, crash, invalid result); logged" },
        },
      },
    },
    "/events": {
      post: {
        operationId: "ingestCallEvents",
        summary: "Send call events (schemas/call-event.v1.schema.json); all or nothing, idempotent by eventId",
        "x-scope": "events:write",
        requestBody: {
          required: true,
          content: {
            "application/json": { schema: { type: "array", items: { type: "object" } } },
            "application/x-ndjson": { schema: { type: "string", description: "One call event per line" } },
          },
        },
        responses: {
          "200": json("What was stored", {
            type: "object",
            required: ["received", "accepted", "duplicates"],
            properties: {
              received: { type: "integer", minimum: 1 },
              accepted: { type: "integer", minimum: 0, description: "Events stored by this request" },
              duplicates: { type: "integer", minimum: 0, description: "Events stored before (a retry), not stored again" },
            },
          }),
          ...errors(400, 401, 403, 413, 415, 422, 429),
        },
      },
    },
    "/pilots/{pilotId}/assignments/{contactId}": {
      get: {
        operationId: "getContactAssignment",
        summary: "The variant and frozen version a pilot contact was assigned to",
        description: "Name the contact by its contactRef or by the dialer's own id (the list's external id column).",
        "x-scope": "pilots:read",
        parameters: [pathParam("pilotId", "The pilot's id"), pathParam("contactId", "A contactRef or the dialer's contact id")],
        responses: {
          "200": json("The assignment", {
            type: "object",
            required: ["pilotId", "contactRef", "variantId", "scriptId", "versionId", "versionNumber"],
            properties: {
              pilotId: { type: "string" },
              contactRef: { type: "string" },
              variantId: { type: "string" },
              scriptId: { type: "string" },
              versionId: { type: "string" },
              versionNumber: { type: "integer", minimum: 1 },
            },
          }),
          ...errors(401, 403, 404, 429),
        },
      },
    },
    "/pilots/{pilotId}/results": {
      get: {
        operationId: "getPilotResults",
        summary: "The pilot's live report (schemas/pilot-report.v1.schema.json)",
        "x-scope": "pilots:read",
        parameters: [pathParam("pilotId", "The pilot's id")],
        responses: {
          "200": json("The report", { type: "object", required: ["schemaVersion", "variants"], description: "A pilot report, schemas/pilot-report.v1.schema.json" }),
          ...errors(401, 403, 404, 429),
        },
      },
    },
  },
  components: {
    securitySchemes: {
      apiKey: { type: "http", scheme: "bearer", description: "An API key, spk_<id>_<secret>, with the scope each operation names." },
    },
    responses: {
      Problem: {
        description: "An error (RFC 9457)",
        content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
      },
    },
    schemas: {
      VersionSummary: {
        type: "object",
        required: ["versionId", "scriptId", "number", "message", "status", "publishedAt", "approvedAt"],
        properties: {
          versionId: { type: "string" },
          scriptId: { type: "string" },
          number: { type: "integer", minimum: 1 },
          message: { type: "string" },
          status: { type: "string", enum: ["approved"] },
          publishedAt: { type: "string", format: "date-time" },
          approvedAt: { type: ["string", "null"], format: "date-time" },
        },
      },
      ApprovedScript: {
        type: "object",
        required: ["scriptId", "title", "kind", "language", "latestApproved"],
        properties: {
          scriptId: { type: "string" },
          title: { type: "string" },
          kind: { type: "string" },
          language: { type: "string" },
          latestApproved: { $ref: "#/components/schemas/VersionSummary" },
        },
      },
      Version: {
        allOf: [
          { $ref: "#/components/schemas/VersionSummary" },
          {
            type: "object",
            required: ["script"],
            properties: { script: { type: "object", description: "The frozen script document (schemas/script.v1.schema.json)" } },
          },
        ],
      },
      Problem: {
        type: "object",
        required: ["type", "title", "status", "detail"],
        properties: {
          type: { type: "string" },
          title: { type: "string" },
          status: { type: "integer" },
          detail: { type: "string" },
          errors: { type: "array", items: { type: "object" } },
        },
      },
    },
  },
} as const;

function json(description: string, schema: object) {
  return { description, content: { "application/json": { schema } } };
}

function pathParam(name: string, description: string) {
  return { name, in: "path", required: true, description, schema: { type: "string" } };
}


function errors(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [String(s), { ...problem, description: ERROR_TEXT[s] }]));
}
