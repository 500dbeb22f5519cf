/**
 * Intervals and tests for proportions: the numbers behind "variant B's early-rejection rate is 3 points
 * lower, interval (…)". Each function names the method and the R call it matches.
 */
import { binomialLogPmf, chiSquareSf, findRoot, hypergeometricLogPmf, normalQuantile } from "./distributions";

export interface Interval {
  lower: number;
  upper: number;
}

export interface ProportionEstimate extends Interval {
  estimate: number;
  method: string;
}

function checkCount(x: number, n: number, what: string): void {
  if (!Number.isInteger(x) || !Number.isInteger(n) || x < 0 || n < 0 || x > n) {
    throw new RangeError(`${what}: need whole numbers with 0 ≤ successes ≤ trials, got ${x} of ${n}`);
  }
}

function zFor(confidence: number): number {
  return normalQuantile(1 - (1 - confidence) / 2);
}

/**
 * Wilson score interval for one proportion (Newcombe 1998a, methods 3 and 4). With `continuity` it is the
 * interval R's prop.test(x, n) reports (correct = TRUE); without, prop.test(x, n, correct = FALSE).
 * With n = 0 the rate is unknown: estimate NaN and the interval [0, 1].
 */
export function wilsonInterval(
  x: number,
  n: number,
  { confidence = 0.95, continuity = false }: { confidence?: number; continuity?: boolean } = {},
): ProportionEstimate {
  checkCount(x, n, "Wilson interval");
  const method = continuity ? "Wilson score with continuity correction" : "Wilson score";
  if (n === 0) return { estimate: NaN, lower: 0, upper: 1, method };
  const z = zFor(confidence);
  const z2 = z * z;
  const p = x / n;
  const q = 1 - p;
  const denominator = 2 * (n + z2);
  if (!continuity) {
    const centre = 2 * n * p + z2;
    const spread = z * Math.sqrt(z2 + 4 * n * p * q);
    return {
      estimate: p,
      lower: (centre - spread) / denominator,
      upper: (centre + spread) / denominator,
      method,
    };
  }
  const lower =
    x === 0 ? 0 : (2 * n * p + z2 - 1 - z * Math.sqrt(z2 - 2 - 1 / n + 4 * p * (n * q + 1))) / denominator;
  const upper =
    x === n ? 1 : (2 * n * p + z2 + 1 + z * Math.sqrt(z2 + 2 - 1 / n + 4 * p * (n * q - 1))) / denominator;
  return { estimate: p, lower: Math.max(0, lower), upper: Math.min(1, upper), method };
}

/**
 * Newcombe's hybrid score interval for p1 - p2 from independent samples (Newcombe 1998b, method 10): it
 * combines the two Wilson intervals, keeps good coverage for small counts and never leaves [-1, 1].
 */
export function newcombeDifference(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  { confidence = 0.95 }: { confidence?: number } = {},
): ProportionEstimate {
  checkCount(x1, n1, "Newcombe interval");
  checkCount(x2, n2, "Newcombe interval");
  const method = "Newcombe hybrid score (method 10)";
  if (n1 === 0 || n2 === 0) return { estimate: NaN, lower: -1, upper: 1, method };
  const a = wilsonInterval(x1, n1, { confidence });
  const b = wilsonInterval(x2, n2, { confidence });
  const p1 = a.estimate;
  const p2 = b.estimate;
  const d = p1 - p2;
  return {
    estimate: d,
    lower: d - Math.sqrt((p1 - a.lower) ** 2 + (b.upper - p2) ** 2),
    upper: d + Math.sqrt((a.upper - p1) ** 2 + (p2 - b.lower) ** 2),
    method,
  };
}

export interface TestResult {
  statistic: number;
  df?: number;
  pValue: number;
  method: string;
}

/**
 * The pooled two-proportion z test, as R's prop.test(c(x1, x2), c(n1, n2), correct = FALSE); with
 * `continuity` it applies Yates' correction exactly as prop.test does by default (the correction is
 * capped at |p1 - p2| / (1/n1 + 1/n2), so it never overshoots). The statistic is X² = z².
 */
export function twoProportionTest(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  { continuity = false }: { continuity?: boolean } = {},
): TestResult & { z: number } {
  checkCount(x1, n1, "two-proportion test");
  checkCount(x2, n2, "two-proportion test");
  const method = continuity
    ? "Pooled two-proportion z test with Yates' continuity correction"
    : "Pooled two-proportion z test";
  if (n1 === 0 || n2 === 0) return { statistic: NaN, z: NaN, df: 1, pValue: NaN, method };
  const pooled = (x1 + x2) / (n1 + n2);
  if (pooled === 0 || pooled === 1) return { statistic: 0, z: 0, df: 1, pValue: 1, method };
  const delta = x1 / n1 - x2 / n2;
  const yates = continuity ? Math.min(0.5, Math.abs(delta) / (1 / n1 + 1 / n2)) : 0;
  // Sum over the 2×2 table of (|O - E| - yates)² / E, as prop.test computes it.
  let statistic = 0;
  for (const [x, n] of [
    [x1, n1],
    [x2, n2],
  ]) {
    const expectedYes = n * pooled;
    const expectedNo = n * (1 - pooled);
    statistic += (Math.abs(x - expectedYes) - yates) ** 2 / expectedYes;
    statistic += (Math.abs(n - x - expectedNo) - yates) ** 2 / expectedNo;
  }
  return {
    statistic,
    z: Math.sign(delta) * Math.sqrt(statistic),
    df: 1,
    pValue: chiSquareSf(statistic, 1),
    method,
  };
}

