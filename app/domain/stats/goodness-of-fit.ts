/**
 * Health checks: does the split of calls across variants match the allocation weights (sample-ratio
 * mismatch), and are strata (lead class, region, agent) balanced across variants?
 */
import { chiSquareSf, logFactorial } from "./distributions";
import { binomialTest, type TestResult } from "./proportions";

/**
 * Pearson's chi-square goodness of fit of `observed` counts against `weights` (rescaled to proportions),
 * as R's chisq.test(x, p = weights, rescale.p = TRUE). When an expected count is below 5 the exact test
 * is used instead (binomial for two groups, multinomial otherwise, when small enough to enumerate).
 */
export function goodnessOfFit(
  observed: readonly number[],
  weights: readonly number[],
): TestResult & { expected: number[] } {
  if (observed.length !== weights.length || observed.length < 2) {
    throw new RangeError("goodness of fit needs one weight per group and at least two groups");
  }
  const totalWeight = weights.reduce((s, w) => s + w, 0);
  if (!(totalWeight > 0) || weights.some((w) => !(w >= 0)))
    throw new RangeError("weights must be non-negative and not all zero");
  const probabilities = weights.map((w) => w / totalWeight);
  const n = observed.reduce((s, x) => s + x, 0);
  const expected = probabilities.map((p) => p * n);
  if (n === 0)
    return { statistic: NaN, df: observed.length - 1, pValue: NaN, expected, method: "no calls yet" };
  if (expected.some((e) => e < 5)) {
    if (observed.length === 2) return { ...binomialTest(observed[0], n, probabilities[0]), expected };
    const exact = exactMultinomialTest(observed, probabilities);
    if (exact) return { ...exact, expected };
  }
  let statistic = 0;
  observed.forEach((o, i) => {
    if (expected[i] > 0) statistic += (o - expected[i]) ** 2 / expected[i];
  });
  const df = observed.length - 1;
  return {
    statistic,
    df,
    pValue: chiSquareSf(statistic, df),
    expected,
    method: "Pearson's chi-square goodness of fit",
  };
}

/**
 * The exact multinomial test: the probability of all outcomes no more likely than the observed one.
 * Enumerates every way to split n calls over k groups, so only for small n (undefined beyond ~200,000
 * outcomes, where the chi-square approximation is fine anyway).
 */
export function exactMultinomialTest(
  observed: readonly number[],
  probabilities: readonly number[],
): TestResult | undefined {
  const k = observed.length;
  const n = observed.reduce((s, x) => s + x, 0);
  let outcomes = 1;
  for (let i = 1; i < k; i++) outcomes = (outcomes * (n + i)) / i;
  if (outcomes > 200_000) return undefined;
  const logP = probabilities.map((p) => Math.log(p));
  const logProbability = (counts: readonly number[]) => {
    let l = logFactorial(n);
    for (let i = 0; i < k; i++) {
      if (probabilities[i] === 0) {
        if (counts[i] > 0) return -Infinity;
        continue;
      }
      l += counts[i] * logP[i] - logFactorial(counts[i]);
    }
    return l;
  };
  const threshold = logProbability(observed) + Math.log1p(1e-7);
  let pValue = 0;
  const counts = new Array<number>(k).fill(0);
  const visit = (index: number, remaining: number) => {
    if (index === k - 1) {
      counts[index] = remaining;
      const l = logProbability(counts);
      if (l <= threshold) pValue += Math.exp(l);
      return;
    }
    for (let c = 0; c <= remaining; c++) {
      counts[index] = c;
      visit(index + 1, remaining - c);
    }
  };
  visit(0, n);
  return { statistic: NaN, df: k - 1, pValue: Math.min(1, pValue), method: "Exact multinomial test" };
}

/**
 * Pearson's chi-square test of independence for an r×c table (rows: strata, columns: variants), as R's
 * chisq.test(table, correct = FALSE). Rows or columns that are all zero are dropped first.
 */
export function independenceTest(
  table: readonly (readonly number[])[],
): TestResult & { smallestExpected: number } {
  const rows = table.filter((row) => row.some((v) => v > 0));
  const columnCount = rows[0]?.length ?? 0;
  const keep = Array.from({ length: columnCount }, (_, j) => rows.some((row) => row[j] > 0));
  const cleaned = rows.map((row) => row.filter((_, j) => keep[j]));
  const r = cleaned.length;
  const c = cleaned[0]?.length ?? 0;
  const method = "Pearson's chi-square test of independence";
  if (r < 2 || c < 2) return { statistic: 0, df: 0, pValue: 1, smallestExpected: NaN, method };
  const rowTotals = cleaned.map((row) => row.reduce((s, v) => s + v, 0));
  const colTotals = cleaned[0].map((_, j) => cleaned.reduce((s, row) => s + row[j], 0));
  const n = rowTotals.reduce((s, v) => s + v, 0);
  let statistic = 0;
  let smallestExpected = Infinity;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const e = (rowTotals[i] * colTotals[j]) / n;
      smallestExpected = Math.min(smallestExpected, e);
      statistic += (cleaned[i][j] - e) ** 2 / e;
    }
  }
  const df = (r - 1) * (c - 1);
  return { statistic, df, pValue: chiSquareSf(statistic, df), smallestExpected, method };
}
