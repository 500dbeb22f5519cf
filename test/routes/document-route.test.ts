import { beforeEach, describe, expect, it } from "vitest";
import type { Script } from "~/domain/script-types";
import { action, loader } from "~/routes/scripts.$id.document";
import { asUser, useMemoryApp, type TestSession } from "../support/memory-app";

const app = useMemoryApp();
let writer: TestSession;
beforeEach(async () => {
  writer = await app.signIn(["writer"]);
});

function put(id: string, body: unknown, headers: Record<string, string> = {}): Request {
  return new Request(`http://localhost/scripts/${id}/document`, {
    method: "PUT",
    headers: { "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const call = (request: Request, id: string) =>
  action({ request: asUser(request, writer), params: { id }, context: {} });

async function firstScript(): Promise<Script> {
  return (await app.storage().list<Script>("scripts"))[0];
}

describe("PUT /scripts/:id/document (autosave)", () => {
  it("saves an edited draft based on the current revision and returns the new revision", async () => {
    const script = await firstScript();
    const edited = { ...script, title: "Edited in the canvas" };
    const response = await call(put(script.id, { baseRevision: script.revision, script: edited }), script.id);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ revision: script.revision + 1 });
    expect((await app.storage().get<Script>("scripts", script.id))?.title).toBe("Edited in the canvas");
  });

  it("allows a draft with graph errors (the writer is still working)", async () => {
    const script = await firstScript();
    const response = await call(
      put(script.id, { baseRevision: script.revision, script: { ...script, edges: [] } }),
      script.id,
    );
    expect(response.status).toBe(200);
  });

  it("refuses a stale revision with 409 and the stored document, changing nothing", async () => {
    const script = await firstScript();
    await call(
      put(script.id, { baseRevision: script.revision, script: { ...script, title: "Theirs" } }),
      script.id,
    );
    const response = await call(
      put(script.id, { baseRevision: script.revision, script: { ...script, title: "Mine" } }),
      script.id,
    );
    expect(response.status).toBe(409);
    expect(response.headers.get("Content-Type")).toBe("application/problem+json");
    const body = await response.json();
    expect(body.detail).toMatch(/script was changed elsewhere/);
    expect(body.current.title).toBe("Theirs");
    expect((await app.storage().get<Script>("scripts", script.id))?.title).toBe("Theirs");
  });

  it.each([
    ["malformed JSON", "{ nope", 422, /not valid JSON: .*line 1/],
    ["no base revision", { script: {} }, 422, /baseRevision/],
    [
      "an invalid document",
      { baseRevision: 1, script: { schemaVersion: 1 } },
      422,
      /not a valid ScriptPilot script/,
    ],
  ])("refuses %s with a problem+json message", async (_name, body, status, detail) => {
    const script = await firstScript();
    const response = await call(put(script.id, body), script.id);
    expect(response.status).toBe(status);
    expect((await response.json()).detail).toMatch(detail);
    expect(await app.storage().get("scripts", script.id)).toEqual(script);
  });

  it("refuses a document with another id, an unknown script, a wrong media type and an oversized body", async () => {
    const script = await firstScript();
    const other = await call(
      put(script.id, { baseRevision: script.revision, script: { ...script, id: "other" } }),
      script.id,
    );
    expect(other.status).toBe(422);
    const missing = await call(
      put("missing", { baseRevision: 1, script: { ...script, id: "missing" } }),
      "missing",
    );
    expect(missing.status).toBe(404);
    const text = await call(put(script.id, "x", { "Content-Type": "text/plain" }), script.id);
    expect(text.status).toBe(415);
    const big = await call(put(script.id, "x", { "Content-Length": String(50 * 1024 * 1024) }), script.id);
    expect(big.status).toBe(413);
    expect(await app.storage().get("scripts", script.id)).toEqual(script);
  });

  it("keeps a document as a new copy on POST", async () => {
    const script = await firstScript();
    const request = new Request(`http://localhost/scripts/${script.id}/document`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ script: { ...script, title: "Mine" } }),
    });
    const response = await call(request, script.id);
    expect(response.status).toBe(201);
    const { id } = await response.json();
    expect((await app.storage().get<Script>("scripts", id))?.title).toBe("Mine (my copy)");
  });

  it("GET answers the stored document, or 404 as problem+json", async () => {
    const script = await firstScript();
    const request = asUser(new Request("http://localhost/"), writer);
    const ok = await loader({ request, params: { id: script.id }, context: {} });
    expect(await ok.json()).toEqual(script);
    const missing = await loader({ request, params: { id: "nope" }, context: {} });
    expect(missing.status).toBe(404);
  });
});
