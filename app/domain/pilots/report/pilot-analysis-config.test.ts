import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileSchema } from "~/services/schema-validation.server";
import pilotSchema from "../../../../schemas/pilot.v1.schema.json";
import type { Pilot } from "../pilot-types";
import { longOpeningScript, shortOpeningScript, twoVariantPilot } from "../testing/pilot-fixtures";
import {
  edge,
  endNode,
  makeScript,
  questionNode,
  sayNode,
  startNode,
} from "../../../../test/factories/script-factory";
import { describeEarlyRejection, openingEndNodeIds, pilotAnalysisConfig } from "./pilot-analysis-config";
import { createPilotAggregator } from "./pilot-aggregator";

const isPilot = compileSchema<Pilot>(pilotSchema);

describe("pilotAnalysisConfig", () => {
  it("turns a stored pilot into analysis settings the aggregator accepts", () => {
    const raw: unknown = JSON.parse(
      readFileSync(
        path.resolve(import.meta.dirname, "../../../../schemas/examples/valid/pilot.setup-two-variants.json"),
        "utf8",
      ),
    );
    if (!isPilot(raw)) throw new Error("the pilot example should be valid");
    const config = pilotAnalysisConfig(raw, { campaignSize: 50_000 });
    expect(config.variants.filter((v) => v.isControl)).toHaveLength(1);
    expect(config.variants.map((v) => v.id)).toEqual(raw.variants.map((v) => v.id));
    expect(config.campaignSize).toBe(50_000);
    expect(config.successOutcomes).toBeUndefined();
    expect(() => createPilotAggregator(config)).not.toThrow();
  });

  it("passes the pilot's success end nodes on, so the report counts calls ending there as successes", () => {
    const pilot = { ...twoVariantPilot(), successOutcomes: ["appointment", "booked"] };
    expect(pilotAnalysisConfig(pilot).successOutcomes).toEqual(["appointment", "booked"]);
    expect(pilotAnalysisConfig({ ...pilot, successOutcomes: [] }).successOutcomes).toBeUndefined();
  });

  it("describes the early-rejection rule in words", () => {
    expect(describeEarlyRejection({ withinSeconds: 30, mode: "or" })).toBe(
      "Connected calls that end in refusal or break-off by the customer within 30 s of connect.",
    );
    expect(
      describeEarlyRejection({
        withinSeconds: 20,
        checkpoints: [{ variantId: "a", nodeId: "p" }],
        mode: "and",
      }),
    ).toMatch(/within 20 s of connect and before reaching the checkpoint/);
  });
});

describe("openingEndNodeIds", () => {
  it("ends the opening at the first question or checkpoint after the start", () => {
    expect(openingEndNodeIds(longOpeningScript())).toEqual(["q-time"]);
    expect(openingEndNodeIds(shortOpeningScript())).toEqual(["cp"]);
  });

  it("keeps every branch's first question or checkpoint, and nothing after an end", () => {
    // A hand-made graph: the search follows connections, whatever the handles.
    const script = makeScript({
      nodes: [
        startNode(),
        sayNode("hello", "Hello, Sam from Sunny Panels."),
        sayNode("owner", "I am calling about your roof."),
        sayNode("other", "Could you pass me to the owner?"),
        questionNode("q1", "Have you thought about solar?", "yes-no"),
        questionNode("who", "Is this the owner?", "yes-no"),
        endNode("bye", "Goodbye"),
        questionNode("after-end", "Unreachable?", "yes-no"),
      ],
      edges: [
        edge("start", "next", "hello"),
        edge("hello", "a", "owner"),
        edge("hello", "b", "other"),
        edge("hello", "c", "bye"),
        edge("owner", "next", "q1"),
        edge("other", "next", "who"),
        edge("q1", "yes", "who"),
        edge("bye", "next", "after-end"),
      ],
    });
    expect(openingEndNodeIds(script).sort()).toEqual(["q1", "who"]);
    expect(openingEndNodeIds(makeScript({ nodes: [sayNode("s", "Hello")], edges: [] }))).toEqual([]);
  });
});
