import { http, HttpResponse } from "msw";
import { Webhook } from "standardwebhooks";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { definePlugin } from "../../plugins/sdk";
import type { Role } from "~/domain/users/roles";
import { NODE_KINDS, type Script } from "~/domain/script-types";
import { action, loader } from "~/routes/scripts.$id.versions.$n_.export";
import { action as downloadAction } from "~/routes/scripts.$id.versions.$n_.export.download";
import { loader as adminExportsLoader } from "~/routes/admin.exports";
import { listExports } from "~/services/exports.server";
import { setPluginRegistry } from "~/services/plugin-catalog.server";
import { builtInPlugins, type RegisteredPlugin } from "~/services/plugin-registry.server";
import { actOnVersion, publishDraft } from "~/services/versions.server";
import { createWebhookTarget, listDeliveryProgress } from "~/services/webhook-targets.server";
import { server } from "../mocks/server";
import { get, postForm, thrownResponse, useMemoryApp, type TestSession } from "../support/memory-app";

const app = useMemoryApp();
const args = (request: Request, params: Record<string, string>) => ({ request, params, context: {} });
const NOW = "2026-02-01T10:00:00.000Z";

/** A plugin whose settings exercise every field kind the form supports, run in process. */
const settingsPlugin: RegisteredPlugin = (() => {
  const plugin = definePlugin({
    manifest: {
      schemaVersion: 1,
      id: "labelled-text",
      name: "Labelled text",
      version: "1.0.0",
      apiVersion: 1,
      target: "file",
      mediaType: "text/plain",
      capabilities: { nodeKinds: [...NODE_KINDS] },
    },
    configSchema: {
      type: "object",
      additionalProperties: false,
      required: ["label"],
      properties: {
        label: { type: "string", title: "Label", minLength: 1 },
        copies: { type: "integer", title: "Copies", minimum: 1, default: 1 },
        mode: { enum: ["short", "long"], title: "Mode" },
      },
    },
    export(version, ctx) {
      return { filename: `${version.scriptId}.txt`, mediaType: "text/plain", body: `${String(ctx.config.label)} v${version.number}` };
    },
  });
  return { id: plugin.manifest.id, source: "directory", location: "labelled-text", manifest: plugin.manifest, configSchema: plugin.configSchema, plugin, problems: [] };
})();

const failingPlugin: RegisteredPlugin = (() => {
  const plugin = definePlugin({
    manifest: { ...settingsPlugin.manifest!, id: "always-fails", name: "Always fails" },
    export() {
      throw new Error("This plugin always fails.");
    },
  });
  return { id: "always-fails", source: "directory", location: "always-fails", manifest: plugin.manifest, plugin, problems: [] };
})();

/** Cannot express questions, so it names those steps, as an exporter for a prompts-only format must. */
const noQuestionsPlugin: RegisteredPlugin = (() => {
  const plugin = definePlugin({
    manifest: {
      ...settingsPlugin.manifest!,
      id: "no-questions",
      name: "No questions",
      capabilities: { nodeKinds: NODE_KINDS.filter((k) => k !== "question") },
    },
    export(version) {
      return { filename: `${version.scriptId}.txt`, mediaType: "text/plain", body: version.script.title };
    },
  });
  return { id: "no-questions", source: "directory", location: "no-questions", manifest: plugin.manifest, plugin, problems: [] };
})();

const brokenPlugin: RegisteredPlugin = {
  id: "broken-one",
  source: "directory",
  location: "/data/plugins/broken-one",
  problems: ["apiVersion 9 is not supported (this ScriptPilot speaks 1)"],
};

let scriptId: string;
let author: TestSession;
let approver: TestSession;

beforeEach(async () => {
  setPluginRegistry([...builtInPlugins(), settingsPlugin, failingPlugin, noQuestionsPlugin, brokenPlugin]);
  const [script] = await app.storage().list<Script>("scripts");
  scriptId = script.id;
  author = await app.signIn(["writer"], { username: "author" });
  approver = await app.signIn(["approver"], { username: "checker" });
});
afterEach(() => setPluginRegistry(undefined));

