import { describe, expect, it } from "vitest";
import { applyRunAction, startRun, type RunAction, type RunEvent } from "~/domain/run/run-machine";
import type { Script } from "~/domain/script-types";
import { action as callsAction, loader as callsLoader } from "~/routes/scripts.$id.calls";
import { action as eventsAction, loader as runLoader } from "~/routes/scripts.$id.run.$callId";
import { loader as setupLoader } from "~/routes/scripts.$id.run._index";
import { getCallRecord, listCalls } from "~/services/calls.server";
import { asUser, get, postForm, thrownResponse, useMemoryApp, type TestSession } from "../support/memory-app";

const app = useMemoryApp();
const SCRIPT = "lead-classification-survey";

async function survey(): Promise<Script> {
  const script = await app.storage().get<Script>("scripts", SCRIPT);
  if (!script) throw new Error("demo script missing");
  return script;
}

/** A call through the demo survey, made by the real state machine: intro yes, right person yes, A, budget 4. */
async function callEvents(agent: string, callId = "call-1"): Promise<RunEvent[]> {
  const script = await survey();
  const t = (ms: number) => ({ at: new Date(Date.UTC(2026, 0, 1) + ms).toISOString(), offsetMs: ms });
  let { state, events } = startRun(script, {
    callId,
    agent,
    source: { kind: "draft", revision: script.revision },
    preview: true,
    mergeValues: { firstName: "Peter" },
    now: t(0),
  });
  const all = [...events];
  const actions: RunAction[] = [
    { type: "answer", answer: { kind: "yes" } },
    { type: "answer", answer: { kind: "yes" } },
    { type: "answer", answer: { kind: "option", optionId: "within-3m" } },
    { type: "back" },
    { type: "answer", answer: { kind: "option", optionId: "within-3m" } },
    { type: "answer", answer: { kind: "scale", value: 4 } },
    { type: "continue" },
  ];
  actions.forEach((action, i) => {
    ({ state, events } = applyRunAction(script, state, action, t((i + 1) * 5_000)));
    all.push(...events);
  });
  return all;
}

