import type { CallEvent } from "~/domain/calls/call-types";
import { NotFoundError } from "~/storage/storage-adapter";
import { getAppContext } from "./app-context.server";
import { loadPilot } from "./pilot-documents.server";

/**
 * What calls.server asks before it stores events in a pilot's stream, and tells after. Kept apart from
 * pilots.server so the calls service depends on this small module only, not the other way round.
 */

export interface PilotEventProblem {
  event: CallEvent;
  message: string;
}

/**
 * Why these events may not go into the pilot's stream: there is no such pilot, the pilot was stopped (its
 * data are frozen), or a new call does not start while it runs, for one of its variants, on that variant's
 * frozen version. Empty when all is well.
 */
export async function pilotEventProblems(
  pilotId: string,
  events: readonly CallEvent[],
): Promise<PilotEventProblem[]> {
  if (events.length === 0) return [];
  const { storage } = await getAppContext();
  let pilot;
  try {
    pilot = await loadPilot(storage, pilotId);
  } catch (error) {
    // Stored calls cannot be moved to another pilot later, so a mistyped pilot id must not be accepted.
    if (error instanceof NotFoundError) {
      return [
        {
          event: events[0],
          message: `names no pilot “${pilotId}”: check the pilot id (open the pilot and copy it from its address)`,
        },
      ];
    }
    throw error;
  }
  if (pilot.status === "stopped") {
    return [
      {
        event: events[0],
        message: `belongs to the pilot “${pilot.name}”, which was stopped${pilot.stoppedAt ? ` at ${pilot.stoppedAt}` : ""}; its data are frozen, so no more calls are accepted`,
      },
    ];
  }
  const problems: PilotEventProblem[] = [];
  for (const event of events) {
    if (event.type !== "call-started") continue;
    if (pilot.status !== "running") {
      problems.push({
        event,
        message: `starts a call in the pilot “${pilot.name}”, which is ${pilot.status === "setup" ? "not started yet" : "paused"}`,
      });
      continue;
    }
    const variant = pilot.variants.find((v) => v.id === event.variantId);
    if (!variant) {
      problems.push({
        event,
        message: `starts a call for variant ${event.variantId ?? "(none)"}, which is not a variant of the pilot “${pilot.name}”`,
      });
    } else if (event.source.kind !== "version" || event.source.versionId !== variant.versionId) {
      problems.push({
        event,
        message: `starts a call for variant “${variant.label}” with another script than its frozen version ${variant.versionNumber}`,
      });
    }
  }
  return problems;
}

type Listener = (pilotId: string, events: readonly CallEvent[]) => void;
const listeners = new Set<Listener>();

/** Hears every batch of events stored in a pilot's stream (the live report uses it). */
export function onPilotEvents(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Called by calls.server after it stored events in `pilot-<id>`. */
export function notifyPilotEvents(pilotId: string, events: readonly CallEvent[]): void {
  if (events.length === 0) return;
  for (const listener of listeners) listener(pilotId, events);
}
