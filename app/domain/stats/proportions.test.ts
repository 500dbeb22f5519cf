import { describe, expect, it } from "vitest";
import {
  binomialTest,
  compareProportions,
  fisherExactTest,
  newcombeDifference,
  relativeChange,
  twoProportionTest,
  wilsonInterval,
} from "./proportions";
import { createRandom } from "./random";

describe("Wilson score interval", () => {
  // Newcombe RG (1998a). Two-sided confidence intervals for the single proportion: comparison of seven
  // methods. Stat Med 17:857-872, Table II, methods 3 (score) and 4 (score with continuity correction).
  it.each([
    [81, 263, 0.2553, 0.3662, 0.2535, 0.3682],
    [15, 148, 0.0624, 0.1605, 0.0598, 0.1644],
    [0, 20, 0, 0.1611, 0, 0.2005],
    [1, 29, 0.0061, 0.1718, 0.0018, 0.1963],
  ])("%s/%s", (x, n, lo, hi, loCc, hiCc) => {
    const plain = wilsonInterval(x, n);
    expect(plain.lower).toBeCloseTo(lo, 4);
    expect(plain.upper).toBeCloseTo(hi, 4);
    const corrected = wilsonInterval(x, n, { continuity: true });
    expect(corrected.lower).toBeCloseTo(loCc, 4);
    expect(corrected.upper).toBeCloseTo(hiCc, 4);
  });

  it("says nothing about a rate with no calls", () => {
    expect(wilsonInterval(0, 0)).toMatchObject({ lower: 0, upper: 1 });
    expect(() => wilsonInterval(5, 3)).toThrow(/0 ≤ successes ≤ trials/);
  });

  // Issue 7: Wilson covers the true rate 95% ± 1% at n = 100. Averaged over a grid of p from 0.1 to 0.9
  // (coverage oscillates with p; the average is what the method promises), 20,000 samples per p.
  it("covers 95% ± 1% at n = 100, averaged over p = 0.1 … 0.9", () => {
    const random = createRandom(7);
    const grid = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
    let covered = 0;
    let total = 0;
    for (const p of grid) {
      for (let i = 0; i < 20_000; i++) {
        const x = random.binomial(100, p);
        const { lower, upper } = wilsonInterval(x, 100);
        if (lower <= p && p <= upper) covered++;
        total++;
      }
    }
    expect(Math.abs(covered / total - 0.95)).toBeLessThan(0.01);
  });
});

describe("Newcombe hybrid score interval for a difference", () => {
  // Newcombe RG (1998b). Interval estimation for the difference between independent proportions:
  // comparison of eleven methods. Stat Med 17:873-890, Table II, method 10.
  it.each([
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [6, 7, 2, 7, 0.0582, 0.8062],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [10, 10, 0, 20, 0.6791, 1],
  ])("%s/%s - %s/%s", (x1, n1, x2, n2, lo, hi) => {
    const d = newcombeDifference(x1, n1, x2, n2);
    expect(d.lower).toBeCloseTo(lo, 4);
    expect(d.upper).toBeCloseTo(hi, 4);
  });
});

describe("two-proportion tests", () => {
  it("pooled z test = R prop.test(c(42,31), c(100,100), correct=FALSE): X-squared 2.6103, p 0.1062", () => {
    const t = twoProportionTest(42, 100, 31, 100);
    expect(t.statistic).toBeCloseTo(2.6103, 4);
    expect(t.pValue).toBeCloseTo(0.1062, 4);
    expect(t.z).toBeCloseTo(Math.sqrt(2.6103), 3);
  });

  it("with Yates' correction = R prop.test(c(42,31), c(100,100)): X-squared 2.1573, p 0.1419", () => {
    const t = twoProportionTest(42, 100, 31, 100, { continuity: true });
    expect(t.statistic).toBeCloseTo(2.1573, 4);
    expect(t.pValue).toBeCloseTo(0.1419, 4);
  });

  it("Fisher's tea-tasting table: R fisher.test(matrix(c(3,1,1,3),2)) p = 0.4857, odds ratio 6.408309", () => {
    const t = fisherExactTest(3, 1, 1, 3);
    expect(t.pValue).toBeCloseTo(0.4857142857, 9);
    // R finds the conditional MLE with uniroot's default tolerance, so it agrees to about 1e-5.
    expect(t.oddsRatio / 6.408309).toBeCloseTo(1, 4);
  });

  it("Fisher's convicted like-sex twins (R ?fisher.test Convictions): p = 0.0005367, odds ratio 0.04693661", () => {
    const t = fisherExactTest(2, 10, 15, 3);
    expect(t.pValue).toBeCloseTo(0.0005367241, 9);
    expect(t.oddsRatio / 0.04693661).toBeCloseTo(1, 4);
  });

  it("uses Fisher's test when an expected count is below 5, the z test otherwise", () => {
    expect(compareProportions(2, 20, 5, 20).method).toMatch(/Fisher/);
    expect(compareProportions(42, 100, 31, 100).method).toMatch(/z test/);
  });

  it("exact binomial test: R binom.test(682, 925, p = 0.75) p-value = 0.3825 (Mendel's peas)", () => {
    expect(binomialTest(682, 925, 0.75).pValue).toBeCloseTo(0.3825, 4);
  });
});

describe("relative change", () => {
  // Risk ratio 0.42/0.31 = 1.3548; Katz log interval by hand:
  // SE = sqrt(1/42 - 1/100 + 1/31 - 1/100) = 0.189915; exp(log(1.354839) ± 1.959964·SE) = (0.9338, 1.9658).
  it("is p1/p2 - 1 with the Katz log risk-ratio interval", () => {
    const r = relativeChange(42, 100, 31, 100);
    expect(r.estimate).toBeCloseTo(0.354839, 6);
    expect(r.lower).toBeCloseTo(0.9338 - 1, 4);
    expect(r.upper).toBeCloseTo(1.9658 - 1, 4);
  });

  it("stays finite with a zero count and says how", () => {
    const r = relativeChange(0, 50, 5, 50);
    expect(r.estimate).toBe(-1);
    expect(Number.isFinite(r.lower) && Number.isFinite(r.upper)).toBe(true);
    expect(r.method).toMatch(/½ added/);
  });
});
