import { startRun, type RunEvent, type RunState, type StartRunOptions } from "~/domain/run/run-machine";
import type { Script } from "~/domain/script-types";

export type RunStore = Pick<Storage, "getItem" | "setItem" | "removeItem">;

const RUN_PREFIX = "scriptpilot.run.";
const OUTBOX_PREFIX = "scriptpilot.run-outbox.";

export const runKey = (callId: string) => `${RUN_PREFIX}${callId}`;
export const outboxKey = (callId: string) => `${OUTBOX_PREFIX}${callId}`;

interface SavedRun {
  version: 1;
  scriptId: string;
  state: RunState;
}

/** The in-progress run of this call kept in this browser, if any. */
export function loadRun(store: RunStore, callId: string): RunState | undefined {
  try {
    const raw = store.getItem(runKey(callId));
    if (!raw) return undefined;
    const saved: unknown = JSON.parse(raw);
    return isSavedRun(saved) && saved.state.callId === callId ? saved.state : undefined;
  } catch {
    return undefined;
  }
}

export function saveRun(store: RunStore, state: RunState): void {
  const saved: SavedRun = { version: 1, scriptId: state.scriptId, state };
  store.setItem(runKey(state.callId), JSON.stringify(saved));
}

/** Queues events for the server in the same place the outbox reads them from. */
export function queueEvents(store: RunStore, callId: string, events: RunEvent[]): void {
  const key = outboxKey(callId);
  let queued: unknown = [];
  try {
    queued = JSON.parse(store.getItem(key) ?? "[]");
  } catch {
    queued = [];
  }
  store.setItem(key, JSON.stringify([...(Array.isArray(queued) ? queued : []), ...events]));
}

/**
 * Starts a call in this browser: the state and the first events are stored before the run screen opens,
 * so a reload at any moment resumes the same call and sends every event.
 */
export function beginRun(store: RunStore, script: Script, options: StartRunOptions): RunState {
  const { state, events } = startRun(script, options);
  saveRun(store, state);
  queueEvents(store, state.callId, events);
  return state;
}

/** A call id that is unique without asking the server: 128 random bits as hex. */
export function newCallId(): string {
  // getRandomValues, unlike randomUUID, also works on a plain-http intranet address (not a secure context).
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// localStorage is outside the app's control (another tab, an older version): check the shape before use.
function isSavedRun(value: unknown): value is SavedRun {
  if (typeof value !== "object" || value === null) return false;
  if (!("version" in value) || value.version !== 1 || !("state" in value)) return false;
  const state = value.state;
  return (
    typeof state === "object" &&
    state !== null &&
    "callId" in state &&
    typeof state.callId === "string" &&
    "phase" in state &&
    typeof state.phase === "string" &&
    ["dialling", "step", "objection", "outcome", "ended"].includes(state.phase) &&
    "stops" in state &&
    Array.isArray(state.stops) &&
    "steps" in state &&
    Array.isArray(state.steps) &&
    "nextSeq" in state &&
    typeof state.nextSeq === "number"
  );
}