function postEvents(callId: string, body: unknown, session: TestSession, scriptId = SCRIPT): Request {
  return asUser(
    new Request(`http://localhost/scripts/${scriptId}/run/${callId}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
    session,
  );
}

const send = (request: Request, callId: string, id = SCRIPT) =>
  eventsAction({ request, params: { id, callId }, context: {} });

describe("GET /scripts/:id/run (preview setup)", () => {
  it("gives a writer the draft, their id as agent and the chosen start step", async () => {
    const writer = await app.signIn(["writer"]);
    const data = await setupLoader({
      request: get(`/scripts/${SCRIPT}/run?from=budget`, writer),
      params: { id: SCRIPT },
      context: {},
    });
    expect(data.script.id).toBe(SCRIPT);
    expect(data.agent).toBe(writer.user.id);
    expect(data.from).toBe("budget");
    expect(data.unknownFrom).toBe("");
  });

  it("says when the start step does not exist instead of failing", async () => {
    const writer = await app.signIn(["writer"]);
    const data = await setupLoader({
      request: get(`/scripts/${SCRIPT}/run?from=gone`, writer),
      params: { id: SCRIPT },
      context: {},
    });
    expect(data.from).toBe("");
    expect(data.unknownFrom).toBe("gone");
  });

  it("sends a signed-out visitor to sign in, refuses a user without the writer role, and 404s an unknown script", async () => {
    await app.createTestUser(["admin"]);
    const signedOut = await thrownResponse(
      setupLoader({ request: get(`/scripts/${SCRIPT}/run`), params: { id: SCRIPT }, context: {} }),
    );
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("Location")).toMatch(/^\/login\?next=/);
    const approver = await app.signIn(["approver"]);
    const refused = await thrownResponse(
      setupLoader({ request: get(`/scripts/${SCRIPT}/run`, approver), params: { id: SCRIPT }, context: {} }),
    );
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/writer/i);
    const writer = await app.signIn(["writer"]);
    const missing = await thrownResponse(
      setupLoader({ request: get(`/scripts/nope/run`, writer), params: { id: "nope" }, context: {} }),
    );
    expect(missing.status).toBe(404);
  });
});

describe("POST /scripts/:id/run/:callId (the run screen's events)", () => {
  it("stores a call's events once, however often they are sent, and folds them into the record", async () => {
    const writer = await app.signIn(["writer"]);
    const events = await callEvents(writer.user.id);
    const first = await send(postEvents("call-1", events.slice(0, 5), writer), "call-1");
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ accepted: 5, duplicates: 0 });
    const retry = await send(postEvents("call-1", events, writer), "call-1");
    expect(await retry.json()).toEqual({ accepted: events.length - 5, duplicates: 5 });

    const record = await getCallRecord("call-1");
    expect(record).toMatchObject({
      callId: "call-1",
      scriptId: SCRIPT,
      preview: true,
      agent: writer.user.id,
      status: "ended",
      endedBy: "script",
      endNodeId: "end-a",
      outcome: "Class A: buys within 3 months",
      aaporCode: "1.1",
      success: true,
      talkSeconds: 35,
    });
    expect(record?.answers.map((a) => [a.nodeId, a.output, a.undone])).toEqual([
      ["intro", "yes", false],
      ["right-person", "yes", false],
      ["timeframe", "option:within-3m", true],
      ["timeframe", "option:within-3m", false],
      ["budget", "next", false],
    ]);
    expect(record?.steps.filter((s) => s.undone).map((s) => s.nodeId)).toEqual(["budget"]);
    expect((await listCalls({ scriptId: SCRIPT, preview: true })).map((c) => c.callId)).toEqual(["call-1"]);
  });

  it("refuses malformed bodies, invalid events and events of another call, storing nothing", async () => {
    const writer = await app.signIn(["writer"]);
    const events = await callEvents(writer.user.id);
    const notJson = await send(postEvents("call-1", "{ nope", writer), "call-1");
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).detail).toMatch(/not JSON/);
    const empty = await send(postEvents("call-1", [], writer), "call-1");
    expect(empty.status).toBe(422);
    const broken = await send(
      postEvents("call-1", [events[0], { ...events[1], offsetMs: -5 }], writer),
      "call-1",
    );
    expect(broken.status).toBe(422);
    const body = await broken.json();
    expect(body.errors[0].path).toBe("event 2");
    const elsewhere = await send(postEvents("other-call", events, writer), "other-call");
    expect(elsewhere.status).toBe(422);
    expect((await elsewhere.json()).detail).toMatch(/belongs to another call/);
    const otherScript = await send(
      postEvents("call-1", events, writer, "event-invitation"),
      "call-1",
      "event-invitation",
    );
    expect(otherScript.status).toBe(422);
    expect(await getCallRecord("call-1")).toBeUndefined();
  });

  it("refuses a call recorded in another agent's name, and a request without the CSRF token", async () => {
    const writer = await app.signIn(["writer"]);
    const events = await callEvents("someone-else");
    const refused = await send(postEvents("call-1", events, writer), "call-1");
    expect(refused.status).toBe(422);
    expect(JSON.stringify(await refused.json())).toMatch(/another agent/);
    const noCsrf = new Request(`http://localhost/scripts/${SCRIPT}/run/call-1`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: writer.cookie },
      body: JSON.stringify(await callEvents(writer.user.id)),
    });
    expect((await thrownResponse(send(noCsrf, "call-1"))).status).toBe(403);
    expect(await getCallRecord("call-1")).toBeUndefined();
  });

  it("loads the run screen's script and refuses a malformed call id", async () => {
    const writer = await app.signIn(["writer"]);
    const data = await runLoader({
      request: get(`/scripts/${SCRIPT}/run/abc`, writer),
      params: { id: SCRIPT, callId: "abc" },
      context: {},
    });
    expect(data).toMatchObject({ callId: "abc", script: { id: SCRIPT } });
    const bad = await thrownResponse(
      runLoader({
        request: get(`/scripts/${SCRIPT}/run/a.b`, writer),
        params: { id: SCRIPT, callId: "a b!" },
        context: {},
      }),
    );
    expect(bad.status).toBe(404);
  });
});

describe("/scripts/:id/calls (preview records)", () => {
  it("lists a script's preview calls newest first and clears them", async () => {
    const writer = await app.signIn(["writer"]);
    await send(postEvents("call-1", await callEvents(writer.user.id, "call-1"), writer), "call-1");
    const later = (await callEvents(writer.user.id, "call-2")).map((e) => ({
      ...e,
      at: e.at.replace("2026-01-01", "2026-01-02"),
    }));
    await send(postEvents("call-2", later, writer), "call-2");

    const data = await callsLoader({
      request: get(`/scripts/${SCRIPT}/calls`, writer),
      params: { id: SCRIPT },
      context: {},
    });
    expect(data.calls.map((c) => c.callId)).toEqual(["call-2", "call-1"]);

    const cleared = await callsAction({
      request: postForm(`/scripts/${SCRIPT}/calls`, { intent: "clear" }, writer),
      params: { id: SCRIPT },
      context: {},
    });
    expect(cleared.status).toBe(302);
    expect(cleared.headers.get("Location")).toBe(`/scripts/${SCRIPT}/calls?cleared=2`);
    expect(await listCalls({ scriptId: SCRIPT, preview: true })).toEqual([]);
  });

  it("refuses an unknown action and a user without the writer role", async () => {
    const writer = await app.signIn(["writer"]);
    const unknown = await thrownResponse(
      callsAction({
        request: postForm(`/scripts/${SCRIPT}/calls`, { intent: "drop" }, writer),
        params: { id: SCRIPT },
        context: {},
      }),
    );
    expect(unknown.status).toBe(400);
    const approver = await app.signIn(["approver"]);
    const refused = await thrownResponse(
      callsLoader({
        request: get(`/scripts/${SCRIPT}/calls`, approver),
        params: { id: SCRIPT },
        context: {},
      }),
    );
    expect(refused.status).toBe(403);
  });
});
