import { appendCallEvents } from "~/services/calls.server";
import { ApiProblem, type ApiRequest, type ApiResponse } from "./api-handler.server";

/**
 * Call events from a dialer, as a JSON array (or `{ "events": [...] }`) or as NDJSON, one event a line.
 * The batch is all or nothing: a line that does not parse or validate is reported with its number and
 * nothing is stored; events already stored (a retry) are counted as duplicates, not stored twice.
 */
export async function ingestCallEvents(request: ApiRequest): Promise<ApiResponse> {
  const type = (request.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  const text = await request.body();
  let events: unknown[];
  if (type === "application/x-ndjson" || type === "application/ndjson" || type === "application/jsonl") {
    events = parseNdjson(text);
  } else if (type === "application/json") {
    events = parseJsonBatch(text);
  } else {
    throw new ApiProblem(415, "Send events as application/json (an array) or application/x-ndjson (one event a line).");
  }
  if (events.length === 0) throw new ApiProblem(400, "The batch holds no events.");
  const key = request.key;
  const result = await appendCallEvents(events, { user: { id: `api-key:${key?.id ?? "?"}`, roles: ["lead"] } });
  return { status: 200, body: { received: events.length, ...result } };
}

function parseNdjson(text: string): unknown[] {
  const events: unknown[] = [];
  const errors: { path: string; message: string }[] = [];
  text.split("\n").forEach((line, index) => {
    const trimmed = line.trim();
    if (!trimmed) return;
    try {
      events.push(JSON.parse(trimmed));
    } catch {
      errors.push({ path: `line ${index + 1}`, message: "is not valid JSON" });
    }
  });
  if (errors.length > 0) {
    throw new ApiProblem(400, `${errors.length} line${errors.length === 1 ? "" : "s"} of the batch are not JSON, so none were stored.`, {
      errors: errors.slice(0, 50),
    });
  }
  return events;
}

function parseJsonBatch(text: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ApiProblem(400, "The body is not valid JSON.");
  }
  if (Array.isArray(parsed)) return parsed;
  if (parsed !== null && typeof parsed === "object" && "events" in parsed && Array.isArray(parsed.events)) {
    return parsed.events;
  }
  throw new ApiProblem(400, "Send a JSON array of call events, or an object with an “events” array.");
}