/**
 * Fisher's exact test for a 2×2 table [[a, b], [c, d]] (rows: groups; columns: event, no event), two-sided
 * as R's fisher.test: the p-value sums every table with the same margins whose probability is at most the
 * observed one's (with R's relative tolerance of 1e-7). `oddsRatio` is the conditional maximum-likelihood
 * estimate R reports, not the sample odds ratio.
 */
export function fisherExactTest(
  a: number,
  b: number,
  c: number,
  d: number,
): TestResult & { oddsRatio: number } {
  for (const value of [a, b, c, d]) {
    if (!Number.isInteger(value) || value < 0) {
      throw new RangeError(
        `Fisher's exact test needs whole, non-negative counts, got ${[a, b, c, d].join(", ")}`,
      );
    }
  }
  const m = a + c; // first column total (events)
  const n = b + d; // second column total
  const k = a + b; // first row total
  const lo = Math.max(0, k - n);
  const hi = Math.min(k, m);
  const logProbabilities: number[] = [];
  for (let x = lo; x <= hi; x++) logProbabilities.push(hypergeometricLogPmf(x, m, n, k));
  const maxLog = Math.max(...logProbabilities);
  const weights = logProbabilities.map((l) => Math.exp(l - maxLog));
  const total = weights.reduce((s, w) => s + w, 0);
  const observed = weights[a - lo];
  let tail = 0;
  for (const w of weights) if (w <= observed * (1 + 1e-7)) tail += w;
  return {
    statistic: a,
    pValue: Math.min(1, tail / total),
    oddsRatio: conditionalOddsRatio(a, lo, hi, logProbabilities),
    method: "Fisher's exact test (two-sided)",
  };
}

/** Solves E[X; ψ] = a under the non-central hypergeometric distribution, as fisher.test's estimate. */
function conditionalOddsRatio(a: number, lo: number, hi: number, logProbabilities: number[]): number {
  if (lo === hi) return NaN;
  if (a === lo) return 0;
  if (a === hi) return Infinity;
  const mean = (logPsi: number) => {
    let maxTerm = -Infinity;
    const terms = logProbabilities.map((l, i) => {
      const t = l + logPsi * (lo + i);
      if (t > maxTerm) maxTerm = t;
      return t;
    });
    let weight = 0;
    let weighted = 0;
    terms.forEach((t, i) => {
      const w = Math.exp(t - maxTerm);
      weight += w;
      weighted += w * (lo + i);
    });
    return weighted / weight;
  };
  let lower = -1;
  let upper = 1;
  while (mean(lower) > a) lower *= 2;
  while (mean(upper) < a) upper *= 2;
  return Math.exp(findRoot((logPsi) => mean(logPsi) - a, lower, upper, 1e-13));
}

/**
 * The relative change p1/p2 - 1 with a confidence interval from the log risk ratio (Katz et al. 1978:
 * SE = √(1/x1 - 1/n1 + 1/x2 - 1/n2)). When a count is zero, ½ is added to each event count and 1 to each
 * total so the interval stays finite; the method label says so.
 */
export function relativeChange(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  { confidence = 0.95 }: { confidence?: number } = {},
): ProportionEstimate {
  checkCount(x1, n1, "relative change");
  checkCount(x2, n2, "relative change");
  let method = "log risk ratio (Katz)";
  if (n1 === 0 || n2 === 0) return { estimate: NaN, lower: NaN, upper: NaN, method };
  const estimate = x1 / n1 / (x2 / n2) - 1;
  let [a, m, b, n] = [x1, n1, x2, n2];
  if (a === 0 || b === 0 || a === m || b === n) {
    [a, m, b, n] = [a + 0.5, m + 1, b + 0.5, n + 1];
    method += " with ½ added to zero cells";
  }
  const logRatio = Math.log(a / m / (b / n));
  const se = Math.sqrt(1 / a - 1 / m + 1 / b - 1 / n);
  const z = zFor(confidence);
  return {
    estimate,
    lower: Math.exp(logRatio - z * se) - 1,
    upper: Math.exp(logRatio + z * se) - 1,
    method,
  };
}

/**
 * The two-sided test a dashboard should show for a 2×2 comparison: the pooled z test, or Fisher's exact
 * test when any expected cell count is below 5 (the usual rule for when the chi-square approximation fails).
 */
export function compareProportions(x1: number, n1: number, x2: number, n2: number): TestResult {
  const total = n1 + n2;
  const events = x1 + x2;
  const expected = [n1, n2].flatMap((n) => [(n * events) / total, (n * (total - events)) / total]);
  if (total === 0) return { statistic: NaN, pValue: NaN, method: "no calls yet" };
  if (expected.some((e) => e < 5)) return fisherExactTest(x1, n1 - x1, x2, n2 - x2);
  return twoProportionTest(x1, n1, x2, n2);
}

/** R's binom.test(x, n, p) two-sided p-value (sums outcomes no more likely than x, tolerance 1e-7). */
export function binomialTest(x: number, n: number, p: number): TestResult {
  checkCount(x, n, "binomial test");
  const logs: number[] = [];
  for (let k = 0; k <= n; k++) logs.push(binomialLogPmf(k, n, p));
  const threshold = logs[x] + Math.log1p(1e-7);
  let sum = 0;
  for (const l of logs) if (l <= threshold) sum += Math.exp(l);
  return { statistic: x, pValue: Math.min(1, sum), method: "Exact binomial test" };
}
