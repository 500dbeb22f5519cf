import { describe, expect, it } from "vitest";
import { startRun } from "~/domain/run/run-machine";
import type { Script } from "~/domain/script-types";
import { action as eventsAction, loader as runLoader } from "~/routes/scripts.$id.run.$callId";
import { loader as setupLoader } from "~/routes/scripts.$id.run._index";
import { getCallRecord } from "~/services/calls.server";
import { publishDraft } from "~/services/versions.server";
import { asUser, get, thrownResponse, useMemoryApp } from "../support/memory-app";

const app = useMemoryApp();
const SCRIPT = "lead-classification-survey";

/** Publishes the demo draft as version 1, then changes the draft so the two differ. */
async function publishThenEditDraft(): Promise<Script> {
  const storage = app.storage();
  const draft = await storage.get<Script>("scripts", SCRIPT);
  if (!draft) throw new Error("demo script missing");
  const version = await publishDraft(
    storage,
    SCRIPT,
    { message: "First", expectedDraftRevision: draft.revision },
    { id: "u-w", roles: ["writer"] },
    "2026-01-02T00:00:00.000Z",
  );
  await storage.save("scripts", { ...draft, title: "Edited after publishing" }, draft.revision);
  return version.script;
}

const setup = (request: Request) => setupLoader({ request, params: { id: SCRIPT }, context: {} });

describe("GET /scripts/:id/run?version=<n> (preview a frozen version)", () => {
  it("gives any writer, lead or approver the frozen script, marked as that version and as a preview", async () => {
    const frozen = await publishThenEditDraft();
    for (const roles of [["writer"], ["lead"], ["approver"]] as const) {
      const user = await app.signIn([...roles]);
      const data = await setup(get(`/scripts/${SCRIPT}/run?version=1`, user));
      expect(data.script.title).toBe(frozen.title);
      expect(data.script.title).not.toBe("Edited after publishing");
      expect(data.source).toEqual({ kind: "version", versionId: `${SCRIPT}-v1`, number: 1 });
      expect(data.versionNumber).toBe(1);
      expect(data.agent).toBe(user.user.id);
    }
    // Without ?version the draft is rehearsed, as before.
    const writer = await app.signIn(["writer"]);
    const draft = await setup(get(`/scripts/${SCRIPT}/run`, writer));
    expect(draft.script.title).toBe("Edited after publishing");
    expect(draft.source).toMatchObject({ kind: "draft" });
  });

  it("answers 404 with a clear message for a version that does not exist or is not a number", async () => {
    await publishThenEditDraft();
    const approver = await app.signIn(["approver"]);
    const missing = await thrownResponse(setup(get(`/scripts/${SCRIPT}/run?version=7`, approver)));
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe("This script has no version 7.");
    const garbage = await thrownResponse(setup(get(`/scripts/${SCRIPT}/run?version=latest`, approver)));
    expect(garbage.status).toBe(404);
    expect(await garbage.text()).toMatch(/“latest” is not a version number/);
    const zero = await thrownResponse(setup(get(`/scripts/${SCRIPT}/run?version=0`, approver)));
    expect(zero.status).toBe(404);
  });

  it("refuses a signed-in user with none of the roles, and still keeps the draft preview to writers", async () => {
    await publishThenEditDraft();
    const admin = await app.signIn(["admin"]);
    const refused = await thrownResponse(setup(get(`/scripts/${SCRIPT}/run?version=1`, admin)));
    expect(refused.status).toBe(403);
    const approver = await app.signIn(["approver"]);
    expect((await thrownResponse(setup(get(`/scripts/${SCRIPT}/run`, approver)))).status).toBe(403);
  });

  it("opens the run screen on the frozen script and stores an approver's version preview as such", async () => {
    const frozen = await publishThenEditDraft();
    const approver = await app.signIn(["approver"]);
    const screen = await runLoader({
      request: get(`/scripts/${SCRIPT}/run/v-call?version=1`, approver),
      params: { id: SCRIPT, callId: "v-call" },
      context: {},
    });
    expect(screen).toMatchObject({ callId: "v-call", versionNumber: 1, script: { title: frozen.title } });

    const { events } = startRun(frozen, {
      callId: "v-call",
      agent: approver.user.id,
      source: { kind: "version", versionId: `${SCRIPT}-v1`, number: 1 },
      preview: true,
      mergeValues: {},
      now: { at: "2026-01-03T00:00:00.000Z", offsetMs: 0 },
    });
    const response = await eventsAction({
      request: asUser(
        new Request(`http://localhost/scripts/${SCRIPT}/run/v-call`, {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify(events),
        }),
        approver,
      ),
      params: { id: SCRIPT, callId: "v-call" },
      context: {},
    });
    expect(response.status).toBe(200);
    expect(await getCallRecord("v-call")).toMatchObject({
      preview: true,
      connected: true,
      source: { kind: "version", versionId: `${SCRIPT}-v1`, number: 1 },
    });
  });
});