async function publish(): Promise<void> {
  const draft = await app.storage().get<Script>("scripts", scriptId);
  await publishDraft(app.storage(), scriptId, { message: "v1", expectedDraftRevision: draft!.revision }, author.user, NOW);
}

async function approve(): Promise<void> {
  await publish();
  const v1 = await actOnVersion(app.storage(), scriptId, 1, "request-review", { expectedRevision: 1 }, author.user, NOW);
  await actOnVersion(app.storage(), scriptId, 1, "approve", { expectedRevision: v1.revision }, approver.user, NOW);
}

const url = () => `/scripts/${scriptId}/versions/1/export`;
const load = (session?: TestSession, query = "") => loader(args(get(`${url()}${query}`, session), { id: scriptId, n: "1" }));
const post = (fields: Record<string, string>, session?: TestSession) =>
  action(args(postForm(url(), fields, session), { id: scriptId, n: "1" }));

async function errorOf(result: unknown): Promise<{ status: number; body: { error: string; fieldErrors: Record<string, string> } }> {
  const r = result as { init?: { status?: number }; data: { error: string; fieldErrors: Record<string, string> } };
  return { status: r.init?.status ?? 200, body: r.data };
}

describe("who may export", () => {
  const ROLES: Role[] = ["writer", "lead", "approver", "admin"];
  it.each(ROLES)("%s may open the page and download an approved version", async (role) => {
    await approve();
    const me = await app.signIn([role], { username: `me-${role}` });
    const page = await load(me);
    expect(page.refusal).toBeUndefined();
    const response = await post({ intent: "download", plugin: "scriptpilot-json" }, me);
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).status).toBe(200);
    const [entry] = await listExports(app.storage(), { scriptId });
    expect(entry).toMatchObject({ actor: me.user.id, pluginId: "scriptpilot-json", versionNumber: 1, result: "ok" });
  });

  it("a signed-in person without any role is refused, and signed-out people are sent to sign in", async () => {
    await approve();
    const nobody = await app.signIn([], { username: "nobody" });
    expect((await thrownResponse(load(nobody))).status).toBe(403);
    expect((await thrownResponse(post({ intent: "download", plugin: "scriptpilot-json" }, nobody))).status).toBe(403);
    const out = await thrownResponse(load());
    expect(out.status).toBe(302);
    expect(out.headers.get("Location")).toContain("/login");
    expect(await listExports(app.storage())).toHaveLength(0);
  });
});

