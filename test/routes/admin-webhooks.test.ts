import { http, HttpResponse } from "msw";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import type { Role } from "~/domain/users/roles";
import { action, loader } from "~/routes/admin.webhooks";
import { listAudit } from "~/services/audit.server";
import { listDeliveryProgress, listWebhookTargets } from "~/services/webhook-targets.server";
import { server } from "../mocks/server";
import { get, postForm, thrownResponse, useMemoryApp } from "../support/memory-app";

const app = useMemoryApp();
const args = (request: Request) => ({ request, params: {}, context: {} });

describe("/admin/webhooks", () => {
  it.each<Role>(["writer", "lead", "approver"])("refuses a %s", async (role) => {
    const me = await app.signIn([role]);
    expect((await thrownResponse(loader(args(get("/admin/webhooks", me))))).status).toBe(403);
    const refused = await thrownResponse(action(args(postForm("/admin/webhooks", { intent: "create", name: "x", url: "https://x.example.com" }, me))));
    expect(refused.status).toBe(403);
    expect(await listWebhookTargets(app.storage())).toHaveLength(0);
  });

  it("makes a target, shows its secret once and never again", async () => {
    const admin = await app.signIn(["admin"]);
    const made = (await action(
      args(postForm("/admin/webhooks", { intent: "create", name: "Acme dialer", url: "https://dialer.example.com/in?token=t0k" }, admin)),
    )) as unknown as { data: { ok: true; secret: string; name: string } };
    expect(made.data.secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const page = await loader(args(get("/admin/webhooks", admin)));
    expect(page.targets).toEqual([expect.objectContaining({ name: "Acme dialer", active: true })]);
    expect(JSON.stringify(page)).not.toContain(made.data.secret.slice(6));
    const audit = await listAudit({}, app.storage());
    const entry = audit.entries.find((e) => e.action === "webhook-target.created");
    expect(JSON.stringify(entry)).not.toContain("t0k");
  });

  it("refuses plain http to another machine and a missing name, per field, storing nothing", async () => {
    const admin = await app.signIn(["admin"]);
    const result = (await action(args(postForm("/admin/webhooks", { intent: "create", name: " ", url: "http://dialer.example.com/in" }, admin)))) as unknown as {
      data: { ok: false; fields: Record<string, string> };
      init: { status: number };
    };
    expect(result.init.status).toBe(422);
    expect(result.data.fields.url).toBe("Use https:// for a webhook URL: plain http is allowed only for localhost.");
    expect(result.data.fields.name).toMatch(/Give the target a name/);
    expect(await listWebhookTargets(app.storage())).toHaveLength(0);
    const local = await action(args(postForm("/admin/webhooks", { intent: "create", name: "Local", url: "http://localhost:9999/in" }, admin)));
    expect((local as unknown as { data: { ok: boolean } }).data.ok).toBe(true);
  });

  it("sends a signed test delivery, disables and deletes a target", async () => {
    const admin = await app.signIn(["admin"]);
    const made = (await action(args(postForm("/admin/webhooks", { intent: "create", name: "Acme", url: "https://acme.example.com/hook" }, admin)))) as unknown as {
      data: { secret: string };
    };
    const [target] = await listWebhookTargets(app.storage());
    let verified: unknown;
    server.use(
      http.post("https://acme.example.com/hook", async ({ request }) => {
        verified = new Webhook(made.data.secret).verify(await request.text(), Object.fromEntries(request.headers));
        return new HttpResponse(null, { status: 200 });
      }),
    );
    const sent = (await action(args(postForm("/admin/webhooks", { intent: "test", id: target.id }, admin)))) as Response;
    expect(sent.status).toBe(302);
    await expect.poll(() => listDeliveryProgress({ targetId: target.id })[0]?.state, { timeout: 4000 }).toBe("delivered");
    expect(verified).toMatchObject({ type: "scriptpilot.test", targetId: target.id });
    const page = await loader(args(get("/admin/webhooks", admin)));
    expect(page.deliveries[0]).toMatchObject({ targetName: "Acme", state: "delivered", attempts: [expect.objectContaining({ status: 200 })] });

    await action(args(postForm("/admin/webhooks", { intent: "disable", id: target.id }, admin)));
    expect((await listWebhookTargets(app.storage()))[0]).toMatchObject({ active: false, disabledBy: admin.user.id });
    await action(args(postForm("/admin/webhooks", { intent: "delete", id: target.id }, admin)));
    expect(await listWebhookTargets(app.storage())).toHaveLength(0);
  });

  it("reloads the plugin list on request", async () => {
    const admin = await app.signIn(["admin"]);
    const result = (await action(args(postForm("/admin/webhooks", { intent: "reload" }, admin)))) as unknown as { data: { ok: true; usable: number } };
    expect(result.data.usable).toBeGreaterThanOrEqual(5);
    const page = await loader(args(get("/admin/webhooks", admin)));
    expect(page.plugins.map((p) => p.id)).toEqual(expect.arrayContaining(["scriptpilot-json", "voicexml", "surveyjs", "agent-desktop-html", "printable"]));
  });
});
