/**
 * Peeking-safe comparison of two proportions: a normal-mixture sequential probability ratio test (mSPRT,
 * Johari, Koomen, Pekelis & Walsh 2017, "Peeking at A/B tests", eq. 11 for two-sample comparisons) and the
 * always-valid confidence sequence it implies. With a N(0, τ²) mixture over the difference θ, after seeing
 * an estimated difference d with estimated variance V,
 *
 *     Λ(θ₀) = √(V / (V + τ²)) · exp( τ² (d - θ₀)² / (2 V (V + τ²)) ),
 *
 * and {θ₀ : Λ(θ₀) < 1/α} is a (1 - α) confidence sequence: the chance that it ever excludes the true
 * difference, however often it is looked at, is at most α (asymptotically, as V is estimated). τ² is fixed
 * before the pilot from its planned size (see `mixtureVariance`), never from the data seen.
 */

/** The always-valid interval for the difference of two rates after the calls seen so far. */
export interface ConfidenceSequence {
  estimate: number;
  lower: number;
  upper: number;
  /** Always-valid p-value: min(1, 1/Λ(0)); it never has to be corrected for peeking. */
  pValue: number;
}

/**
 * The half-width of the mixture confidence sequence: √( V (V+τ²)/τ² · (2 ln(1/α) + ln((V+τ²)/V)) ).
 */
export function mixtureHalfWidth(variance: number, tau2: number, alpha: number): number {
  if (!(variance > 0)) return variance === 0 ? 0 : NaN;
  const total = variance + tau2;
  return Math.sqrt(((variance * total) / tau2) * (2 * Math.log(1 / alpha) + Math.log(total / variance)));
}

/**
 * The mixture variance τ² that makes the confidence sequence narrowest when the variance of the estimated
 * difference is `plannedVariance` (the variance expected at the planned sample size). Minimising the
 * half-width over r = τ²/V gives r = 2 ln(1/α) + ln(1 + r), solved by fixed-point iteration.
 */
export function mixtureVariance(plannedVariance: number, alpha: number): number {
  let r = 2 * Math.log(1 / alpha);
  for (let i = 0; i < 100; i++) r = 2 * Math.log(1 / alpha) + Math.log1p(r);
  return r * plannedVariance;
}

/**
 * The variance of a difference of two rates at the planned size, from a planning rate (R-style
 * p(1-p)/n per arm). Use the baseline rate when known; 0.5 gives the most conservative choice.
 */
export function plannedDifferenceVariance(planningRate: number, plannedPerVariant: number): number {
  return (2 * planningRate * (1 - planningRate)) / plannedPerVariant;
}

/**
 * The confidence sequence for p1 - p2 from x1/n1 and x2/n2. The variance is the unpooled plug-in
 * p̂(1-p̂)/n per arm, with each p̂ shrunk by one pseudo-observation toward ½ (x+½)/(n+1) so that an arm with
 * no events yet does not claim zero variance.
 */
export function differenceConfidenceSequence(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  { tau2, alpha }: { tau2: number; alpha: number },
): ConfidenceSequence {
  if (n1 === 0 || n2 === 0) return { estimate: NaN, lower: -1, upper: 1, pValue: 1 };
  const d = x1 / n1 - x2 / n2;
  const variance = armVariance(x1, n1) / n1 + armVariance(x2, n2) / n2;
  const half = mixtureHalfWidth(variance, tau2, alpha);
  const total = variance + tau2;
  const logLambda = 0.5 * Math.log(variance / total) + (tau2 * d * d) / (2 * variance * total);
  return {
    estimate: d,
    lower: Math.max(-1, d - half),
    upper: Math.min(1, d + half),
    pValue: Math.min(1, Math.exp(-logLambda)),
  };
}

/** Per-call variance of one arm, shrunk as described above. */
export function armVariance(x: number, n: number): number {
  const p = (x + 0.5) / (n + 1);
  return p * (1 - p);
}

export type SequentialDecision =
  | "better"
  | "worse"
  | "no-practical-difference"
  | "not-yet-decisive"
  | "planned-size-reached"
  | "waiting-for-minimum";

export interface SequentialVerdict {
  decision: SequentialDecision;
  /** One sentence for the dashboard. */
  message: string;
  sequence: ConfidenceSequence;
  /** Alpha used for this comparison after the split across challengers. */
  alpha: number;
  /** Estimated further calls per variant until a decision, when not yet decisive (undefined: not in sight). */
  callsStillNeeded?: number;
}

