import type { RunEvent } from "~/domain/run/run-machine";

/** Sends a batch of events; rejects (or throws) when the server did not store them. */
export type SendEvents = (events: RunEvent[]) => Promise<void>;

export interface OutboxStatus {
  /** Events not yet confirmed by the server. */
  pending: number;
  /** Why the last attempt failed; cleared by the next success. */
  lastError?: string;
}

export interface EventOutbox {
  push(events: RunEvent[]): void;
  /** Tries to send now, whatever the back-off says (e.g. when the browser comes back online). */
  flush(): Promise<void>;
  status(): OutboxStatus;
  subscribe(listener: (status: OutboxStatus) => void): () => void;
  dispose(): void;
}

export interface OutboxOptions {
  send: SendEvents;
  /** Where unsent events are kept so they survive a reload; omit to keep them in memory only. */
  store?: Pick<Storage, "getItem" | "setItem" | "removeItem">;
  key: string;
  /** Back-off before retry n (0-based), in ms. */
  retryDelay?: (attempt: number) => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

const MAX_BATCH = 200;

/**
 * Call events leave the browser as they happen, in order, and are retried with back-off until the server
 * confirms them. The server records each eventId once, so resending after an unclear failure is safe.
 * Unsent events are kept in localStorage: a reload or a crash of the tab loses none of them.
 */
export function createEventOutbox({
  send,
  store,
  key,
  retryDelay = (n) => Math.min(30_000, 1_000 * 2 ** n),
  setTimer = (fn, ms) => setTimeout(fn, ms),
  clearTimer = (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
}: OutboxOptions): EventOutbox {
  let queue: RunEvent[] = load(store, key);
  let sending: Promise<void> | undefined;
  let timer: unknown;
  let attempt = 0;
  let lastError: string | undefined;
  let disposed = false;
  const listeners = new Set<(status: OutboxStatus) => void>();

  const status = (): OutboxStatus => ({ pending: queue.length, ...(lastError ? { lastError } : {}) });
  const notify = () => listeners.forEach((l) => l(status()));
  const save = () => {
    if (!store) return;
    if (queue.length === 0) store.removeItem(key);
    else store.setItem(key, JSON.stringify(queue));
  };

  const schedule = () => {
    if (disposed || timer !== undefined || queue.length === 0) return;
    timer = setTimer(() => {
      timer = undefined;
      void flush();
    }, retryDelay(attempt));
  };

  async function sendOnce(): Promise<void> {
    while (queue.length > 0 && !disposed) {
      const batch = queue.slice(0, MAX_BATCH);
      try {
        await send(batch);
      } catch (error) {
        attempt++;
        lastError = error instanceof Error ? error.message : String(error);
        notify();
        schedule();
        return;
      }
      const sent = new Set(batch.map((e) => e.eventId));
      queue = queue.filter((e) => !sent.has(e.eventId));
      attempt = 0;
      lastError = undefined;
      save();
      notify();
    }
  }

  function flush(): Promise<void> {
    if (timer !== undefined) {
      clearTimer(timer);
      timer = undefined;
    }
    sending ??= sendOnce().finally(() => {
      sending = undefined;
    });
    return sending;
  }

  if (queue.length > 0) void flush();

  return {
    push(events) {
      if (events.length === 0) return;
      const known = new Set(queue.map((e) => e.eventId));
      queue = [...queue, ...events.filter((e) => !known.has(e.eventId))];
      save();
      notify();
      // An attempt in flight picks the new events up when it loops; otherwise start one.
      if (!sending && timer === undefined) void flush();
    },
    flush,
    status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      disposed = true;
      if (timer !== undefined) clearTimer(timer);
      listeners.clear();
    },
  };
}

function load(store: OutboxOptions["store"], key: string): RunEvent[] {
  if (!store) return [];
  try {
    const raw = store.getItem(key);
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    // The server validates each event again; here only the shape the queue needs is checked.
    return Array.isArray(parsed) ? parsed.filter(isQueuedEvent) : [];
  } catch {
    return [];
  }
}

function isQueuedEvent(value: unknown): value is RunEvent {
  return (
    typeof value === "object" &&
    value !== null &&
    "eventId" in value &&
    typeof value.eventId === "string" &&
    "type" in value &&
    typeof value.type === "string"
  );
}

/** Posts events as JSON to the calls endpoint with the page's CSRF token. */
export function httpSender(url: string, csrfToken: string | null): SendEvents {
  return async (events) => {
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        ...(csrfToken ? { "X-CSRF-Token": csrfToken } : {}),
      },
      body: JSON.stringify(events),
    });
    if (!response.ok) {
      const detail = await problemDetail(response);
      throw new Error(`The server did not store the call events (${response.status}${detail ? `: ${detail}` : ""}).`);
    }
  };
}

async function problemDetail(response: Response): Promise<string> {
  try {
    const body: unknown = await response.json();
    if (typeof body === "object" && body !== null && "detail" in body && typeof body.detail === "string") {
      return body.detail;
    }
  } catch {
    // Not JSON: the status says enough.
  }
  return "";
}