describe("the export page", () => {
  it("refuses a version that is not approved with the versions service's sentence, and logs nothing", async () => {
    await publish();
    const page = await load(author);
    expect(page.refusal).toMatch(/Version 1 of .* (is|was) /);
    const { status, body } = await errorOf(await post({ intent: "download", plugin: "scriptpilot-json" }, author));
    expect(status).toBe(409);
    expect(body.error).toBe(page.refusal);
    expect(await listExports(app.storage())).toHaveLength(0);
  });

  it("lists every plugin, the unusable one with its problem, and renders the chosen plugin's settings", async () => {
    await approve();
    const page = await load(author, "?plugin=labelled-text");
    expect(page.plugins.map((p) => p.id)).toEqual(expect.arrayContaining(["scriptpilot-json", "voicexml", "labelled-text", "broken-one"]));
    expect(page.plugins.find((p) => p.id === "broken-one")?.problems[0]).toMatch(/apiVersion 9/);
    expect(page.selectedId).toBe("labelled-text");
    expect(page.form.fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ["label", "string", true],
      ["copies", "integer", false],
      ["mode", "enum", false],
    ]);
  });

  it("downloads with the plugin's media type and an attachment file name", async () => {
    await approve();
    const response = (await post({ intent: "download", plugin: "scriptpilot-json" }, author)) as Response;
    expect(response.headers.get("Content-Type")).toMatch(/^application\/(vnd\.scriptpilot.*\+)?json/);
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="[^"]+\.json"/);
    const bundle = (await response.json()) as { source: { versionId: string; status: string } };
    expect(bundle.source).toMatchObject({ versionId: `${scriptId}-v1`, status: "approved" });
  });

  it("names each bad setting beside its field and exports nothing", async () => {
    await approve();
    const { status, body } = await errorOf(
      await post({ intent: "download", plugin: "labelled-text", "setting.copies": "0", "setting.mode": "medium" }, author),
    );
    expect(status).toBe(422);
    expect(body.fieldErrors).toEqual({
      label: "is required",
      copies: "must be >= 1",
      mode: "must be one of short, long",
    });
    expect(await listExports(app.storage())).toHaveLength(0);
  });

  it("passes valid settings to the plugin", async () => {
    await approve();
    const response = (await post({ intent: "download", plugin: "labelled-text", "setting.label": "Night shift", "setting.copies": "2" }, author)) as Response;
    expect(response.headers.get("Content-Type")).toMatch(/^text\/plain/);
    expect(await response.text()).toBe("Night shift v1");
  });

  it("says which plugins exist when asked for an unknown one, and why a broken one cannot be used", async () => {
    await approve();
    const unknown = await errorOf(await post({ intent: "download", plugin: "no-such" }, author));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe("There is no plugin “no-such”. Choose one from the list.");
    const broken = await errorOf(await post({ intent: "download", plugin: "broken-one" }, author));
    expect(broken.status).toBe(409);
    expect(broken.body.error).toMatch(/cannot be used: apiVersion 9/);
  });
});

