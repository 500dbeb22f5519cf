import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { CallEvent, CallRecord, CallStartedEvent } from "~/domain/calls/call-types";
import { foldCallRecord } from "~/domain/calls/fold-call-record";
import { DomainError, isDomainError, type ProblemDetail } from "~/domain/domain-error";
import { isValidStreamName, type EventLog } from "~/storage/event-log";
import { openCallLog } from "~/storage/event-log-calls";
import { getAppContext, type AppContext } from "./app-context.server";
import { callEventProblems, isCallEvent } from "./call-schemas.server";
import { notifyPilotEvents, pilotEventProblems } from "./pilot-call-gate.server";

const PILOT_STREAM = "pilot-";

/**
 * Call events in, call records out. Events are stored append-only in one log per pilot (`pilot-<id>`), per
 * script for real calls outside a pilot (`script-<id>`) and per script for a writer's previews
 * (`preview-<id>`), so previews stay apart from real calls and can be cleared on their own.
 */

export interface AppendCallEventsResult {
  /** Events stored by this request. */
  accepted: number;
  /** Events that were already stored (a retry): not stored again. */
  duplicates: number;
}

/** Who sends the events: an agent for their own calls; a lead or admin may send anyone's (imports). */
export interface CallEventSender {
  id: string;
  roles?: readonly string[];
}

const MAX_PROBLEMS = 50;

/**
 * Validates and stores a batch of call events. Every event is checked first (schema, a known call, the
 * sender); if any fails nothing is stored and a DomainError("invalid") lists each problem by event number
 * (1-based, so it matches the line of an NDJSON body). Each event is stored once whatever the retries.
 */
export async function appendCallEvents(
  events: readonly unknown[],
  { user }: { user: CallEventSender },
): Promise<AppendCallEventsResult> {
  const log = await callLog();
  const problems: ProblemDetail[] = [];
  const valid: CallEvent[] = [];
  events.forEach((event, index) => {
    // Validate once; the problems are worked out only for an event that failed.
    if (isCallEvent(event)) valid.push(event);
    else for (const message of callEventProblems(event)) problems.push({ path: `event ${index + 1}`, message });
  });
  if (problems.length > 0) throw rejected(problems, events.length);

  const byStream = new Map<string, CallEvent[]>();
  const byCall = groupByCall(valid);
  for (const [callId, callEvents] of byCall) {
    const stream = await routeCall(log, callId, callEvents, user, problems, events);
    if (!stream) continue;
    const batch = byStream.get(stream);
    if (batch) batch.push(...callEvents);
    else byStream.set(stream, [...callEvents]);
  }
  if (problems.length > 0) throw rejected(problems, events.length);
  // A pilot's calls also need the pilot to take them (a stopped pilot's data are frozen).
  for (const [stream, batch] of byStream) {
    if (!stream.startsWith(PILOT_STREAM)) continue;
    for (const { event, message } of await pilotEventProblems(stream.slice(PILOT_STREAM.length), batch)) {
      problems.push({ path: `event ${events.indexOf(event) + 1}`, message });
    }
  }
  if (problems.length > 0) throw rejected(problems, events.length);

  const streams = [...byStream];
  const results = await Promise.all(streams.map(([stream, batch]) => log.append(stream, batch)));
  streams.forEach(([stream, batch], i) => {
    if (!stream.startsWith(PILOT_STREAM)) return;
    const accepted = new Set(results[i].accepted);
    notifyPilotEvents(
      stream.slice(PILOT_STREAM.length),
      batch.filter((e) => accepted.has(e.eventId)),
    );
  });
  return {
    accepted: results.reduce((sum, r) => sum + r.accepted.length, 0),
    duplicates: results.reduce((sum, r) => sum + r.duplicates.length, 0),
  };
}

/** The record of one call, folded from its events; undefined when no such call was started. */
export async function getCallRecord(callId: string): Promise<CallRecord | undefined> {
  const log = await callLog();
  const stream = await log.locate(callId);
  if (!stream) return undefined;
  const events: CallEvent[] = [];
  // The prefilter skips parsing other calls' lines; the callId check after parsing is the real test.
  await log.scan(
    stream,
    (event) => {
      if (isCallEvent(event) && event.callId === callId) events.push(event);
    },
    { contains: `"callId":${JSON.stringify(callId)}` },
  );
  return events.length > 0 ? foldCallRecord(events) : undefined;
}

export interface CallFilter {
  scriptId?: string;
  pilotId?: string;
  /** true: previews only; false: real calls only; absent: both. */
  preview?: boolean;
}

