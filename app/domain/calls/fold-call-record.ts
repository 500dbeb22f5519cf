import { DomainError } from "../domain-error";
import type {
  CallEvent,
  CallRecord,
  CallStartedEvent,
  RecordAnswer,
  RecordCallback,
  RecordReferral,
  RecordStep,
} from "./call-types";

/**
 * Folds one call's events into its call record. Events may arrive in any order and more than once (the
 * sender retries): they are ordered by `seq` and a repeated `eventId` counts once, so folding the same
 * events again, or a superset delivered twice, gives the same record.
 *
 * `back` never deletes: the event it undoes (a step, answer, callback or referral) is kept and marked
 * undone. Backing out of a step undoes the whole move that began with it (every later step, answer,
 * callback and referral before the back: a move can pass through several nodes) and the entry that led
 * into it (the latest answer, callback or referral before that step, given at the node the run goes back
 * to), because the agent is about to take that node again and the earlier entry no longer describes the
 * call. `callbacks` and `referrals` keep every entry; `callback` and `referral` are the ones in effect.
 *
 * Throws DomainError("invalid") when the events are for several calls or the call-started event is missing.
 */
export function foldCallRecord(events: readonly CallEvent[]): CallRecord {
  const ordered = dedupeAndOrder(events);
  const start = ordered.find((e): e is CallStartedEvent => e.type === "call-started");
  const callId = ordered[0]?.callId;
  if (!start || callId === undefined) {
    throw new DomainError(
      "invalid",
      callId === undefined
        ? "There are no events to make a call record from."
        : `Call ${callId} has no call-started event, so it cannot be recorded.`,
    );
  }
  const other = ordered.find((e) => e.callId !== callId);
  if (other) {
    throw new DomainError(
      "invalid",
      `Events of calls ${callId} and ${other.callId} cannot be folded together.`,
    );
  }

  const record: CallRecord = {
    schemaVersion: 1,
    callId,
    scriptId: start.scriptId,
    source: start.source,
    preview: start.preview,
    agent: start.agent,
    ...(start.pilotId !== undefined && { pilotId: start.pilotId }),
    ...(start.variantId !== undefined && { variantId: start.variantId }),
    ...(start.contactRef !== undefined && { contactRef: start.contactRef }),
    ...(start.startNodeId !== undefined && { startNodeId: start.startNodeId }),
    startedAt: start.at,
    status: "in-progress",
    connected: false,
    steps: [],
    answers: [],
    objections: [],
    backs: [],
    callbacks: [],
    referrals: [],
    notes: [],
    durationMs: 0,
    lastSeq: 0,
    eventCount: ordered.length,
  };
  let ended = false;

  for (const event of ordered) {
    record.durationMs = Math.max(record.durationMs, event.offsetMs);
    record.lastSeq = Math.max(record.lastSeq, event.seq);
    const { seq, offsetMs } = event;
    switch (event.type) {
      case "call-started":
        break;
      case "connected":
        if (!record.connected) {
          record.connected = true;
          record.connectedOffsetMs = offsetMs;
        }
        break;
      case "step":
        record.steps.push({ seq, nodeId: event.nodeId, offsetMs, undone: false });
        break;
      case "answer":
        record.answers.push({
          seq,
          nodeId: event.nodeId,
          offsetMs,
          output: event.output,
          optionIds: event.optionIds,
          ...(event.otherText !== undefined && { otherText: event.otherText }),
          ...(event.value !== undefined && { value: event.value }),
          undone: false,
        });
        break;
      case "objection":
        record.objections.push({ seq, objectionId: event.objectionId, nodeId: event.nodeId, offsetMs });
        break;
      case "objection-resolved": {
        const open = findLast(record.objections, (o) => o.objectionId === event.objectionId && !o.resolution);
        if (open) {
          open.resolution = {
            action: event.action,
            ...(event.toNodeId !== undefined && { toNodeId: event.toNodeId }),
            offsetMs,
          };
        }
        break;
      }
      case "back":
        record.backs.push({
          seq,
          undoesSeq: event.undoesSeq,
          fromNodeId: event.fromNodeId,
          toNodeId: event.toNodeId,
          offsetMs,
        });
        applyBack(record, event.undoesSeq, event.toNodeId, seq);
        break;
      case "callback":
        record.callbacks.push({
          seq,
          nodeId: event.nodeId,
          callbackAt: event.callbackAt,
          timeZone: event.timeZone,
          offsetMs,
          undone: false,
        });
        break;
      case "referral":
        record.referrals.push({
          seq,
          nodeId: event.nodeId,
          name: event.name,
          ...(event.role !== undefined && { role: event.role }),
          ...(event.phone !== undefined && { phone: event.phone }),
          offsetMs,
          undone: false,
        });
        break;
      case "note":
        record.notes.push({ seq, nodeId: event.nodeId, text: event.text, offsetMs });
        break;
      case "call-ended":
        // The first end is the real one; a second (a retry with a new id) must not rewrite the outcome.
        if (ended) break;
        ended = true;
        record.status = "ended";
        record.endedAt = event.at;
        record.endNodeId = event.nodeId;
        record.endedBy = event.endedBy;
        record.outcome = event.outcome;
        record.aaporCode = event.aaporCode;
        record.success = event.success;
        record.talkSeconds = event.talkSeconds;
        record.connected ||= event.connected;
        break;
    }
  }
  const callback = findLast(record.callbacks, (c) => !c.undone);
  const referral = findLast(record.referrals, (r) => !r.undone);
  if (callback) record.callback = { ...callback };
  if (referral) record.referral = { ...referral };
  return record;
}

/** Orders by seq (stable for equal seqs) and keeps the first event of each eventId. */
function dedupeAndOrder(events: readonly CallEvent[]): CallEvent[] {
  const seen = new Set<string>();
  const unique: CallEvent[] = [];
  for (const event of events) {
    if (seen.has(event.eventId)) continue;
    seen.add(event.eventId);
    unique.push(event);
  }
  return unique.sort((a, b) => a.seq - b.seq);
}

type Undoable = RecordStep | RecordAnswer | RecordCallback | RecordReferral;

function applyBack(record: CallRecord, undoesSeq: number, toNodeId: string, backSeq: number): void {
  const entries: Undoable[] = [...record.answers, ...record.callbacks, ...record.referrals];
  const step = record.steps.find((s) => s.seq === undoesSeq);
  if (step) {
    if (step.undone) return;
    for (const item of [...record.steps, ...entries]) {
      if (!item.undone && item.seq >= undoesSeq && item.seq < backSeq) markUndone(item, backSeq);
    }
    let ledHere: Undoable | undefined;
    for (const e of entries) if (e.seq < undoesSeq && !e.undone && (!ledHere || e.seq > ledHere.seq)) ledHere = e;
    if (ledHere?.nodeId === toNodeId) markUndone(ledHere, backSeq);
    return;
  }
  const other = entries.find((e) => e.seq === undoesSeq);
  if (other && !other.undone) markUndone(other, backSeq);
}

function markUndone(item: Undoable, bySeq: number): void {
  item.undone = true;
  item.undoneBySeq = bySeq;
}

function findLast<T>(items: T[], predicate: (item: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i])) return items[i];
  return undefined;
}