export interface SequentialSettings {
  /** Overall alpha, split equally (Bonferroni) across `comparisons` challengers. */
  alpha: number;
  comparisons: number;
  /** τ² for the mixture; fixed in advance. */
  tau2: number;
  /** Smallest difference (absolute, in rate units) worth acting on. */
  smallestChange: number;
  minimumPerVariant: number;
  plannedPerVariant: number;
  /** "lower" when a lower rate is better (early rejections), "higher" otherwise. */
  better: "lower" | "higher";
}

/**
 * The decision for one challenger (x1/n1) against the control (x2/n2). Order matters: nothing is decided
 * before the minimum calls; a clear difference is reported even after the planned size; "no practical
 * difference" needs the whole interval inside ±smallestChange.
 */
export function sequentialDecision(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  settings: SequentialSettings,
): SequentialVerdict {
  const alpha = settings.alpha / Math.max(1, settings.comparisons);
  const sequence = differenceConfidenceSequence(x1, n1, x2, n2, { tau2: settings.tau2, alpha });
  const fewest = Math.min(n1, n2);
  const delta = settings.smallestChange;
  const pct = (v: number) => `${(Math.abs(v) * 100).toFixed(1)} points`;
  if (fewest < settings.minimumPerVariant) {
    return {
      decision: "waiting-for-minimum",
      message: `Waiting for at least ${settings.minimumPerVariant} connected calls per variant before deciding (${settings.minimumPerVariant - fewest} more).`,
      sequence,
      alpha,
      callsStillNeeded: settings.minimumPerVariant - fewest,
    };
  }
  const lowerIsBetter = settings.better === "lower";
  if (sequence.upper < 0 || sequence.lower > 0) {
    const challengerLower = sequence.upper < 0;
    const isBetter = challengerLower === lowerIsBetter;
    const [near, far] = challengerLower
      ? [-sequence.upper, -sequence.lower]
      : [sequence.lower, sequence.upper];
    const direction = challengerLower ? "lower" : "higher";
    return {
      decision: isBetter ? "better" : "worse",
      message: `${isBetter ? "Better" : "Worse"} than the control: the rate is ${pct(sequence.estimate)} ${direction} (always-valid interval: ${(near * 100).toFixed(1)} to ${(far * 100).toFixed(1)} points ${direction}).`,
      sequence,
      alpha,
    };
  }
  if (delta > 0 && sequence.lower > -delta && sequence.upper < delta) {
    return {
      decision: "no-practical-difference",
      message: `No practical difference: any difference is smaller than ${pct(delta)}.`,
      sequence,
      alpha,
    };
  }
  if (fewest >= settings.plannedPerVariant) {
    return {
      decision: "planned-size-reached",
      message: "The planned sample size is reached without a decisive difference.",
      sequence,
      alpha,
    };
  }
  const callsStillNeeded = estimateCallsNeeded(x1, n1, x2, n2, settings, alpha);
  return {
    decision: "not-yet-decisive",
    message:
      callsStillNeeded === undefined
        ? "Not yet decisive; at the current rates no decision is in sight."
        : `Not yet decisive; about ${callsStillNeeded} more connected calls per variant may settle it.`,
    sequence,
    alpha,
    callsStillNeeded,
  };
}

/**
 * If the observed rates held, how many more calls per variant until the interval either excludes 0 or
 * fits inside ±smallestChange. Searches up to 100× the planned size; undefined beyond that.
 */
function estimateCallsNeeded(
  x1: number,
  n1: number,
  x2: number,
  n2: number,
  settings: SequentialSettings,
  alpha: number,
): number | undefined {
  const v1 = armVariance(x1, n1);
  const v2 = armVariance(x2, n2);
  const d = Math.abs(x1 / n1 - x2 / n2);
  const target = Math.max(d, settings.smallestChange - d);
  if (!(target > 0)) return undefined;
  const decisiveAt = (extra: number) =>
    mixtureHalfWidth(v1 / (n1 + extra) + v2 / (n2 + extra), settings.tau2, alpha) < target;
  let hi = Math.max(1, settings.plannedPerVariant);
  const limit = 100 * Math.max(settings.plannedPerVariant, n1, n2);
  while (!decisiveAt(hi)) {
    hi *= 2;
    if (hi > limit) return undefined;
  }
  let lo = 0;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (decisiveAt(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
