import { describe, expect, it } from "vitest";
import { getCallRecord } from "~/services/calls.server";
import { useMemoryApp } from "../support/memory-app";
import { bearer, dialerCall, useApiServer } from "./api-server";

useMemoryApp();
const api = useApiServer({ maxBodyBytes: 64 * 1024 });

function post(body: string, type: string, auth: Record<string, string>) {
  return fetch(api.url("/events"), { method: "POST", body, headers: { "Content-Type": type, ...auth } });
}

describe("POST /events", () => {
  it("stores an NDJSON batch and folds it into the call record", async () => {
    const auth = await bearer(["events:write"]);
    const body = dialerCall("call-a").map((e) => JSON.stringify(e)).join("\n") + "\n";
    const res = await post(body, "application/x-ndjson", auth);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 5, accepted: 5, duplicates: 0 });
    const record = await getCallRecord("call-a");
    expect(record).toMatchObject({ callId: "call-a", agent: "agent-7", endedBy: "customer", aaporCode: "2.12" });
  });

  it("stores a resent batch once, counting the repeats as duplicates", async () => {
    const auth = await bearer(["events:write"]);
    const events = dialerCall("call-b");
    await post(JSON.stringify(events.slice(0, 3)), "application/json", auth);
    const res = await post(JSON.stringify({ events }), "application/json", auth);
    expect(await res.json()).toEqual({ received: 5, accepted: 2, duplicates: 3 });
  });

  it("refuses the whole batch when one line does not parse, naming the line, and stores nothing", async () => {
    const auth = await bearer(["events:write"]);
    const lines = dialerCall("call-c").map((e) => JSON.stringify(e));
    lines[3] = "{not json";
    const res = await post(lines.join("\n"), "application/x-ndjson", auth);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [{ path: "line 4", message: "is not valid JSON" }] });
    expect(await getCallRecord("call-c")).toBeUndefined();
  });

  it("refuses the whole batch when one event does not validate, naming it, and stores nothing", async () => {
    const auth = await bearer(["events:write"]);
    const events = dialerCall("call-d");
    events[4] = { ...events[4], aaporCode: "not-a-code" };
    const res = await post(JSON.stringify(events), "application/json", auth);
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path)).toContain("event 5");
    expect(await getCallRecord("call-d")).toBeUndefined();
  });

  it("refuses events for a call that never started", async () => {
    const res = await post(JSON.stringify(dialerCall("call-e").slice(1)), "application/json", await bearer(["events:write"]));
    expect(res.status).toBe(422);
    expect(JSON.stringify(await res.json())).toMatch(/has not started/);
  });

  it("answers 413 above the size limit, 415 for another media type, 403 without the scope", async () => {
    const auth = await bearer(["events:write"]);
    expect((await post("x".repeat(70 * 1024), "application/x-ndjson", auth)).status).toBe(413);
    expect((await post("a,b", "text/csv", auth)).status).toBe(415);
    expect((await post("[]", "application/json", await bearer(["scripts:read"]))).status).toBe(403);
  });
});
