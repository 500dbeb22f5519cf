import { describe, expect, it } from "vitest";
import type { Pilot } from "~/domain/pilots/pilot-types";
import { loader as callStartLoader, action as nextContactAction } from "~/routes/pilots.$id.call._index";
import { action as callEventsAction, loader as callLoader } from "~/routes/pilots.$id.call.$callId";
import { action as contactsAction, loader as contactsLoader } from "~/routes/pilots.$id.contacts";
import { action as uploadAction } from "~/routes/pilots.$id.contacts.upload";
import { loader as listLoader } from "~/routes/pilots._index";
import { action as newAction, loader as newLoader } from "~/routes/pilots.new";
import { loader as previewLoader } from "~/routes/pilots.$id.preview";
import { action as settingsAction } from "~/routes/pilots.$id.settings";
import { getPilotReport } from "~/services/pilots.server";
import { approvedPair } from "../fixtures/pilots/approved-versions";
import { get, postForm, thrownResponse, useMemoryApp, type TestSession } from "../support/memory-app";

const app = useMemoryApp();
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} });

const LIST = [
  "First name,Company,Phone,Lead class",
  "Ada,Acme,020 7946 0001,A",
  "Ben,Bolt,020 7946 0002,B",
  "Cy,Cogs,12345,A",
].join("\n");

async function createViaForm(lead: TestSession): Promise<Pilot> {
  const { control, challenger } = await approvedPair(app.storage());
  const response = await newAction(
    args(
      postForm(
        "/pilots/new",
        {
          name: "Openings",
          "version-0": control.id,
          "version-1": challenger.id,
          control: "0",
          plannedSampleSize: "100",
          withinSeconds: "30",
          mode: "or",
          "checkpoint-0": "pitch-done",
          "checkpoint-1": "cp",
          success: "appointment",
          strata: "leadClass",
        },
        lead,
      ),
    ),
  );
  if (!(response instanceof Response)) throw new Error(`not created: ${JSON.stringify(response)}`);
  const [pilot] = await app.storage().list<Pilot>("pilots");
  expect(response.headers.get("Location")).toBe(`/pilots/${pilot.id}/contacts`);
  return pilot;
}

function upload(url: string, fields: Record<string, string>, file: string, session?: TestSession) {
  const body = new FormData();
  if (session) body.set("csrf", session.csrf);
  for (const [k, v] of Object.entries(fields)) body.set(k, v);
  body.set("file", new File([file], "list.csv", { type: "text/csv" }));
  return new Request(`http://localhost${url}`, {
    method: "POST",
    body,
    headers: session ? { Cookie: session.cookie } : {},
  });
}

describe("who may do what", () => {
  it("sends signed-out people to sign in, refuses writers the set-up, and lets leads in", async () => {
    await app.createTestUser(["admin"]);
    const out = await thrownResponse(newLoader(args(get("/pilots/new"))));
    expect(out.status).toBe(302);
    expect(out.headers.get("Location")).toContain("/login");

    const writer = await app.signIn(["writer"]);
    const refused = await thrownResponse(newLoader(args(get("/pilots/new", writer))));
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/lead/i);

    const lead = await app.signIn(["lead"]);
    const page = await newLoader(args(get("/pilots/new", lead)));
    expect(page.candidates).toEqual([]);
    expect((await listLoader(args(get("/pilots", writer)))).rows).toEqual([]);
  });

  it("refuses a writer's upload and a writer's pilot controls", async () => {
    const lead = await app.signIn(["lead"]);
    const pilot = await createViaForm(lead);
    const writer = await app.signIn(["writer"]);
    expect(
      (
        await thrownResponse(
          uploadAction(
            args(upload(`/pilots/${pilot.id}/contacts/upload`, { intent: "contacts" }, LIST, writer), {
              id: pilot.id,
            }),
          ),
        )
      ).status,
    ).toBe(403);
    expect(
      (
        await thrownResponse(
          settingsAction(
            args(postForm(`/pilots/${pilot.id}/settings`, { intent: "start" }, writer), { id: pilot.id }),
          ),
        )
      ).status,
    ).toBe(403);
  });
});

