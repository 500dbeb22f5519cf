import { beforeEach, describe, expect, it } from "vitest";
import type { Script } from "~/domain/script-types";
import { loader as libraryLoader } from "~/routes/_index";
import { action as deleteAction } from "~/routes/scripts.$id.delete";
import { action as duplicateAction } from "~/routes/scripts.$id.duplicate";
import { loader as exportLoader } from "~/routes/scripts.$id.export";
import { loader as scriptLoader, scriptOf } from "~/routes/scripts.$id._index";
import { action as renameAction } from "~/routes/scripts.$id.rename";
import { action as importAction } from "~/routes/scripts.import";
import { action as newAction } from "~/routes/scripts.new";
import { TEMPLATES } from "~/templates";
import { asUser, get, postForm, thrownResponse, useMemoryApp, type TestSession } from "../support/memory-app";

const app = useMemoryApp();
// Every request here is a signed-in writer's; who may do what is tested in auth-role-matrix.test.ts.
let writer: TestSession;
beforeEach(async () => {
  writer = await app.signIn(["writer"]);
});
const args = (request: Request, params: Record<string, string> = {}) => ({
  request: asUser(request, writer),
  params,
  context: {},
});

async function firstScript(): Promise<Script> {
  const [doc] = await app.storage().list<Script>("scripts");
  return doc;
}

function uploadRequest(body: string, filename = "script.json"): Request {
  const form = new FormData();
  form.set("file", new File([body], filename, { type: "application/json" }));
  return new Request("http://localhost/scripts/import", { method: "POST", body: form });
}

async function dataOf<T>(result: unknown): Promise<{ status: number; body: T }> {
  // `data()` results carry { data, init } in Remix single fetch.
  const r = result as { data: T; init?: { status?: number } };
  return { status: r.init?.status ?? 200, body: r.data };
}

describe("library", () => {
  it("lists the demo scripts, newest first, and filters by kind and search", async () => {
    const all = await libraryLoader(args(get("/")));
    expect(all.scripts).toHaveLength(TEMPLATES.length);
    const surveys = await libraryLoader(args(get("/?kind=survey")));
    expect(surveys.scripts.length).toBeGreaterThan(0);
    expect(surveys.scripts.every((s) => s.kind === "survey")).toBe(true);
    const word = all.scripts[0].title.split(" ")[0];
    const found = await libraryLoader(args(get(`/?q=${encodeURIComponent(word.toUpperCase())}`)));
    expect(found.scripts.map((s) => s.id)).toContain(all.scripts[0].id);
    const none = await libraryLoader(args(get("/?q=zzzz-nothing")));
    expect(none.scripts).toEqual([]);
    expect(none.total).toBe(TEMPLATES.length);
  });

  it("sorts by title when asked", async () => {
    const { scripts } = await libraryLoader(args(get("/?sort=title")));
    const titles = scripts.map((s) => s.title);
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b)));
  });
});

describe("creating scripts", () => {
  it("creates a blank script that passes the checks and redirects to it", async () => {
    const response = (await newAction(
      args(
        postForm("/scripts/new", {
          intent: "blank",
          title: "  My   survey ",
          kind: "survey",
          language: "hu",
        }),
      ),
    )) as Response;
    expect(response.status).toBe(302);
    const id = response.headers.get("Location")!.split("/").pop()!;
    const page = await scriptLoader(args(get(`/scripts/${id}`), { id }));
    const { findings } = page;
    const script = scriptOf(page);
    expect(script).toMatchObject({ title: "My survey", kind: "survey", language: "hu", revision: 1 });
    expect(findings.filter((f) => f.severity === "error")).toEqual([]);
  });

  it("creates a script from each template", async () => {
    for (const template of TEMPLATES) {
      const response = (await newAction(
        args(postForm("/scripts/new", { intent: "template", templateId: template.id })),
      )) as Response;
      expect(response.status).toBe(302);
    }
    expect(await app.storage().list("scripts")).toHaveLength(TEMPLATES.length * 2);
  });

  it("refuses an empty title and an unknown template with a message, storing nothing", async () => {
    const empty = await dataOf<{ error: string }>(
      await newAction(
        args(postForm("/scripts/new", { intent: "blank", title: "   ", kind: "survey", language: "en" })),
      ),
    );
    expect(empty.status).toBe(422);
    expect(empty.body.error).toMatch(/needs a title/);
    const unknown = await dataOf<{ error: string }>(
      await newAction(args(postForm("/scripts/new", { intent: "template", templateId: "nope" }))),
    );
    expect(unknown.status).toBe(404);
    expect(await app.storage().list("scripts")).toHaveLength(TEMPLATES.length);
  });
});

