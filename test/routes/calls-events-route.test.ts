import { beforeEach, describe, expect, it } from "vitest";
import { action } from "~/routes/calls.events";
import { getCallRecord } from "~/services/calls.server";
import { callBuilder } from "../storage/call-events-factory";
import { asUser, useMemoryApp, type TestSession } from "../support/memory-app";

const app = useMemoryApp();
let agent: TestSession;
beforeEach(async () => {
  agent = await app.signIn(["writer"], { username: "anna" });
});

function events(callId: string) {
  return callBuilder(callId)
    .start({ agent: agent.user.id, preview: true })
    .add("step", 100, { nodeId: "opening" })
    .add("note", 2_000, { nodeId: "opening", text: "Asked to speak slowly." }).events;
}

function post(body: string, contentType: string, session: TestSession | null = agent): Request {
  const request = new Request("http://localhost/calls/events", {
    method: "POST",
    body,
    headers: { "Content-Type": contentType, Accept: "application/json" },
  });
  return session ? asUser(request, session) : request;
}

async function send(request: Request): Promise<{ status: number; body: Record<string, unknown> }> {
  let response: Response;
  try {
    response = await action({ request, params: {}, context: {} });
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    response = thrown;
  }
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("POST /calls/events", () => {
  it("stores a JSON array of events once and counts a retry as duplicates", async () => {
    const body = JSON.stringify(events("c1"));
    expect(await send(post(body, "application/json"))).toEqual({
      status: 200,
      body: { accepted: 3, duplicates: 0 },
    });
    expect(await send(post(body, "application/json"))).toEqual({
      status: 200,
      body: { accepted: 0, duplicates: 3 },
    });
    expect((await getCallRecord("c1"))?.notes).toHaveLength(1);
  });

  it("takes NDJSON, one event a line", async () => {
    const body =
      events("c2")
        .map((e) => JSON.stringify(e))
        .join("\n") + "\n";
    expect(await send(post(body, "application/x-ndjson"))).toEqual({
      status: 200,
      body: { accepted: 3, duplicates: 0 },
    });
  });

  it("answers 400 problem+json naming each bad line, and stores nothing", async () => {
    const [start, step, note] = events("c3");
    const lines = [
      JSON.stringify(start),
      "{not json",
      JSON.stringify({ ...step, nodeId: "has space" }),
      JSON.stringify(note),
    ];
    const notJson = await send(post(lines.join("\n"), "application/x-ndjson"));
    expect(notJson.status).toBe(400);
    expect(notJson.body.errors).toEqual([{ path: "event 2", message: "is not valid JSON" }]);
    lines.splice(1, 1);
    const invalid = await send(post(lines.join("\n"), "application/x-ndjson"));
    expect(invalid).toMatchObject({
      status: 400,
      body: { title: "Bad request", errors: [{ path: "event 2", message: "nodeId has an invalid format" }] },
    });
    expect(await getCallRecord("c3")).toBeUndefined();
  });

  it("refuses a body that is not an array of events", async () => {
    expect((await send(post('{"eventId":"x"}', "application/json"))).body.detail).toMatch(
      /array of call events/,
    );
    expect((await send(post("[]", "application/json"))).status).toBe(400);
  });

  it("answers 413 over 5 MB without storing anything", async () => {
    const [start] = events("c4");
    const huge = JSON.stringify([start, { padding: "x".repeat(5 * 1024 * 1024) }]);
    const result = await send(post(huge, "application/json"));
    expect(result.status).toBe(413);
    expect(await getCallRecord("c4")).toBeUndefined();
  });

  it("answers 401 without a session", async () => {
    expect((await send(post(JSON.stringify(events("c5")), "application/json", null))).status).toBe(401);
  });
});
