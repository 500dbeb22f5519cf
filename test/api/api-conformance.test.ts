import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsPlugin from "ajv-formats";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "~/api/v1/openapi";
import { useMemoryApp } from "../support/memory-app";
import { changePilotStatus, createPilot, importPilotContacts } from "~/services/pilots.server";
import { approvedPair, pilotInput } from "../fixtures/pilots/approved-versions";
import { approveDraft, bearer, dialerCall, useApiServer } from "./api-server";

/**
 * The OpenAPI description is the contract a dialer codes against: every documented operation is called
 * here with a real request, and its answer must use a documented status and media type, and validate
 * against the documented schema. An operation without an example below fails, so none is left unchecked.
 */
const app = useMemoryApp();
const api = useApiServer();

interface Example {
  path: string;
  init?: RequestInit;
}

type Setup = () => Promise<Example[]>;

const lead = { id: "u-lead", username: "lead", roles: ["lead" as const, "writer" as const] };

/** A started pilot with a three-contact list; the second contact has the dialer's own id D-2. */
async function startedPilot() {
  const { control, challenger } = await approvedPair(app.storage());
  const now = new Date().toISOString();
  const pilot = await createPilot(pilotInput(control, challenger), lead, now);
  const csv = ["First name,Phone,Customer id", "Ada,020 7946 0001,D-1", "Ben,020 7946 0002,D-2", "Cy,020 7946 0003,D-3"].join("\n");
  await importPilotContacts(pilot.id, new TextEncoder().encode(csv), { defaultRegion: "GB" }, lead, now);
  return changePilotStatus(pilot.id, "start", lead, now);
}

const EXAMPLES: Record<string, Setup> = {
  getContactAssignment: async () => {
    const pilot = await startedPilot();
    const auth = await bearer(["pilots:read"]);
    return [
      { path: `/pilots/${pilot.id}/assignments/D-2`, init: { headers: auth } },
      { path: `/pilots/${pilot.id}/assignments/nobody`, init: { headers: auth } },
      { path: "/pilots/no-such-pilot/assignments/D-2", init: { headers: auth } },
      { path: `/pilots/${pilot.id}/assignments/D-2`, init: { headers: await bearer(["scripts:read"]) } },
    ];
  },
  getPilotResults: async () => {
    const pilot = await startedPilot();
    const auth = await bearer(["pilots:read"]);
    return [
      { path: `/pilots/${pilot.id}/results`, init: { headers: auth } },
      { path: "/pilots/no-such-pilot/results", init: { headers: auth } },
    ];
  },
  getOpenApi: async () => [{ path: "/openapi.json" }],
  listApprovedScripts: async () => {
    await approveDraft(app.storage(), "event-invitation");
    const auth = await bearer(["scripts:read"]);
    return [{ path: "/scripts", init: { headers: auth } }, { path: "/scripts" }];
  },
  listApprovedVersions: async () => {
    await approveDraft(app.storage(), "event-invitation");
    const auth = await bearer(["scripts:read"]);
    return [
      { path: "/scripts/event-invitation/versions", init: { headers: auth } },
      { path: "/scripts/unknown/versions", init: { headers: auth } },
      { path: "/scripts/event-invitation/versions", init: { headers: await bearer(["pilots:read"]) } },
    ];
  },
  getVersion: async () => {
    const version = await approveDraft(app.storage(), "event-invitation");
    const auth = await bearer(["scripts:read"]);
    return [
      { path: `/versions/${version.id}`, init: { headers: auth } },
      { path: `/versions/${version.id}`, init: { headers: { ...auth, "If-None-Match": "*" } } },
      { path: "/versions/nope-v1", init: { headers: auth } },
    ];
  },
  exportVersion: async () => {
    const version = await approveDraft(app.storage(), "event-invitation");
    const auth = await bearer(["scripts:read"]);
    return [
      { path: `/versions/${version.id}/exports/scriptpilot-json`, init: { headers: auth } },
      { path: `/versions/${version.id}/exports/voicexml`, init: { headers: auth } },
      { path: `/versions/${version.id}/exports/no-such-plugin`, init: { headers: auth } },
      { path: `/versions/${version.id}/exports/voicexml?settings=nope`, init: { headers: auth } },
      { path: "/versions/nope-v1/exports/voicexml", init: { headers: auth } },
    ];
  },
  ingestCallEvents: async () => {
    const auth = { ...(await bearer(["events:write"])), "Content-Type": "application/json" };
    const bad = dialerCall("conf-2");
    bad[0] = { ...bad[0], agent: "" };
    return [
      { path: "/events", init: { method: "POST", headers: auth, body: JSON.stringify(dialerCall("conf-1")) } },
      { path: "/events", init: { method: "POST", headers: auth, body: JSON.stringify(bad) } },
      { path: "/events", init: { method: "POST", headers: { ...auth, "Content-Type": "text/plain" }, body: "x" } },
    ];
  },
};

const addFormats = ((addFormatsPlugin as unknown as { default?: typeof addFormatsPlugin }).default ?? addFormatsPlugin) as typeof addFormatsPlugin;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(structuredClone(openApiDocument) as object, "openapi");

interface Operation {
  operationId: string;
  responses: Record<string, { content?: Record<string, unknown> }>;
}

const operations = Object.entries(openApiDocument.paths).flatMap(([path, ops]) =>
  Object.entries(ops as Record<string, Operation>).map(([method, op]) => ({ path, method, op })),
);

function pointer(...segments: string[]): string {
  return segments.map((s) => s.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");
}

describe.each(operations)("$method $path", ({ path, method, op }) => {
  it(`${op.operationId} answers as documented`, async () => {
    const setup = EXAMPLES[op.operationId];
    expect(setup, `add an example request for ${op.operationId} to EXAMPLES`).toBeDefined();
    for (const example of await setup()) {
      const res = await fetch(api.url(example.path), { method: method.toUpperCase(), ...example.init });
      const status = String(res.status);
      const where = `${method.toUpperCase()} ${example.path} answered ${status}`;
      expect(Object.keys(op.responses), `${where}, which is not documented`).toContain(status);
      const response = op.responses[status];
      // A $ref'd response (the shared Problem) is resolved through the document.
      const ref = (response as { $ref?: string }).$ref;
      const resolved = ref ? (openApiDocument.components.responses.Problem as { content?: Record<string, unknown> }) : response;
      const body = await res.text();
      if (!resolved.content) {
        expect(body, `${where} with a body, but none is documented`).toBe("");
        continue;
      }
      const type = (res.headers.get("content-type") ?? "").split(";")[0];
      const documented = Object.keys(resolved.content);
      expect(documented.includes(type) || documented.includes("*/*"), `${where} as ${type}`).toBe(true);
      if (!type.endsWith("json")) continue;
      const schemaPath = ref
        ? pointer("components", "responses", "Problem", "content", type, "schema")
        : pointer("paths", path, method, "responses", status, "content", type, "schema");
      const validate = ajv.getSchema(`openapi#/${schemaPath}`);
      expect(validate, `schema at ${schemaPath}`).toBeDefined();
      const valid = validate?.(JSON.parse(body));
      expect(valid, `${where}: ${JSON.stringify(validate?.errors)}`).toBe(true);
    }
  });
});
