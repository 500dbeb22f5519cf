import { describe, expect, it } from "vitest";
import { exactMultinomialTest, goodnessOfFit, independenceTest } from "./goodness-of-fit";

describe("sample-ratio mismatch (goodness of fit)", () => {
  // R ?chisq.test: x <- c(A = 20, B = 15, C = 25); chisq.test(x) => X-squared = 2.5, df = 2, p = 0.2865
  it("equal weights", () => {
    const r = goodnessOfFit([20, 15, 25], [1, 1, 1]);
    expect(r.statistic).toBeCloseTo(2.5, 12);
    expect(r.df).toBe(2);
    expect(r.pValue).toBeCloseTo(0.2865048, 7);
  });

  // R ?chisq.test: x <- c(89,37,30,28,2); p <- c(40,20,20,15,5); chisq.test(x, p = p, rescale.p = TRUE)
  // => X-squared = 9.9901, df = 4, p-value = 0.04059
  it("unequal weights, rescaled", () => {
    const r = goodnessOfFit([89, 37, 30, 28, 2], [40, 20, 20, 15, 5]);
    expect(r.statistic).toBeCloseTo(9.9901, 4);
    expect(r.pValue).toBeCloseTo(0.04059, 5);
  });

  it("switches to the exact test for small counts", () => {
    // Two groups: R binom.test(1, 9, 0.5) p-value = 0.03906 (= 20/512).
    const two = goodnessOfFit([1, 8], [1, 1]);
    expect(two.method).toBe("Exact binomial test");
    expect(two.pValue).toBeCloseTo(20 / 512, 12);
    // Three groups, 3 calls all in one: P = 3 · (1/3)^3 = 1/9 for the three "all in one" outcomes.
    const three = goodnessOfFit([3, 0, 0], [1, 1, 1]);
    expect(three.method).toBe("Exact multinomial test");
    expect(three.pValue).toBeCloseTo(1 / 9, 12);
  });

  it("exact multinomial p-values sum the outcomes no more likely than the observed", () => {
    // 2 calls over 2 equal groups, observed (1,1) has probability ½, the most likely: p = 1.
    expect(exactMultinomialTest([1, 1], [0.5, 0.5])?.pValue).toBeCloseTo(1, 12);
    expect(exactMultinomialTest([2, 0], [0.5, 0.5])?.pValue).toBeCloseTo(0.5, 12);
  });
});

describe("balance of strata across variants (independence)", () => {
  // R ?chisq.test: M <- as.table(rbind(c(762, 327, 468), c(484, 239, 477))); chisq.test(M)
  // => X-squared = 30.07, df = 2, p-value = 2.954e-07
  it("matches R on the party-identification table", () => {
    const r = independenceTest([
      [762, 327, 468],
      [484, 239, 477],
    ]);
    expect(r.statistic).toBeCloseTo(30.07, 2);
    expect(r.df).toBe(2);
    expect(r.pValue).toBeCloseTo(2.954e-7, 10);
  });

  it("ignores empty strata and reports nothing to test with a single stratum", () => {
    expect(
      independenceTest([
        [5, 5],
        [0, 0],
      ]).df,
    ).toBe(0);
  });
});
