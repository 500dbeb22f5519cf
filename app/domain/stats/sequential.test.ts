import { describe, expect, it } from "vitest";
import { createRandom } from "./random";
import {
  differenceConfidenceSequence,
  mixtureHalfWidth,
  mixtureVariance,
  plannedDifferenceVariance,
  sequentialDecision,
  type SequentialSettings,
} from "./sequential";

describe("normal-mixture confidence sequence", () => {
  // Johari et al. (2017) eq. (11): with V = τ², Λ(θ) = √½ · exp(θ²/(4V)); Λ = 1/α at
  // θ² = 4V (ln(1/α) + ½ ln 2), i.e. half-width = 2√V · √(ln 20 + ½ ln 2) for α = 0.05.
  it("has the closed-form half-width of the mixture boundary", () => {
    const v = 0.001;
    expect(mixtureHalfWidth(v, v, 0.05)).toBeCloseTo(
      2 * Math.sqrt(v) * Math.sqrt(Math.log(20) + 0.5 * Math.log(2)),
      12,
    );
  });

  it("tunes τ² to be narrowest at the planned size", () => {
    const planned = plannedDifferenceVariance(0.3, 500);
    const tau2 = mixtureVariance(planned, 0.05);
    const best = mixtureHalfWidth(planned, tau2, 0.05);
    for (const factor of [0.25, 0.5, 2, 4]) {
      expect(mixtureHalfWidth(planned, tau2 * factor, 0.05)).toBeGreaterThan(best);
    }
    // Always wider than the fixed-horizon 95% interval at the same variance (the price of peeking).
    expect(best).toBeGreaterThan(1.959964 * Math.sqrt(planned));
  });

  // Issue 7: over 10,000 simulated A/A pilots checked after every 20 calls, the peeking-safe method declares
  // a difference in at most 5%. Two variants with the same early-rejection rate, 10 calls each per look,
  // planned 500 per variant, decisions from 50 per variant on.
  it("declares a difference in at most 5% of 10,000 A/A pilots looked at every 20 calls", () => {
    const random = createRandom(20260126);
    const planned = 500;
    const tau2 = mixtureVariance(plannedDifferenceVariance(0.3, planned), 0.05);
    let falseAlarms = 0;
    const pilots = 10_000;
    for (let s = 0; s < pilots; s++) {
      let x1 = 0;
      let x2 = 0;
      for (let n = 10; n <= planned; n += 10) {
        x1 += random.binomial(10, 0.3);
        x2 += random.binomial(10, 0.3);
        if (n < 50) continue;
        const cs = differenceConfidenceSequence(x1, n, x2, n, { tau2, alpha: 0.05 });
        if (cs.lower > 0 || cs.upper < 0) {
          falseAlarms++;
          break;
        }
      }
    }
    expect(falseAlarms / pilots).toBeLessThanOrEqual(0.05);
  });

  it("finds a real difference well before the planned size in most pilots", () => {
    const random = createRandom(4);
    const planned = 600;
    const tau2 = mixtureVariance(plannedDifferenceVariance(0.4, planned), 0.05);
    let found = 0;
    for (let s = 0; s < 500; s++) {
      let x1 = 0;
      let x2 = 0;
      for (let n = 10; n <= planned; n += 10) {
        x1 += random.binomial(10, 0.25);
        x2 += random.binomial(10, 0.4);
        const cs = differenceConfidenceSequence(x1, n, x2, n, { tau2, alpha: 0.05 });
        if (n >= 50 && cs.upper < 0) {
          found++;
          break;
        }
      }
    }
    expect(found / 500).toBeGreaterThan(0.8);
  });
});

describe("decisions", () => {
  const settings: SequentialSettings = {
    alpha: 0.05,
    comparisons: 1,
    tau2: mixtureVariance(plannedDifferenceVariance(0.3, 1000), 0.05),
    smallestChange: 0.05,
    minimumPerVariant: 100,
    plannedPerVariant: 1000,
    better: "lower",
  };

  it("waits for the minimum calls per variant, whatever the data", () => {
    const v = sequentialDecision(0, 60, 50, 60, settings);
    expect(v.decision).toBe("waiting-for-minimum");
    expect(v.callsStillNeeded).toBe(40);
  });

  it("calls a clearly lower early-rejection rate better, and a higher one worse", () => {
    expect(sequentialDecision(150, 1000, 300, 1000, settings).decision).toBe("better");
    expect(sequentialDecision(300, 1000, 150, 1000, settings).decision).toBe("worse");
    expect(sequentialDecision(300, 1000, 150, 1000, { ...settings, better: "higher" }).decision).toBe(
      "better",
    );
  });

  it("says no practical difference only when the whole interval is inside ± the smallest change", () => {
    expect(
      sequentialDecision(3000, 10_000, 3010, 10_000, { ...settings, plannedPerVariant: 20_000 }).decision,
    ).toBe("no-practical-difference");
  });

  it("estimates the calls still needed when not yet decisive, and stops at the planned size", () => {
    const open = sequentialDecision(25, 100, 33, 100, settings);
    expect(open.decision).toBe("not-yet-decisive");
    expect(open.callsStillNeeded).toBeGreaterThan(0);
    expect(open.message).toMatch(/more connected calls per variant/);
    expect(sequentialDecision(290, 1000, 310, 1000, settings).decision).toBe("planned-size-reached");
  });

  it("splits alpha across challengers (Bonferroni), which widens the interval", () => {
    const one = sequentialDecision(120, 500, 150, 500, settings);
    const three = sequentialDecision(120, 500, 150, 500, { ...settings, comparisons: 3 });
    expect(three.alpha).toBeCloseTo(0.05 / 3, 12);
    expect(three.sequence.upper - three.sequence.lower).toBeGreaterThan(
      one.sequence.upper - one.sequence.lower,
    );
  });
});
