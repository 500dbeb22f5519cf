import { describe, expect, it } from "vitest";
import { isDomainError } from "../domain-error";
import { assignContacts } from "./assignment";
import { buildContactList, summarizeList } from "./contact-list";
import { importContacts } from "./import/contact-import";
import {
  canChangeAssignment,
  declareWinner,
  markPersonalDataDeleted,
  transitionPilot,
} from "./pilot-lifecycle";
import { checkPilotSetup } from "./pilot-setup";
import type { Pilot } from "./pilot-types";
import { twoVariantPilot, variantScripts } from "./testing/pilot-fixtures";

const T0 = "2026-11-26T09:00:00.000Z";
const T1 = "2026-11-26T10:00:00.000Z";

function withList(pilot: Pilot): Pilot {
  return {
    ...pilot,
    status: "setup",
    list: {
      importedAt: T0,
      rows: 2,
      contacts: 2,
      rejected: 0,
      duplicatesMerged: 0,
      suppressed: 0,
      assignedPerVariant: { A: 1, B: 1 },
    },
  };
}

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (isDomainError(error)) return error.message;
    throw error;
  }
  throw new Error("expected a DomainError");
}

describe("transitionPilot", () => {
  it("runs setup -> running -> paused -> running -> stopped, recording the times", () => {
    const started = transitionPilot(withList(twoVariantPilot()), "start", T0);
    expect(started).toMatchObject({ status: "running", startedAt: T0 });
    expect(canChangeAssignment(started)).toBe(false);
    const paused = transitionPilot(started, "pause", T1);
    expect(paused).toMatchObject({ status: "paused", pausedAt: T1 });
    const resumed = transitionPilot(paused, "resume", T1);
    expect(resumed.status).toBe("running");
    expect(resumed).not.toHaveProperty("pausedAt");
    expect(transitionPilot(resumed, "stop", T1)).toMatchObject({
      status: "stopped",
      stoppedAt: T1,
      startedAt: T0,
    });
  });

  it("refuses moves that make no sense, saying the state", () => {
    const setup = withList(twoVariantPilot());
    expect(messageOf(() => transitionPilot(setup, "pause", T0))).toBe(
      "The pilot “Openings” is setup, so it cannot be paused.",
    );
    const stopped = transitionPilot(transitionPilot(setup, "start", T0), "stop", T1);
    expect(messageOf(() => transitionPilot(stopped, "resume", T1))).toMatch(
      /is stopped, so it cannot be resumed/,
    );
    const empty = { ...setup, list: undefined };
    expect(messageOf(() => transitionPilot(empty, "start", T0))).toMatch(/no assigned contacts/);
  });
});

describe("declareWinner and personal data", () => {
  it("records the decision once, and deletes personal data only from a stopped pilot", () => {
    const running = transitionPilot(withList(twoVariantPilot()), "start", T0);
    const decided = declareWinner(running, {
      variantId: "B",
      note: " Fewer early hang-ups. ",
      by: "u-lead",
      now: T1,
    });
    expect(decided.winner).toEqual({ variantId: "B", note: "Fewer early hang-ups.", by: "u-lead", at: T1 });
    expect(messageOf(() => declareWinner(decided, { variantId: "A", note: "", by: "u", now: T1 }))).toMatch(
      /already declared/,
    );
    expect(messageOf(() => declareWinner(running, { variantId: "Z", note: "", by: "u", now: T1 }))).toMatch(
      /Variant Z/,
    );
    expect(messageOf(() => markPersonalDataDeleted(running, "u-lead", T1))).toMatch(/Stop the pilot/);
    const deleted = markPersonalDataDeleted(transitionPilot(running, "stop", T1), "u-lead", T1);
    expect(deleted.list).toMatchObject({
      contacts: 2,
      personalDataDeletedAt: T1,
      personalDataDeletedBy: "u-lead",
    });
  });
});

describe("checkPilotSetup", () => {
  it("accepts the fixture pilot", () => {
    expect(checkPilotSetup(twoVariantPilot(), variantScripts())).toEqual([]);
  });

  it("names each problem: controls, checkpoints, success ends, block size, minimum", () => {
    const pilot = twoVariantPilot();
    pilot.variants[1].control = true;
    pilot.earlyRejection.checkpoints = [{ variantId: "A", nodeId: "nowhere" }];
    pilot.successOutcomes = ["intro"];
    pilot.blockSize = 3;
    pilot.minimumCallsPerVariant = 1000;
    expect(checkPilotSetup(pilot, variantScripts()).map((p) => `${p.path}: ${p.message}`)).toEqual([
      "variants: exactly one variant must be the control that the others are compared with (now 2)",
      "early rejection › checkpoint of “Long”: step nowhere is not in “Long opening”",
      "early rejection › checkpoints: “Short” has no checkpoint; every variant needs one to compare early rejection fairly",
      "success outcomes: intro is not an end step of any variant's script",
      "block size: A block of 3 cannot hold the weights 1:1 exactly; use a multiple of 2.",
      "minimum calls per variant: is 1000, more than the planned 400 calls per variant",
    ]);
  });
});

describe("contact list and summary", () => {
  it("builds the contacts.json document and a counts-only summary for the pilot", () => {
    const mapping = { attributes: { phone: "Phone", leadClass: "Class" }, fields: { firstName: "First" } };
    const bytes = new TextEncoder().encode(
      "Phone,Class,First\n020 7946 0001,A,Ada\n020 7946 0002,B,Bob\n020 7946 0001,A,\n12,C,Cy\n",
    );
    const result = importContacts(bytes, { defaultRegion: "GB", mapping });
    if (!result.ok) throw new Error(result.message);
    const assigned = assignContacts(result.contacts, {
      variants: twoVariantPilot().variants,
      strata: ["leadClass"],
      seed: 1,
    });
    const list = buildContactList({
      pilotId: "pilot-1",
      importedAt: T0,
      defaultRegion: "GB",
      mapping,
      contacts: assigned,
    });
    expect(list.fields).toEqual([{ key: "firstName", column: "First" }]);
    expect(list.contacts.every((c) => c.assignment !== undefined)).toBe(true);
    const summary = summarizeList(result, assigned, { importedAt: T0, fileName: "list.csv" });
    expect(summary).toMatchObject({
      fileName: "list.csv",
      rows: 4,
      contacts: 2,
      rejected: 1,
      duplicatesMerged: 1,
      suppressed: 0,
    });
    expect(Object.values(summary.assignedPerVariant ?? {}).reduce((s, n) => s + n, 0)).toBe(2);
    expect(JSON.stringify(summary)).not.toMatch(/7946|Ada/);
  });
});