describe("a lead sets up and runs a pilot; an agent calls", () => {
  it("creates, imports with rejected rows, previews, starts, and serves a contact to a writer's call screen", async () => {
    const lead = await app.signIn(["lead"]);
    const pilot = await createViaForm(lead);

    const imported = await contactsAction(
      args(upload(`/pilots/${pilot.id}/contacts`, { intent: "contacts", defaultRegion: "GB" }, LIST, lead), {
        id: pilot.id,
      }),
    );
    expect(imported).toMatchObject({ ok: true, rejectedTotal: 1 });
    if (!imported.ok) throw new Error("import failed");
    expect(imported.rejected[0].line).toBe(4);
    const contactsPage = await contactsLoader(
      args(get(`/pilots/${pilot.id}/contacts`, lead), { id: pilot.id }),
    );
    expect(contactsPage.pilot.list?.contacts).toBe(2);
    const preview = await previewLoader(args(get(`/pilots/${pilot.id}/preview`, lead), { id: pilot.id }));
    expect(preview.variants).toHaveLength(2);

    const started = await settingsAction(
      args(postForm(`/pilots/${pilot.id}/settings`, { intent: "start" }, lead), { id: pilot.id }),
    );
    expect(started).toEqual({ ok: true, message: "The pilot is now running." });

    const agent = await app.signIn(["writer"], { username: "agent" });
    expect(
      (await callStartLoader(args(get(`/pilots/${pilot.id}/call`, agent), { id: pilot.id }))).pilot.status,
    ).toBe("running");
    const served = await nextContactAction(
      args(postForm(`/pilots/${pilot.id}/call?index`, {}, agent), { id: pilot.id }),
    );
    if (!(served instanceof Response)) throw new Error(`no contact: ${JSON.stringify(served)}`);
    const location = served.headers.get("Location") ?? "";
    const callId = location.split("/").pop() ?? "";
    expect(location).toBe(`/pilots/${pilot.id}/call/${callId}`);

    const call = await callLoader(args(get(location, agent), { id: pilot.id, callId }));
    expect(call.mergeValues.firstName).toMatch(/^(Ada|Ben)$/);
    expect(call.source.kind).toBe("version");

    // Another agent cannot open someone else's call.
    const other = await app.signIn(["writer"], { username: "other" });
    expect(
      (await thrownResponse(callLoader(args(get(location, other), { id: pilot.id, callId })))).status,
    ).toBe(403);

    const t0 = Date.UTC(2026, 10, 26, 9);
    const at = (ms: number) => new Date(t0 + ms).toISOString();
    const base = { schemaVersion: 1, callId };
    const events = [
      {
        ...base,
        eventId: `${callId}-0`,
        seq: 0,
        type: "call-started",
        at: at(0),
        offsetMs: 0,
        scriptId: call.script.id,
        source: call.source,
        preview: false,
        agent: agent.user.id,
        pilotId: pilot.id,
        variantId: call.variantId,
        contactRef: call.contactRef,
      },
      { ...base, eventId: `${callId}-1`, seq: 1, type: "connected", at: at(10), offsetMs: 10 },
      {
        ...base,
        eventId: `${callId}-2`,
        seq: 2,
        type: "call-ended",
        at: at(4000),
        offsetMs: 4000,
        endedBy: "customer",
        nodeId: "start",
        outcome: "Hung up",
        aaporCode: "2.12",
        success: false,
        connected: true,
        talkSeconds: 4,
      },
    ];
    const request = new Request(`http://localhost${location}`, {
      method: "POST",
      body: JSON.stringify(events),
      headers: { Cookie: agent.cookie, "X-CSRF-Token": agent.csrf, "Content-Type": "application/json" },
    });
    const stored = await callEventsAction(args(request, { id: pilot.id, callId }));
    expect(stored instanceof Response && stored.status).toBe(200);
    const report = await getPilotReport(pilot.id);
    expect(report.variants.reduce((n, v) => n + v.attempted, 0)).toBe(1);
  });
});

