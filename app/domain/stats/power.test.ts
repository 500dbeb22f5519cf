import { describe, expect, it } from "vitest";
import {
  bonferroni,
  contactsToDial,
  detectableChange,
  detectableRate,
  holm,
  planPilot,
  sampleSizePerGroup,
  twoProportionPower,
} from "./power";

describe("power.prop.test equivalents", () => {
  it("R power.prop.test(p1 = 0.4, p2 = 0.3, power = 0.8): n = 355.9428", () => {
    expect(sampleSizePerGroup({ p1: 0.4, p2: 0.3, power: 0.8 })).toBeCloseTo(355.9428, 3);
  });

  // R ?power.prop.test examples: power.prop.test(n = 50, p1 = .50, p2 = .75) => power = 0.7401659;
  // power.prop.test(p1 = .50, p2 = .75, power = .90) => n = 76.7; power.prop.test(n = 50, p1 = .5,
  // power = .90) => p2 = 0.8026.
  it("R's own examples", () => {
    expect(twoProportionPower({ n: 50, p1: 0.5, p2: 0.75 })).toBeCloseTo(0.7401659, 7);
    expect(sampleSizePerGroup({ p1: 0.5, p2: 0.75, power: 0.9 })).toBeCloseTo(76.7, 1);
    expect(detectableRate({ n: 50, p1: 0.5, power: 0.9 })).toBeCloseTo(0.8026, 4);
  });

  it("is symmetric: a drop is as hard to detect as the same rise from the other rate", () => {
    expect(sampleSizePerGroup({ p1: 0.3, p2: 0.4 })).toBeCloseTo(355.9428, 3);
    expect(detectableRate({ n: 356, p1: 0.4, direction: "lower" })).toBeCloseTo(0.3, 3);
  });

  it("refuses impossible inputs with a sentence", () => {
    expect(() => sampleSizePerGroup({ p1: 0.4, p2: 0.4 })).toThrow(/must not be zero/);
    expect(() => planPilot({ baseline: 0.95, change: 0.1 })).toThrow(/between 0 and 1/);
  });
});

describe("planning a pilot", () => {
  it("splits alpha across challengers and turns connected calls into contacts to dial", () => {
    const plan = planPilot({ baseline: 0.4, change: -0.1, variants: 3, connectRate: 0.35 });
    expect(plan.comparisonAlpha).toBeCloseTo(0.025, 12);
    // With two variants it is power.prop.test's n; with three, alpha 0.025 needs more calls per variant.
    expect(planPilot({ baseline: 0.4, change: -0.1 }).perVariant).toBe(356);
    expect(plan.perVariant).toBeGreaterThan(356);
    expect(plan.contactsToDial).toBe(Math.ceil((plan.perVariant * 3) / 0.35));
  });

  it("detectable change for a list size", () => {
    const r = detectableChange({ baseline: 0.4, listSize: 2034, connectRate: 0.35, variants: 2 });
    expect(r.perVariant).toBe(355);
    expect(r.change).toBeCloseTo(-0.1, 2);
    expect(detectableChange({ baseline: 0.4, listSize: 4, connectRate: 0.35 }).change).toBeUndefined();
  });

  it("contacts to dial", () => {
    expect(contactsToDial(712, 0.35)).toBe(2035);
  });
});

describe("multiple comparisons", () => {
  // R: p.adjust(c(0.01, 0.02, 0.03, 0.04), "holm") = 0.04 0.06 0.06 0.06; "bonferroni" = 0.04 0.08 0.12 0.16.
  it("match R's p.adjust", () => {
    expect(holm([0.01, 0.02, 0.03, 0.04])).toEqual(
      [0.04, 0.06, 0.06, 0.06].map((v) => expect.closeTo(v, 12)),
    );
    expect(bonferroni([0.01, 0.02, 0.03, 0.04])).toEqual(
      [0.04, 0.08, 0.12, 0.16].map((v) => expect.closeTo(v, 12)),
    );
    expect(holm([0.04, 0.01])).toEqual([0.04, 0.02].map((v) => expect.closeTo(v, 12)));
  });
});
