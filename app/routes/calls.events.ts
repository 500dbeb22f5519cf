import type { ActionFunctionArgs } from "@remix-run/node";
import { isDomainError, type ProblemDetail } from "~/domain/domain-error";
import { requireUser } from "~/services/auth.server";
import { appendCallEvents } from "~/services/calls.server";
import { problemResponse } from "~/services/problem-json.server";

const MAX_BYTES = 5 * 1024 * 1024;

/**
 * POST /calls/events: call events from any client (the run screen, an agent desktop, an import), as a JSON
 * array or NDJSON (`application/x-ndjson`, one event a line). 200 `{ accepted, duplicates }`; a bad event
 * or line is a 400 problem+json listing each by number, and then nothing is stored.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") {
    return problemResponse(new Response(null, { status: 405 }), "Send call events with POST.");
  }
  // Any signed-in user may record calls; the service lets agents add only their own.
  const user = await requireUser(request);
  const text = await readCapped(request);
  if (text === undefined) {
    return problemResponse(
      new Response(null, { status: 413 }),
      "Send at most 5 MB of call events at a time.",
    );
  }
  const parsed = parseBody(text, request.headers.get("Content-Type") ?? "");
  if ("problem" in parsed) return badRequest(parsed.problem, parsed.errors);
  if (parsed.events.length === 0) return badRequest("There are no call events in the body.");
  try {
    return Response.json(await appendCallEvents(parsed.events, { user }));
  } catch (error) {
    if (isDomainError(error) && error.code === "invalid") return badRequest(error.message, error.details);
    return problemResponse(error);
  }
}

function badRequest(detail: string, errors: ProblemDetail[] = []): Response {
  return problemResponse(new Response(null, { status: 400 }), detail, errors.length ? { errors } : {});
}

type Parsed = { events: unknown[] } | { problem: string; errors?: ProblemDetail[] };

function parseBody(text: string, contentType: string): Parsed {
  if (/ndjson|jsonl/i.test(contentType)) {
    const events: unknown[] = [];
    const errors: ProblemDetail[] = [];
    // Blank lines are errors rather than skipped, so "event N" in any answer is line N of the body.
    const lines = text.replace(/\r?\n$/, "").split(/\r?\n/);
    lines.forEach((line, index) => {
      try {
        events.push(JSON.parse(line));
      } catch {
        errors.push({
          path: `event ${index + 1}`,
          message: line.trim() ? "is not valid JSON" : "is an empty line",
        });
      }
    });
    if (errors.length > 0) {
      return { problem: `${errors.length} line(s) are not JSON, so no events were stored.`, errors };
    }
    return { events };
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {
      problem: "The body is not JSON: send an array of call events, or NDJSON with one event a line.",
    };
  }
  if (!Array.isArray(body)) return { problem: "Send an array of call events (or NDJSON, one event a line)." };
  return { events: body };
}

/** The body as text, or undefined when it is over the limit (stopping the read as soon as it is). */
async function readCapped(request: Request): Promise<string | undefined> {
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_BYTES) return undefined;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BYTES) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