/** The records of the calls that match, in the order they were started. */
export async function listCalls(filter: CallFilter = {}): Promise<CallRecord[]> {
  const log = await callLog();
  const byCall = new Map<string, CallEvent[]>();
  for (const stream of await streamsFor(log, filter)) {
    await log.scan(stream, (event) => {
      if (!isCallEvent(event)) return;
      const list = byCall.get(event.callId);
      if (list) list.push(event);
      else byCall.set(event.callId, [event]);
    });
  }
  const records: CallRecord[] = [];
  for (const callEvents of byCall.values()) {
    const record = foldOrSkip(callEvents);
    if (!record) continue;
    if (filter.scriptId !== undefined && record.scriptId !== filter.scriptId) continue;
    if (filter.pilotId !== undefined && record.pilotId !== filter.pilotId) continue;
    if (filter.preview !== undefined && record.preview !== filter.preview) continue;
    records.push(record);
  }
  return records.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

/** Deletes a script's preview calls (never real calls); returns how many calls were cleared. */
export async function clearPreviewCalls(scriptId: string): Promise<number> {
  const log = await callLog();
  const stream = `preview-${scriptId}`;
  if (!isValidStreamName(stream)) throw new DomainError("invalid", `“${scriptId}” is not a script id.`);
  const calls = new Set<string>();
  await log.scan(
    stream,
    (event) => {
      if (isCallEvent(event) && event.type === "call-started") calls.add(event.callId);
    },
    { contains: `"type":"call-started"` },
  );
  await log.deleteStream(stream);
  return calls.size;
}

/** The stream a call's events go to, decided by its call-started event. */
export function streamOf(start: CallStartedEvent): string {
  if (start.preview) return `preview-${start.scriptId}`;
  if (start.pilotId !== undefined) return `pilot-${start.pilotId}`;
  return `script-${start.scriptId}`;
}

/** Finds a call's stream, checking the call is known (or starts in this batch) and the sender may add to it. */
async function routeCall(
  log: EventLog,
  callId: string,
  callEvents: CallEvent[],
  user: CallEventSender,
  problems: ProblemDetail[],
  all: readonly unknown[],
): Promise<string | undefined> {
  const where = (event: CallEvent) => `event ${all.indexOf(event) + 1}`;
  const starts = callEvents.filter((e): e is CallStartedEvent => e.type === "call-started");
  const stored = await log.locate(callId);
  const [start, second] = starts;
  if (second && second.eventId !== start.eventId) {
    problems.push({ path: where(second), message: `starts call ${callId} a second time` });
    return undefined;
  }
  if (start && !mayAct(user, start.agent)) {
    problems.push({ path: where(start), message: `records a call for another agent (${start.agent})` });
    return undefined;
  }
  if (!stored) {
    if (start) return streamOf(start);
    problems.push({
      path: where(callEvents[0]),
      message: `belongs to call ${callId}, which has not started: send its call-started event first`,
    });
    return undefined;
  }
  if (start && (streamOf(start) !== stored || !(await log.has(stored, start.eventId)))) {
    problems.push({ path: where(start), message: `starts call ${callId}, which has already started` });
    return undefined;
  }
  return stored;
}

function mayAct(user: CallEventSender, agent: string): boolean {
  return user.id === agent || (user.roles ?? []).some((role) => role === "lead" || role === "admin");
}

function groupByCall(events: CallEvent[]): Map<string, CallEvent[]> {
  const byCall = new Map<string, CallEvent[]>();
  for (const event of events) {
    const list = byCall.get(event.callId);
    if (list) list.push(event);
    else byCall.set(event.callId, [event]);
  }
  return byCall;
}

function rejected(problems: ProblemDetail[], total: number): DomainError {
  const events = new Set(problems.map((p) => p.path)).size;
  return new DomainError(
    "invalid",
    `${events} of ${total} call event${total === 1 ? "" : "s"} could not be accepted, so none were stored.`,
    problems.slice(0, MAX_PROBLEMS),
  );
}

async function streamsFor(log: EventLog, { scriptId, pilotId, preview }: CallFilter): Promise<string[]> {
  if (pilotId !== undefined) return preview === true ? [] : [`pilot-${pilotId}`].filter(isValidStreamName);
  if (preview === true && scriptId !== undefined) return [`preview-${scriptId}`].filter(isValidStreamName);
  return (await log.listStreams()).filter((stream) => {
    if (stream.startsWith("preview-")) return preview !== false;
    return preview !== true;
  });
}

/** A log line that no longer folds (a hand edit) is left out of lists rather than failing the page. */
function foldOrSkip(events: CallEvent[]): CallRecord | undefined {
  try {
    return foldCallRecord(events);
  } catch (error) {
    if (isDomainError(error)) return undefined;
    throw error;
  }
}

// ---- The log itself ------------------------------------------------------------------------------------

const throwaway = new WeakMap<AppContext, Promise<EventLog>>();

async function callLog(): Promise<EventLog> {
  const context = await getAppContext();
  if (context.callLog) return context.callLog;
  // A context without a call log is an in-memory one (route tests): its calls go to a throwaway directory,
  // a fresh one per context, so tests never share or keep call logs.
  let log = throwaway.get(context);
  if (!log) {
    log = mkdtemp(path.join(tmpdir(), "scriptpilot-calls-")).then(openCallLog);
    throwaway.set(context, log);
  }
  return log;
}
