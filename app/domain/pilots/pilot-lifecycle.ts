import { DomainError } from "../domain-error";
import type { Pilot } from "./pilot-types";

export type PilotAction = "start" | "pause" | "resume" | "stop";

const ALLOWED: Record<PilotAction, Pilot["status"][]> = {
  start: ["setup"],
  pause: ["running"],
  resume: ["paused"],
  stop: ["running", "paused"],
};

const VERB: Record<PilotAction, string> = {
  start: "started",
  pause: "paused",
  resume: "resumed",
  stop: "stopped",
};

/**
 * The pilot after start, pause, resume or stop, with the time recorded. Stopping is final: a stopped
 * pilot's data are frozen. Starting needs an assigned list, since the assignment is fixed from then on.
 */
export function transitionPilot(pilot: Pilot, action: PilotAction, now: string): Pilot {
  if (!ALLOWED[action].includes(pilot.status)) {
    throw new DomainError(
      "conflict",
      `The pilot “${pilot.name}” is ${pilot.status}, so it cannot be ${VERB[action]}.`,
    );
  }
  switch (action) {
    case "start": {
      const assigned = Object.values(pilot.list?.assignedPerVariant ?? {}).reduce((s, n) => s + n, 0);
      if (assigned === 0) {
        throw new DomainError(
          "invalid",
          `The pilot “${pilot.name}” has no assigned contacts yet: import a sample list and assign it before starting.`,
        );
      }
      return { ...pilot, status: "running", startedAt: now };
    }
    case "pause":
      return { ...pilot, status: "paused", pausedAt: now };
    case "resume": {
      const { pausedAt: _pausedAt, ...rest } = pilot;
      return { ...rest, status: "running" };
    }
    case "stop": {
      const { pausedAt: _pausedAt, ...rest } = pilot;
      return { ...rest, status: "stopped", stoppedAt: now };
    }
  }
}

/** Whether the sample list and its assignment may still change: only before the pilot first starts. */
export function canChangeAssignment(pilot: Pilot): boolean {
  return pilot.status === "setup";
}

/** Records the lead's decision. Once made, it stands; a pilot in set-up has nothing to decide on. */
export function declareWinner(
  pilot: Pilot,
  { variantId, note, by, now }: { variantId: string; note: string; by: string; now: string },
): Pilot {
  if (pilot.status === "setup") {
    throw new DomainError(
      "conflict",
      `The pilot “${pilot.name}” has not started, so there is no winner to declare.`,
    );
  }
  if (pilot.winner) {
    throw new DomainError(
      "conflict",
      `A winner was already declared for “${pilot.name}” on ${pilot.winner.at}.`,
    );
  }
  if (!pilot.variants.some((v) => v.id === variantId)) {
    throw new DomainError("invalid", `Variant ${variantId} is not part of the pilot “${pilot.name}”.`);
  }
  return { ...pilot, winner: { variantId, note: note.trim(), by, at: now } };
}

/**
 * Marks the list's personal data as deleted (the service deletes contacts.json): counts and anonymous
 * results stay. Only for a stopped pilot, whose data are frozen and need no more contacts.
 */
export function markPersonalDataDeleted(pilot: Pilot, by: string, now: string): Pilot {
  if (pilot.status !== "stopped") {
    throw new DomainError(
      "conflict",
      `Stop the pilot “${pilot.name}” before deleting its sample list's personal data.`,
    );
  }
  if (!pilot.list) throw new DomainError("not-found", `The pilot “${pilot.name}” has no sample list.`);
  return { ...pilot, list: { ...pilot.list, personalDataDeletedAt: now, personalDataDeletedBy: by } };
}
