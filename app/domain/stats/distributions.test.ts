import { describe, expect, it } from "vitest";
import {
  binomialCdf,
  chiSquareCdf,
  chiSquareSf,
  findRoot,
  hypergeometricLogPmf,
  logGamma,
  normalCdf,
  normalQuantile,
} from "./distributions";

describe("normal distribution", () => {
  // R: qnorm(c(0.975, 0.995, 0.9, 0.5, 0.025, 1e-10, 0.999)); also the classic table values 1.959964, 2.575829.
  it.each([
    [0.975, 1.959963984540054],
    [0.995, 2.5758293035489],
    [0.9, 1.2815515655446],
    [0.5, 0],
    [0.025, -1.959963984540054],
    [1e-10, -6.361340902404056],
    [0.999, 3.090232306167813],
  ])("qnorm(%s) = %s", (p, expected) => {
    expect(normalQuantile(p)).toBeCloseTo(expected, 9);
  });

  // R: pnorm(c(1.96, -1.96, 0, 3, -5, -10)).
  it.each([
    [1.96, 0.9750021048517795],
    [-1.96, 0.0249978951482204],
    [0, 0.5],
    [3, 0.9986501019683699],
  ])("pnorm(%s) = %s", (x, expected) => {
    expect(normalCdf(x)).toBeCloseTo(expected, 12);
  });

  it("keeps relative accuracy far in the lower tail (R: pnorm(-5), pnorm(-10))", () => {
    expect(normalCdf(-5) / 2.866515718791939e-7).toBeCloseTo(1, 10);
    expect(normalCdf(-10) / 7.619853024160527e-24).toBeCloseTo(1, 10);
  });

  it("quantile and cdf invert each other to 1e-12", () => {
    for (const p of [1e-8, 0.001, 0.07, 0.3, 0.6, 0.93, 0.999]) {
      expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 12);
    }
  });
});

describe("chi-square distribution", () => {
  // R: pchisq(3.841458820694124, 1) = 0.95; pchisq(10, 3, lower.tail = FALSE) = 0.01856613546304325;
  // pchisq(2, 4) = 1 - 2e^-1 = 0.2642411176571153.
  it("matches R's pchisq", () => {
    expect(chiSquareCdf(3.841458820694124, 1)).toBeCloseTo(0.95, 12);
    expect(chiSquareSf(10, 3)).toBeCloseTo(0.01856613546304325, 12);
    expect(chiSquareCdf(2, 4)).toBeCloseTo(0.2642411176571153, 12);
    expect(chiSquareSf(0, 2)).toBe(1);
  });
});

describe("gamma, binomial and hypergeometric", () => {
  it("log-gamma matches closed forms (Γ(½) = √π, Γ(10) = 9!)", () => {
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
    // R: lgamma(100) = 359.1342053695754
    expect(logGamma(100)).toBeCloseTo(359.1342053695754, 10);
  });

  it("binomial cdf (R: pbinom(3, 10, 0.5) = 0.171875)", () => {
    expect(binomialCdf(3, 10, 0.5)).toBeCloseTo(0.171875, 14);
  });

  it("hypergeometric pmf (R: dhyper(3, 4, 4, 4) = 16/70, the tea-tasting table)", () => {
    expect(Math.exp(hypergeometricLogPmf(3, 4, 4, 4))).toBeCloseTo(16 / 70, 14);
    expect(hypergeometricLogPmf(5, 4, 4, 4)).toBe(-Infinity);
  });

  it("root finding converges on a known root", () => {
    expect(findRoot((x) => x * x - 2, 0, 2)).toBeCloseTo(Math.SQRT2, 11);
    expect(() => findRoot((x) => x * x + 1, 0, 2)).toThrow(/no sign change/);
  });
});
