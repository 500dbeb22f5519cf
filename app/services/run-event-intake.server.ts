import type { CallStartedEvent } from "~/domain/calls/call-types";
import { isCallEvent } from "./call-schemas.server";
import { appendCallEvents, type CallEventSender } from "./calls.server";
import { problemResponse } from "./problem-json.server";

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The events a run screen sends for its one call (a preview, a pilot call): a JSON array, at most 1 MB,
 * every event for this call, a start only for this script or pilot. Answers `{ accepted, duplicates }` or
 * a problem+json saying what was wrong; nothing is stored unless the whole batch is accepted.
 */
export async function receiveRunEvents(
  request: Request,
  user: CallEventSender,
  call: { callId: string; owner: "script" | "pilot"; startBelongs: (start: CallStartedEvent) => boolean },
): Promise<Response> {
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_BODY_BYTES) {
    return problemResponse(new Response(null, { status: 413 }), "Send at most 1 MB of call events at a time.");
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return problemResponse(new Response(null, { status: 400 }), "The body is not JSON: send an array of call events.");
  }
  if (!Array.isArray(body) || body.length === 0) {
    return problemResponse(new Response(null, { status: 422 }), "Send a non-empty array of call events.");
  }
  const misplaced = body
    .filter(isCallEvent)
    .find((e) => e.callId !== call.callId || (e.type === "call-started" && !call.startBelongs(e)));
  if (misplaced) {
    return problemResponse(
      new Response(null, { status: 422 }),
      `Event ${misplaced.eventId} belongs to another call or ${call.owner}, not to call ${call.callId} of this ${call.owner}.`,
    );
  }
  try {
    return Response.json(await appendCallEvents(body, { user }));
  } catch (error) {
    return problemResponse(error);
  }
}
