/**
 * Planning a pilot: how many connected calls each variant needs, what change a given size can detect, and
 * how many contacts to dial to get there. The formulas are R's power.prop.test (two-sided, strict = FALSE),
 * solved by root finding as R does, so a lead's planner and R agree.
 */
import { findRoot, normalCdf, normalQuantile } from "./distributions";

/** Power of the two-sided pooled test with n per group (R power.prop.test's p.body). */
export function twoProportionPower({
  p1,
  p2,
  n,
  alpha = 0.05,
}: {
  p1: number;
  p2: number;
  n: number;
  alpha?: number;
}): number {
  const zAlpha = normalQuantile(1 - alpha / 2);
  const pooledVariance = (p1 + p2) * (1 - (p1 + p2) / 2);
  return normalCdf(
    (Math.sqrt(n) * Math.abs(p1 - p2) - zAlpha * Math.sqrt(pooledVariance)) /
      Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2)),
  );
}

function checkRate(value: number, what: string): void {
  if (!(value > 0 && value < 1)) throw new RangeError(`${what} must be a rate between 0 and 1, got ${value}`);
}

/** The n per group that gives `power` (R: power.prop.test(p1, p2, power, sig.level)$n). */
export function sampleSizePerGroup({
  p1,
  p2,
  power = 0.8,
  alpha = 0.05,
}: {
  p1: number;
  p2: number;
  power?: number;
  alpha?: number;
}): number {
  checkRate(p1, "the baseline rate");
  checkRate(p2, "the rate to detect");
  checkRate(power, "power");
  checkRate(alpha, "alpha");
  if (p1 === p2) throw new RangeError("the change to detect must not be zero");
  const f = (n: number) => twoProportionPower({ p1, p2, n, alpha }) - power;
  let hi = 1e7;
  while (f(hi) < 0) hi *= 10;
  return findRoot(f, 2, hi, 1e-10);
}

/**
 * The rate p2 that n per group detects with `power`. R's power.prop.test(n, p1, power) searches p2 above
 * p1; a pilot usually hopes for a lower early-rejection rate, so `direction: "lower"` searches below it.
 * Returns undefined when no rate in that direction is detectable with n.
 */
export function detectableRate({
  p1,
  n,
  power = 0.8,
  alpha = 0.05,
  direction = "higher",
}: {
  p1: number;
  n: number;
  power?: number;
  alpha?: number;
  direction?: "higher" | "lower";
}): number | undefined {
  checkRate(p1, "the baseline rate");
  if (!(n >= 2)) throw new RangeError(`need at least 2 calls per variant, got ${n}`);
  const f = (p2: number) => twoProportionPower({ p1, p2, n, alpha }) - power;
  const edge = direction === "higher" ? 1 - 1e-10 : 1e-10;
  if (f(edge) < 0) return undefined;
  return direction === "higher" ? findRoot(f, p1, edge, 1e-12) : findRoot(f, edge, p1, 1e-12);
}

/** Contacts to dial so that `connected` calls are expected, given the connect rate. */
export function contactsToDial(connected: number, connectRate: number): number {
  if (!(connectRate > 0 && connectRate <= 1)) {
    throw new RangeError(`the connect rate must be above 0 and at most 1, got ${connectRate}`);
  }
  return Math.ceil(connected / connectRate);
}

/** R's p.adjust(p, "bonferroni"). */
export function bonferroni(pValues: readonly number[]): number[] {
  return pValues.map((p) => Math.min(1, p * pValues.length));
}

/** R's p.adjust(p, "holm"): step-down, uniformly more powerful than Bonferroni at the same error rate. */
export function holm(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}

export interface PilotPlan {
  /** Connected calls each variant needs (rounded up). */
  perVariant: number;
  /** The exact solution before rounding, for comparison with R. */
  perVariantExact: number;
  variants: number;
  /** Per-comparison significance level after the Bonferroni split across challengers. */
  comparisonAlpha: number;
  totalConnected: number;
  /** Contacts to dial when a connect rate is given. */
  contactsToDial?: number;
}

/**
 * The planner: baseline rate and smallest change worth detecting in, calls per variant out. With more than
 * two variants each challenger is compared with the control at alpha / (variants - 1) (Bonferroni).
 */
export function planPilot({
  baseline,
  change,
  power = 0.8,
  alpha = 0.05,
  variants = 2,
  connectRate,
}: {
  baseline: number;
  change: number;
  power?: number;
  alpha?: number;
  variants?: number;
  connectRate?: number;
}): PilotPlan {
  if (!Number.isInteger(variants) || variants < 2)
    throw new RangeError(`a pilot needs at least 2 variants, got ${variants}`);
  const comparisonAlpha = alpha / (variants - 1);
  const target = baseline + change;
  checkRate(target, `the baseline plus the change (${baseline} + ${change})`);
  const perVariantExact = sampleSizePerGroup({ p1: baseline, p2: target, power, alpha: comparisonAlpha });
  const perVariant = Math.ceil(perVariantExact);
  const totalConnected = perVariant * variants;
  return {
    perVariant,
    perVariantExact,
    variants,
    comparisonAlpha,
    totalConnected,
    ...(connectRate === undefined ? {} : { contactsToDial: contactsToDial(totalConnected, connectRate) }),
  };
}

/**
 * The smallest change a list of `listSize` contacts can detect, after the connect rate and the split into
 * variants; `direction` as in detectableRate. Undefined when the list is too small for any change.
 */
export function detectableChange({
  baseline,
  listSize,
  connectRate = 1,
  power = 0.8,
  alpha = 0.05,
  variants = 2,
  direction = "lower",
}: {
  baseline: number;
  listSize: number;
  connectRate?: number;
  power?: number;
  alpha?: number;
  variants?: number;
  direction?: "higher" | "lower";
}): { perVariant: number; change: number | undefined; comparisonAlpha: number } {
  const perVariant = Math.floor((listSize * connectRate) / variants);
  const comparisonAlpha = alpha / (variants - 1);
  if (perVariant < 2) return { perVariant, change: undefined, comparisonAlpha };
  const rate = detectableRate({ p1: baseline, n: perVariant, power, alpha: comparisonAlpha, direction });
  return { perVariant, change: rate === undefined ? undefined : rate - baseline, comparisonAlpha };
}
