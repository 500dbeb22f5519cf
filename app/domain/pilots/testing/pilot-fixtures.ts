// Two small variant scripts and a pilot over them, shared by the pilot tests (import, simulator, preview).
import type { Script } from "~/domain/script-types";
import {
  checkpointNode,
  edge,
  endNode,
  makeScript,
  objection,
  questionNode,
  sayNode,
  startNode,
  variable,
} from "../../../../test/factories/script-factory";
import type { Pilot } from "../pilot-types";

/** The control: a long opening before the checkpoint. */
export function longOpeningScript(): Script {
  return makeScript({
    id: "long-opening",
    title: "Long opening",
    variables: [
      variable("firstName", { label: "First name", required: true }),
      variable("company", { label: "Company", fallback: "your company" }),
    ],
    nodes: [
      startNode(),
      sayNode(
        "intro",
        "Good morning {{firstName}}, my name is Sam and I am calling from Sunny Panels about an exciting opportunity for {{company}} that many businesses in your area have already taken up with great results over the last twelve months.",
        { title: "Opening" },
      ),
      questionNode("q-time", "Do you have two minutes?", "yes-no"),
      checkpointNode("pitch-done", "Pitch delivered"),
      sayNode("pitch", "We install solar panels at no upfront cost for {{company}}."),
      questionNode("q-interest", "Would you like a free survey?", "yes-no"),
      endNode("appointment", "Appointment", {
        outcome: { label: "Appointment", success: true, disposition: "1.1" },
      }),
      endNode("declined", "Declined", {
        outcome: { label: "Declined", success: false, disposition: "2.11" },
      }),
      endNode("no-time", "No time", { outcome: { label: "No time", success: false, disposition: "2.12" } }),
    ],
    edges: [
      edge("start", "next", "intro"),
      edge("intro", "next", "q-time"),
      edge("q-time", "yes", "pitch-done"),
      edge("q-time", "no", "no-time"),
      edge("pitch-done", "next", "pitch"),
      edge("pitch", "next", "q-interest"),
      edge("q-interest", "yes", "appointment"),
      edge("q-interest", "no", "declined"),
    ],
    objections: [
      objection("busy", "No time", "I understand, it takes one minute."),
      objection("email", "Send an email", "Of course."),
    ],
  });
}

/** The challenger: a short opening that asks permission first. */
export function shortOpeningScript(): Script {
  return makeScript({
    id: "short-opening",
    title: "Short opening",
    variables: [
      variable("firstName", { label: "First name", required: true }),
      variable("eventDate", { label: "Event date" }),
    ],
    nodes: [
      startNode(),
      sayNode("hello", "Hi {{firstName}}, Sam from Sunny Panels. Is now a bad time?", { title: "Hello" }),
      checkpointNode("cp", "Permission"),
      sayNode("pitch", "Free solar survey on {{eventDate}}: interested?"),
      questionNode("q", "Shall I book it?", "yes-no"),
      endNode("booked", "Booked", { outcome: { label: "Booked", success: true, disposition: "1.1" } }),
      endNode("no", "Declined", { outcome: { label: "Declined", success: false, disposition: "2.11" } }),
    ],
    edges: [
      edge("start", "next", "hello"),
      edge("hello", "next", "cp"),
      edge("cp", "next", "pitch"),
      edge("pitch", "next", "q"),
      edge("q", "yes", "booked"),
      edge("q", "no", "no"),
    ],
    objections: [objection("busy", "No time", "One minute, promise.")],
  });
}

export function twoVariantPilot(): Pilot {
  return {
    schemaVersion: 1,
    id: "pilot-1",
    revision: 1,
    name: "Openings",
    status: "running",
    variants: [
      {
        id: "A",
        label: "Long",
        scriptId: "long-opening",
        versionId: "v1",
        versionNumber: 1,
        weight: 1,
        control: true,
      },
      {
        id: "B",
        label: "Short",
        scriptId: "short-opening",
        versionId: "v2",
        versionNumber: 1,
        weight: 1,
        control: false,
      },
    ],
    plannedSampleSize: 400,
    earlyRejection: {
      withinSeconds: 30,
      checkpoints: [
        { variantId: "A", nodeId: "pitch-done" },
        { variantId: "B", nodeId: "cp" },
      ],
      mode: "or",
    },
    successOutcomes: [],
    minimumCallsPerVariant: 50,
    smallestChangeWorthDetecting: 0.05,
    alpha: 0.05,
    seed: 42,
    strata: ["leadClass"],
    createdBy: "u-lead",
    createdAt: "2026-11-26T01:00:00.000Z",
  };
}

export function variantScripts(): Record<string, Script> {
  return { A: longOpeningScript(), B: shortOpeningScript() };
}