describe("rename, duplicate, delete", () => {
  it("renames with the revision it started from, and refuses a stale one", async () => {
    const script = await firstScript();
    const ok = (await renameAction(
      args(
        postForm(`/scripts/${script.id}/rename`, { title: "Renamed", revision: String(script.revision) }),
        {
          id: script.id,
        },
      ),
    )) as Response;
    expect(ok.status).toBe(302);
    const stale = await dataOf<{ error: string }>(
      await renameAction(
        args(
          postForm(`/scripts/${script.id}/rename`, { title: "Other", revision: String(script.revision) }),
          {
            id: script.id,
          },
        ),
      ),
    );
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatch(/changed elsewhere/);
    const stored = await app.storage().get<Script>("scripts", script.id);
    expect(stored?.title).toBe("Renamed");
  });

  it("duplicates into a new script with its own id", async () => {
    const script = await firstScript();
    await duplicateAction(args(postForm(`/scripts/${script.id}/duplicate`, {}), { id: script.id }));
    const all = await app.storage().list<Script>("scripts");
    const copy = all.find((s) => s.title === `${script.title} (copy)`);
    expect(copy).toBeDefined();
    expect(copy!.id).not.toBe(script.id);
    expect(copy!.nodes).toEqual(script.nodes);
  });

  it("deletes with the current revision, and a stale delete changes nothing", async () => {
    const script = await firstScript();
    const stale = await thrownResponse(
      deleteAction(args(postForm(`/scripts/${script.id}/delete`, { revision: "99" }), { id: script.id })),
    );
    expect(stale.status).toBe(409);
    expect(await app.storage().get("scripts", script.id)).toBeDefined();
    await deleteAction(
      args(postForm(`/scripts/${script.id}/delete`, { revision: String(script.revision) }), {
        id: script.id,
      }),
    );
    expect(await app.storage().get("scripts", script.id)).toBeUndefined();
  });

  it("answers 404 for an unknown script id", async () => {
    const response = await thrownResponse(scriptLoader(args(get("/scripts/missing"), { id: "missing" })));
    expect(response.status).toBe(404);
    expect(await response.text()).toMatch(/no script with this id/);
  });
});

describe("export and import", () => {
  it("exports a script as a JSON attachment that imports back as a new script", async () => {
    const script = await firstScript();
    const response = await exportLoader(args(get(`/scripts/${script.id}/export`), { id: script.id }));
    expect(response.headers.get("Content-Type")).toMatch(/application\/json/);
    expect(response.headers.get("Content-Disposition")).toMatch(
      /attachment; filename=".*\.scriptpilot\.json"/,
    );
    const body = await response.text();
    expect(JSON.parse(body)).toEqual(script);

    const imported = (await importAction(args(uploadRequest(body)))) as Response;
    expect(imported.status).toBe(302);
    const all = await app.storage().list<Script>("scripts");
    expect(all).toHaveLength(TEMPLATES.length + 1);
    const copy = all.find((s) => s.id !== script.id && s.title === script.title);
    expect(copy?.nodes).toEqual(script.nodes);
  });

  it("refuses malformed JSON, a non-script, invalid nodes and a newer schema, storing nothing", async () => {
    const all = await app.storage().list<Script>("scripts");
    const script = all.find((s) => s.nodes.some((n) => n.kind === "say"))!;
    const brokenNode = structuredClone(script) as unknown as { nodes: Record<string, unknown>[] };
    const say = brokenNode.nodes.find((n) => n["kind"] === "say")!;
    delete say["text"];
    const cases: [string, RegExp][] = [
      ["{ not json", /not valid JSON/],
      [JSON.stringify({ hello: "world" }), /not a valid ScriptPilot script/],
      [JSON.stringify(brokenNode), /not a valid ScriptPilot script/],
      [JSON.stringify({ ...script, schemaVersion: 9 }), /newer version of ScriptPilot/],
    ];
    for (const [body, message] of cases) {
      const result = await dataOf<{ message: string; problems: { path: string; message: string }[] }>(
        await importAction(args(uploadRequest(body))),
      );
      expect(result.status).toBeGreaterThanOrEqual(400);
      expect(result.body.message).toMatch(message);
    }
    const nodeProblem = await dataOf<{ problems: { path: string; message: string }[] }>(
      await importAction(args(uploadRequest(JSON.stringify(brokenNode)))),
    );
    expect(nodeProblem.body.problems).toContainEqual(
      expect.objectContaining({ path: `node ${say["id"]}`, message: expect.stringMatching(/text/) }),
    );
    expect(await app.storage().list("scripts")).toHaveLength(TEMPLATES.length);
  });

  it("refuses a script whose graph has errors, listing them by node", async () => {
    const script = await firstScript();
    const dangling = { ...script, edges: script.edges.slice(1) };
    const result = await dataOf<{ message: string; problems: { path: string; nodeId?: string }[] }>(
      await importAction(args(uploadRequest(JSON.stringify(dangling)))),
    );
    expect(result.status).toBe(422);
    expect(result.body.message).toMatch(/problem/);
    expect(result.body.problems.length).toBeGreaterThan(0);
    expect(await app.storage().list("scripts")).toHaveLength(TEMPLATES.length);
  });

  it("refuses an oversized upload with 413 before reading it", async () => {
    const request = new Request("http://localhost/scripts/import", {
      method: "POST",
      headers: {
        "content-length": String(20 * 1024 * 1024),
        "content-type": "multipart/form-data; boundary=x",
      },
      body: "--x--",
    });
    const result = await dataOf<{ message: string }>(await importAction(args(request)));
    expect(result.status).toBe(413);
    expect(result.body.message).toMatch(/too large \(20\.0 MB\); the limit is 10 MB/);
  });

  it("refuses a real 11 MB file part with 413", async () => {
    const big = "x".repeat(11 * 1024 * 1024);
    const result = await dataOf<{ message: string }>(await importAction(args(uploadRequest(big))));
    expect(result.status).toBe(413);
    expect(await app.storage().list("scripts")).toHaveLength(TEMPLATES.length);
  });
});