// Background deliveries are awaited by polling; on a loaded two-core machine that needs more than 5 s.
describe("delivering to a webhook target", { timeout: 20_000 }, () => {
  it("signs the export, delivers it in the background and logs the outcome", async () => {
    await approve();
    const admin = await app.signIn(["admin"], { username: "boss" });
    const { target, secret } = await createWebhookTarget(
      app.storage(),
      { name: "Acme dialer", url: "https://dialer.example.com/hooks/sp?token=abc" },
      admin.user,
      NOW,
    );
    const received: { headers: Record<string, string>; body: string }[] = [];
    server.use(
      http.post("https://dialer.example.com/hooks/sp", async ({ request }) => {
        received.push({ headers: Object.fromEntries(request.headers), body: await request.text() });
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const response = await post({ intent: "deliver", plugin: "scriptpilot-json", target: target.id }, author);
    expect((response as Response).status).toBe(302);
    const deliveryId = new URLSearchParams((response as Response).headers.get("Location")!.split("?")[1].split("#")[0]).get("delivery");
    await expect.poll(() => listDeliveryProgress().find((d) => d.id === deliveryId)?.state, { timeout: 15_000 }).not.toBe("delivering");
    expect(listDeliveryProgress().find((d) => d.id === deliveryId)).toMatchObject({ state: "delivered" });

    expect(received).toHaveLength(1);
    const verified = new Webhook(secret).verify(received[0].body, received[0].headers);
    expect(verified).toBeDefined();
    expect(received[0].headers["content-type"]).toMatch(/json/);
    expect(verified).toMatchObject({ source: { versionId: `${scriptId}-v1`, status: "approved" } });

    const [entry] = await listExports(app.storage(), { scriptId });
    expect(entry).toMatchObject({
      actor: author.user.id,
      pluginId: "scriptpilot-json",
      result: "ok",
      delivery: { url: "https://dialer.example.com/hooks/sp", attempts: 1, status: 204, delivered: true },
    });
    const page = await load(author);
    expect(page.deliveries.find((d) => d.id === deliveryId)?.attempts).toEqual([expect.objectContaining({ attempt: 1, status: 204 })]);

    const log = await adminExportsLoader(args(get("/admin/exports?result=delivery", admin), {}));
    expect(log.entries.map((e) => e.id)).toEqual([entry.id]);
  });

  it("records a refused delivery (4xx is not retried) as failed", async () => {
    await approve();
    const admin = await app.signIn(["admin"], { username: "boss" });
    const { target } = await createWebhookTarget(app.storage(), { name: "Picky", url: "https://picky.example.com/in" }, admin.user, NOW);
    server.use(http.post("https://picky.example.com/in", () => new HttpResponse(null, { status: 400 })));
    const response = (await post({ intent: "deliver", plugin: "scriptpilot-json", target: target.id }, author)) as Response;
    const deliveryId = new URLSearchParams(response.headers.get("Location")!.split("?")[1].split("#")[0]).get("delivery");
    await expect.poll(() => listDeliveryProgress().find((d) => d.id === deliveryId)?.state, { timeout: 15_000 }).toBe("failed");
    const [entry] = await listExports(app.storage(), { scriptId });
    expect(entry).toMatchObject({ result: "error", errorCode: "delivery-failed", delivery: { attempts: 1, status: 400, delivered: false } });
  });

  it("shows the plugin's own sentence when it cannot export this script, and logs the failure", async () => {
    await approve();
    const admin = await app.signIn(["admin"], { username: "boss" });
    const { target } = await createWebhookTarget(app.storage(), { name: "IVR", url: "https://ivr.example.com/in" }, admin.user, NOW);
    const response = (await post({ intent: "deliver", plugin: "always-fails", target: target.id }, author)) as Response;
    const deliveryId = new URLSearchParams(response.headers.get("Location")!.split("?")[1].split("#")[0]).get("delivery");
    await expect.poll(() => listDeliveryProgress().find((d) => d.id === deliveryId)?.state, { timeout: 15_000 }).toBe("failed");
    expect(listDeliveryProgress().find((d) => d.id === deliveryId)?.summary).toMatch(/This plugin always fails/);
    const [entry] = await listExports(app.storage(), { scriptId });
    expect(entry).toMatchObject({ result: "error", delivery: { attempts: 0, delivered: false } });
  });
});

describe("the admin export log", () => {
  it("is for admins only and filters by plugin and result", async () => {
    await approve();
    await post({ intent: "download", plugin: "scriptpilot-json" }, author);
    await post({ intent: "download", plugin: "printable" }, author);
    expect((await thrownResponse(adminExportsLoader(args(get("/admin/exports", author), {})))).status).toBe(403);
    const admin = await app.signIn(["admin"], { username: "boss" });
    const all = await adminExportsLoader(args(get("/admin/exports", admin), {}));
    expect(all.entries).toHaveLength(2);
    const vxml = await adminExportsLoader(args(get(`/admin/exports?plugin=printable&script=${scriptId}&result=ok`, admin), {}));
    expect(vxml.entries.map((e) => e.pluginId)).toEqual(["printable"]);
    const failed = await adminExportsLoader(args(get("/admin/exports?result=error", admin), {}));
    expect(failed.entries).toHaveLength(0);
  });
});

describe("the download route the Download button posts to", () => {
  const download = (fields: Record<string, string>, session?: TestSession) =>
    downloadAction(args(postForm(`${url()}/download`, fields, session), { id: scriptId, n: "1" }));

  it("hands the browser the file itself", async () => {
    await approve();
    const response = (await download({ intent: "download", plugin: "scriptpilot-json" }, author)) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename=/);
  });

  it("sends a refused export back to the page with the reason and each setting's problem", async () => {
    await approve();
    const response = (await download({ intent: "download", plugin: "labelled-text", "setting.copies": "0" }, author)) as Response;
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get("Location") ?? "", "http://localhost");
    expect(location.pathname).toBe(url());
    expect(location.searchParams.get("plugin")).toBe("labelled-text");
    expect(location.searchParams.get("error")).toMatch(/settings need fixing/);
    const page = await loader(args(get(`${location.pathname}${location.search}`, author), { id: scriptId, n: "1" }));
    expect(page.downloadProblem?.fieldErrors).toMatchObject({ copies: expect.any(String) });
    expect(await listExports(app.storage(), { scriptId })).toEqual([]);
  });
});
