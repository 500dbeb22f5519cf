import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { compileSchema } from "~/services/schema-validation.server";
import pilotSchema from "../../../../schemas/pilot.v1.schema.json";
import type { Pilot } from "../pilot-types";
import { describeEarlyRejection, pilotAnalysisConfig } from "./pilot-analysis-config";
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
