import { describe, expect, it } from "vitest";
import type { RunEvent } from "~/domain/run/run-machine";
import { createEventOutbox } from "./event-outbox";

function memoryStore() {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
  };
}

const note = (seq: number): RunEvent => ({
  schemaVersion: 1,
  eventId: `c-${seq}`,
  callId: "c",
  seq,
  at: "2026-01-01T00:00:00.000Z",
  offsetMs: seq * 100,
  type: "note",
  nodeId: "n",
  text: `note ${seq}`,
});

/** Timers the test fires by hand. */
function manualTimers() {
  const pending: { fn: () => void; ms: number }[] = [];
  return {
    pending,
    setTimer: (fn: () => void, ms: number) => {
      const t = { fn, ms };
      pending.push(t);
      return t;
    },
    clearTimer: (h: unknown) => {
      const i = pending.findIndex((t) => t === h);
      if (i >= 0) pending.splice(i, 1);
    },
    fire: async () => {
      const t = pending.shift();
      t?.fn();
      await new Promise((r) => setTimeout(r, 0));
    },
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("createEventOutbox", () => {
  it("sends events in order and forgets them once the server has them", async () => {
    const store = memoryStore();
    const sent: string[][] = [];
    const box = createEventOutbox({ key: "k", store, send: async (events) => void sent.push(events.map((e) => e.eventId)) });
    box.push([note(0), note(1)]);
    await settle();
    box.push([note(2)]);
    await settle();
    expect(sent.flat()).toEqual(["c-0", "c-1", "c-2"]);
    expect(box.status()).toEqual({ pending: 0 });
    expect(store.map.has("k")).toBe(false);
  });

  it("keeps unsent events through a failure, retries with growing back-off, and never sends one twice", async () => {
    const store = memoryStore();
    const timers = manualTimers();
    let failures = 2;
    const received: string[] = [];
    const box = createEventOutbox({
      key: "k",
      store,
      setTimer: timers.setTimer,
      clearTimer: timers.clearTimer,
      send: async (events) => {
        if (failures-- > 0) throw new Error("offline");
        received.push(...events.map((e) => e.eventId));
      },
    });
    box.push([note(0)]);
    await settle();
    expect(box.status()).toEqual({ pending: 1, lastError: "offline" });
    expect(timers.pending.map((t) => t.ms)).toEqual([2_000]);
    box.push([note(1), note(0)]); // a repeated event is queued once
    expect(box.status().pending).toBe(2);
    // Survives a reload: a new outbox on the same store has both.
    expect(JSON.parse(store.map.get("k") ?? "[]").map((e: RunEvent) => e.eventId)).toEqual(["c-0", "c-1"]);
    await timers.fire();
    expect(timers.pending.map((t) => t.ms)).toEqual([4_000]);
    await timers.fire();
    expect(received).toEqual(["c-0", "c-1"]);
    expect(box.status()).toEqual({ pending: 0 });
  });

  it("sends what an earlier page left unsent as soon as it is created", async () => {
    const store = memoryStore();
    store.setItem("k", JSON.stringify([note(0), { junk: true }, note(1)]));
    const received: string[] = [];
    createEventOutbox({ key: "k", store, send: async (events) => void received.push(...events.map((e) => e.eventId)) });
    await settle();
    expect(received).toEqual(["c-0", "c-1"]);
  });
});
