// Webhook delivery checked by the receiving side's library: standardwebhooks' Webhook.verify must accept
// what ScriptPilot sends. msw stands in for the dialer.
import { http, HttpResponse } from "msw";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { server } from "../../test/mocks/server";
import { createMemoryAdapter } from "~/storage/memory-adapter";
import { approvedVersion, kitScript } from "../../plugins/sdk/contract";
import { NODE_KINDS } from "../../plugins/sdk";
import { listExports } from "./exports.server";
import { builtInPlugins } from "./plugin-registry.server";
import { deliverAndLog, deliverWebhook, type DeliveryOptions } from "./webhooks.server";

const URL_ = "https://dialer.example.test/scriptpilot/hooks";
const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
// standardwebhooks' verify also parses the payload as JSON, so the verified export is a JSON one.
const result = {
  filename: "survey.json",
  mediaType: "application/json",
  body: '{"title":"Solar survey","pages":[]}\n',
};

/** Records the waits instead of waiting, so a test of five attempts takes no time. */
function fakeSleep() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

interface Seen {
  headers: Record<string, string>;
  body: string;
}

function receiver(statuses: number[]): Seen[] {
  const seen: Seen[] = [];
  server.use(
    http.post(URL_, async ({ request }) => {
      seen.push({ headers: Object.fromEntries(request.headers.entries()), body: await request.text() });
      return new HttpResponse(null, { status: statuses[Math.min(seen.length - 1, statuses.length - 1)] });
    }),
  );
  return seen;
}

describe("webhook delivery", () => {
  it("sends a request the dialer can verify with standardwebhooks", async () => {
    const seen = receiver([204]);
    const report = await deliverWebhook({ url: URL_, secret: SECRET }, result);
    expect(report).toMatchObject({ delivered: true, status: 204 });
    expect(report.summary).toBe("Delivered to dialer.example.test (HTTP 204) after 1 attempt.");
    const [request] = seen;
    expect(request.headers["content-type"]).toBe("application/json");
    expect(request.body).toBe(result.body);
    expect(() => new Webhook(SECRET).verify(request.body, request.headers)).not.toThrow();
    expect(() => new Webhook(SECRET).verify(request.body + " ", request.headers)).toThrow();
  });

  it("retries 5xx answers with exponential backoff, keeping the id and signing each attempt anew", async () => {
    const seen = receiver([503, 500, 502, 200]);
    const { delays, sleep } = fakeSleep();
    let t = Date.now();
    const clock = () => new Date((t += 61_000));
    const report = await deliverWebhook({ url: URL_, secret: SECRET }, result, {
      sleep,
      clock,
      baseDelayMs: 500,
    });
    expect(report.delivered).toBe(true);
    expect(report.attempts.map((a) => a.status)).toEqual([503, 500, 502, 200]);
    expect(delays).toEqual([500, 1000, 2000]);
    expect(new Set(seen.map((s) => s.headers["webhook-id"])).size).toBe(1);
    expect(new Set(seen.map((s) => s.headers["webhook-timestamp"])).size).toBe(4);
    expect(new Set(seen.map((s) => s.headers["webhook-signature"])).size).toBe(4);
  });

  it("does not retry a 4xx answer", async () => {
    const seen = receiver([401]);
    const { delays, sleep } = fakeSleep();
    const report = await deliverWebhook({ url: URL_, secret: SECRET }, result, { sleep });
    expect(seen).toHaveLength(1);
    expect(delays).toEqual([]);
    expect(report).toMatchObject({ delivered: false, status: 401 });
    expect(report.summary).toBe("dialer.example.test refused the delivery with HTTP 401; not retried.");
  });

  it("retries a receiver that does not answer in time and gives up after the last attempt", async () => {
    server.use(http.post(URL_, () => new Promise<Response>(() => {})));
    const { delays, sleep } = fakeSleep();
    const options: DeliveryOptions = { sleep, maxAttempts: 3, timeoutMs: 50 };
    const report = await deliverWebhook({ url: URL_, secret: SECRET }, result, options);
    expect(report.delivered).toBe(false);
    expect(report.attempts.map((a) => a.error)).toEqual([
      "no answer within 0.05 s",
      "no answer within 0.05 s",
      "no answer within 0.05 s",
    ]);
    expect(delays).toEqual([1000, 2000]);
    expect(report.summary).toBe(
      "Could not deliver to dialer.example.test after 3 attempts (last: no answer within 0.05 s).",
    );
  });

  it("refuses a secret that is not a whsec_ key before sending anything", async () => {
    await expect(deliverWebhook({ url: URL_, secret: "hunter2" }, result)).rejects.toThrow(
      /whsec_ followed by at least 24 bytes/,
    );
  });
});

describe("exporting to a webhook", () => {
  it("pushes the plugin's output and logs the delivery without the URL's query", async () => {
    const seen = receiver([500, 202]);
    const storage = createMemoryAdapter();
    const version = approvedVersion(kitScript(NODE_KINDS));
    const { report, entry } = await deliverAndLog(storage, {
      plugins: builtInPlugins(),
      pluginId: "scriptpilot-json",
      version,
      now: "2026-03-01T12:00:00.000Z",
      actor: "user-7",
      target: { url: `${URL_}?token=abc`, secret: SECRET },
      delivery: { sleep: fakeSleep().sleep },
    });
    expect(report.delivered).toBe(true);
    expect(JSON.parse(seen[1].body)).toMatchObject({
      format: "scriptpilot-bundle",
      source: { versionId: version.versionId },
    });
    expect(() => new Webhook(SECRET).verify(seen[1].body, seen[1].headers)).not.toThrow();
    expect(entry).toMatchObject({
      actor: "user-7",
      pluginId: "scriptpilot-json",
      result: "ok",
      delivery: { url: URL_, attempts: 2, status: 202, delivered: true },
    });
    expect(await listExports(storage)).toHaveLength(1);
  });
});