describe("releasing a contact", () => {
  it("puts a served contact the agent did not call back in the queue, and refuses once the call started", async () => {
    const lead = await app.signIn(["lead"]);
    const pilot = await createViaForm(lead);
    await contactsAction(
      args(upload(`/pilots/${pilot.id}/contacts`, { intent: "contacts", defaultRegion: "GB" }, LIST, lead), {
        id: pilot.id,
      }),
    );
    await settingsAction(
      args(postForm(`/pilots/${pilot.id}/settings`, { intent: "start" }, lead), { id: pilot.id }),
    );
    const agent = await app.signIn(["writer"], { username: "agent" });
    const serve = async () => {
      const served = await nextContactAction(
        args(postForm(`/pilots/${pilot.id}/call?index`, {}, agent), { id: pilot.id }),
      );
      if (!(served instanceof Response)) throw new Error(`no contact: ${JSON.stringify(served)}`);
      return served.headers.get("Location")?.split("/").pop() ?? "";
    };
    const release = (callId: string) =>
      callEventsAction(
        args(postForm(`/pilots/${pilot.id}/call/${callId}`, { intent: "release" }, agent), {
          id: pilot.id,
          callId,
        }),
      );
    const open = (callId: string) =>
      callLoader(args(get(`/pilots/${pilot.id}/call/${callId}`, agent), { id: pilot.id, callId }));
    const first = await serve();
    const firstContact = (await open(first)).contactRef;

    const released = await release(first);
    if (!(released instanceof Response)) throw new Error(`not released: ${JSON.stringify(released)}`);
    expect(released.headers.get("Location")).toBe(`/pilots/${pilot.id}/call?released=1`);
    expect(await release(first)).toEqual({
      releaseError: expect.stringMatching(/not served, or was already released/),
    });
    // The contact is back in the queue: served again, as a new call.
    const second = await serve();
    expect(second).not.toBe(first);
    const call = await open(second);
    expect(call.contactRef).toBe(firstContact);
    const started = {
      schemaVersion: 1,
      callId: second,
      eventId: `${second}-0`,
      seq: 0,
      type: "call-started",
      at: "2026-11-26T09:00:00.000Z",
      offsetMs: 0,
      scriptId: call.script.id,
      source: call.source,
      preview: false,
      agent: agent.user.id,
      pilotId: pilot.id,
      variantId: call.variantId,
      contactRef: call.contactRef,
    };
    const stored = await callEventsAction(
      args(
        new Request(`http://localhost/pilots/${pilot.id}/call/${second}`, {
          method: "POST",
          body: JSON.stringify([started]),
          headers: { Cookie: agent.cookie, "X-CSRF-Token": agent.csrf, "Content-Type": "application/json" },
        }),
        { id: pilot.id, callId: second },
      ),
    );
    expect(stored instanceof Response && stored.status).toBe(200);
    expect(await release(second)).toEqual({ releaseError: expect.stringMatching(/already started/) });
  });
});

describe("the pilot controls", () => {
  it("stop needs a confirmation; then the winner and the deletion of personal data are recorded", async () => {
    const lead = await app.signIn(["lead"]);
    const pilot = await createViaForm(lead);
    await contactsAction(
      args(upload(`/pilots/${pilot.id}/contacts`, { intent: "contacts", defaultRegion: "GB" }, LIST, lead), {
        id: pilot.id,
      }),
    );
    const control = (intent: string, fields: Record<string, string> = {}) =>
      settingsAction(
        args(postForm(`/pilots/${pilot.id}/settings`, { intent, ...fields }, lead), { id: pilot.id }),
      );

    expect(await control("delete-personal-data", { confirm: "yes" })).toMatchObject({
      ok: false,
      error: expect.stringContaining("Stop the pilot"),
    });
    await control("start");
    expect(await control("stop")).toMatchObject({ ok: false, error: expect.stringContaining("confirm") });
    expect(await control("stop", { confirm: "yes" })).toEqual({
      ok: true,
      message: "The pilot is now stopped.",
    });
    expect(await control("winner", { variantId: "B", note: "Shorter opening keeps people" })).toMatchObject({
      ok: true,
      message: expect.stringContaining("ready for the campaign"),
    });
    expect(await control("delete-personal-data", { confirm: "yes" })).toMatchObject({ ok: true });
    const [stored] = await app.storage().list<Pilot>("pilots");
    expect(stored.winner?.variantId).toBe("B");
    expect(stored.list?.personalDataDeletedAt).toBeDefined();
    const preview = await previewLoader(args(get(`/pilots/${pilot.id}/preview`, lead), { id: pilot.id }));
    expect(preview.total).toBe(0);
  });
});
