// Realistic call events for tests, the crash test and the benchmark: calls that connect, walk a survey's
// steps with answers, now and then meet an objection, go back, take a note, and end with an outcome.
import type { CallEvent, CallStartedEvent } from "~/domain/calls/call-types";

type Fields<T extends CallEvent["type"]> = Omit<
  Extract<CallEvent, { type: T }>,
  "schemaVersion" | "eventId" | "callId" | "seq" | "type" | "at" | "offsetMs"
>;

export interface CallBuilder {
  events: CallEvent[];
  add<T extends CallEvent["type"]>(type: T, offsetMs: number, fields: Fields<T>): CallBuilder;
  start(fields?: Partial<Fields<"call-started">>): CallBuilder;
}

/** Builds one call's events in order; `add` stamps ids, seq, time and offset. */
export function callBuilder(callId: string, startedAtMs = Date.UTC(2026, 10, 26, 9, 0, 0)): CallBuilder {
  const events: CallEvent[] = [];
  const builder: CallBuilder = {
    events,
    add(type, offsetMs, fields) {
      const seq = events.length;
      const event = {
        schemaVersion: 1,
        eventId: `${callId}-e${seq}`,
        callId,
        seq,
        type,
        at: new Date(startedAtMs + offsetMs).toISOString(),
        offsetMs,
        ...fields,
      } as const;
      // The spread of a generic Fields<T> cannot be narrowed back to the union member by the compiler.
      events.push(event as unknown as CallEvent);
      return builder;
    },
    start(fields = {}) {
      const defaults: Fields<"call-started"> = {
        scriptId: "solar",
        source: { kind: "version", versionId: "v-solar-3", number: 3 },
        preview: false,
        agent: "u-anna",
      };
      return builder.add("call-started", 0, { ...defaults, ...fields } satisfies Fields<"call-started">);
    },
  };
  return builder;
}

/** A seeded PRNG (mulberry32) so generated calls are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const QUESTIONS = ["q-intro", "q-roof", "q-owner", "q-bill", "q-timing", "q-budget", "q-decision", "q-visit"];
const OPTIONS = ["yes", "no", "flat", "pitched", "under-100", "100-200", "over-200", "3-months", "later"];

export interface GeneratedCallOptions {
  callId: string;
  random: () => number;
  pilotId?: string;
  variantId?: string;
  preview?: boolean;
  startedAtMs?: number;
}

/** One realistic call, 8 to 30 events. */
export function generateCallEvents(options: GeneratedCallOptions): CallEvent[] {
  const { callId, random } = options;
  const call = callBuilder(callId, options.startedAtMs);
  const start: Partial<CallStartedEvent> = {
    preview: options.preview ?? false,
    ...(options.pilotId && { pilotId: options.pilotId }),
    ...(options.variantId && { variantId: options.variantId }),
    contactRef: `contact-${Math.floor(random() * 100_000)}`,
  };
  call.start(start);
  let t = 1_000 + Math.floor(random() * 4_000);
  call.add("connected", t, {});
  call.add("step", t + 50, { nodeId: "opening" });
  const depth = 1 + Math.floor(random() * QUESTIONS.length);
  let node = "opening";
  for (let i = 0; i < depth; i++) {
    t += 3_000 + Math.floor(random() * 15_000);
    const option = OPTIONS[Math.floor(random() * OPTIONS.length)];
    const other = random() < 0.1;
    const answer = {
      nodeId: node,
      output: other ? "other" : `option:${option}`,
      optionIds: other ? [] : [option],
      ...(other && { otherText: "We are renting until next spring, ask again then" }),
    };
    call.add("answer", t, answer);
    const next = QUESTIONS[i];
    const stepSeq = call.events.length;
    call.add("step", t + 20, { nodeId: next });
    if (random() < 0.15) {
      t += 2_000;
      call.add("objection", t, { objectionId: "no-time", nodeId: next });
      t += 8_000;
      call.add("objection-resolved", t, { objectionId: "no-time", action: "return", toNodeId: next });
    }
    if (random() < 0.08) {
      t += 1_500;
      call.add("back", t, { undoesSeq: stepSeq, fromNodeId: next, toNodeId: node });
      call.add("answer", t + 800, answer);
      call.add("step", t + 820, { nodeId: next });
    }
    node = next;
  }
  if (random() < 0.2)
    call.add("note", t + 500, { nodeId: node, text: "Prefers to be called in the morning." });
  t += 2_000 + Math.floor(random() * 5_000);
  const success = random() < 0.3;
  call.add("step", t, { nodeId: success ? "end-appt" : "end-refused" });
  call.add("call-ended", t + 30, {
    endedBy: success ? "script" : random() < 0.5 ? "customer" : "agent",
    nodeId: success ? "end-appt" : "end-refused",
    outcome: success ? "Appointment" : "Refused",
    aaporCode: success ? "1.1" : "2.11",
    success,
    connected: true,
    talkSeconds: Math.round(t / 100) / 10,
  });
  return call.events;
}
