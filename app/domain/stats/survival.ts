/**
 * Time on the line: Kaplan-Meier survival curves and the log-rank test, as R's survival package computes
 * them by default (survfit: Greenwood variance, conf.type = "log"; survdiff: rho = 0).
 */
import { chiSquareSf, normalQuantile } from "./distributions";

/**
 * Counts of events and censorings at each distinct time, kept sorted so new observations add in
 * O(log distinct times) and curves are computed without revisiting individual calls.
 */
export class TimeCounts {
  private readonly times: number[] = [];
  private readonly events: number[] = [];
  private readonly censored: number[] = [];
  total = 0;

  add(time: number, event: boolean): void {
    let lo = 0;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid] < time) lo = mid + 1;
      else hi = mid;
    }
    if (this.times[lo] !== time) {
      this.times.splice(lo, 0, time);
      this.events.splice(lo, 0, 0);
      this.censored.splice(lo, 0, 0);
    }
    if (event) this.events[lo]++;
    else this.censored[lo]++;
    this.total++;
  }

  /** Distinct times ascending with their event and censoring counts. */
  rows(): { time: number; events: number; censored: number }[] {
    return this.times.map((time, i) => ({ time, events: this.events[i], censored: this.censored[i] }));
  }

  static from(observations: readonly { time: number; event: boolean }[]): TimeCounts {
    const counts = new TimeCounts();
    for (const o of observations) counts.add(o.time, o.event);
    return counts;
  }
}

export interface SurvivalPoint {
  time: number;
  atRisk: number;
  events: number;
  censored: number;
  survival: number;
  /** Standard error of the survival estimate (Greenwood, delta method), as summary.survfit's std.err. */
  stdErr: number;
  lower: number;
  upper: number;
}

/** A Kaplan-Meier curve: one point per distinct time with an event or censoring (as survfit). */
export function kaplanMeier(
  counts: TimeCounts,
  { confidence = 0.95 }: { confidence?: number } = {},
): SurvivalPoint[] {
  const z = normalQuantile(1 - (1 - confidence) / 2);
  let atRisk = counts.total;
  let survival = 1;
  let greenwood = 0;
  const points: SurvivalPoint[] = [];
  for (const row of counts.rows()) {
    if (row.events > 0) {
      survival *= 1 - row.events / atRisk;
      greenwood += atRisk > row.events ? row.events / (atRisk * (atRisk - row.events)) : Infinity;
    }
    const logSe = Math.sqrt(greenwood);
    // conf.type = "log": exp(log S ± z·se(log S)), capped at 1; undefined once S reaches 0.
    const defined = survival > 0 && Number.isFinite(logSe);
    points.push({
      time: row.time,
      atRisk,
      events: row.events,
      censored: row.censored,
      survival,
      stdErr: survival * logSe,
      lower: defined ? survival * Math.exp(-z * logSe) : NaN,
      upper: defined ? Math.min(1, survival * Math.exp(z * logSe)) : NaN,
    });
    atRisk -= row.events + row.censored;
  }
  return points;
}

/** The curve's value at time t (right-continuous step), with its band; S = 1 before the first event. */
export function survivalAt(
  curve: readonly SurvivalPoint[],
  t: number,
): { survival: number; lower: number; upper: number } {
  let current = { survival: 1, lower: 1, upper: 1 };
  for (const point of curve) {
    if (point.time > t) break;
    if (point.events > 0) current = { survival: point.survival, lower: point.lower, upper: point.upper };
  }
  return current;
}

export interface LogRankResult {
  observed: number[];
  expected: number[];
  statistic: number;
  df: number;
  pValue: number;
  method: string;
}

/**
 * The log-rank test for k groups (R survdiff, rho = 0): observed against expected events per group and the
 * chi-square statistic (O-E)ᵀ V⁻¹ (O-E) on k-1 degrees of freedom, dropping the last group.
 */
export function logRankTest(groups: readonly TimeCounts[]): LogRankResult {
  const k = groups.length;
  const method = "Log-rank test";
  const merged = new Map<number, { events: number[]; leaving: number[] }>();
  groups.forEach((g, i) => {
    for (const row of g.rows()) {
      let entry = merged.get(row.time);
      if (!entry) {
        entry = { events: new Array(k).fill(0), leaving: new Array(k).fill(0) };
        merged.set(row.time, entry);
      }
      entry.events[i] += row.events;
      entry.leaving[i] += row.events + row.censored;
    }
  });
  const times = [...merged.keys()].sort((a, b) => a - b);
  const atRisk = groups.map((g) => g.total);
  const observed = new Array<number>(k).fill(0);
  const expected = new Array<number>(k).fill(0);
  const variance: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const t of times) {
    const entry = merged.get(t)!;
    const n = atRisk.reduce((s, v) => s + v, 0);
    const d = entry.events.reduce((s, v) => s + v, 0);
    if (d > 0 && n > 0) {
      const factor = n > 1 ? (d * (n - d)) / (n * n * (n - 1)) : 0;
      for (let i = 0; i < k; i++) {
        observed[i] += entry.events[i];
        expected[i] += (d * atRisk[i]) / n;
        for (let j = 0; j < k; j++) {
          variance[i][j] += factor * atRisk[i] * ((i === j ? n : 0) - atRisk[j]);
        }
      }
    }
    for (let i = 0; i < k; i++) atRisk[i] -= entry.leaving[i];
  }
  const df = k - 1;
  const diff = observed.slice(0, df).map((o, i) => o - expected[i]);
  const reduced = variance.slice(0, df).map((row) => row.slice(0, df));
  const solved = solveSymmetric(reduced, diff);
  if (!solved) return { observed, expected, statistic: NaN, df, pValue: NaN, method };
  const statistic = diff.reduce((s, v, i) => s + v * solved[i], 0);
  return { observed, expected, statistic, df, pValue: chiSquareSf(statistic, df), method };
}

/** Gaussian elimination with partial pivoting; undefined when the matrix is singular. */
function solveSymmetric(matrix: number[][], rhs: number[]): number[] | undefined {
  const n = rhs.length;
  if (n === 0) return undefined;
  const a = matrix.map((row, i) => [...row, rhs[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    if (Math.abs(a[pivot][col]) < 1e-12) return undefined;
    [a[col], a[pivot]] = [a[pivot], a[col]];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = a[r][col] / a[col][col];
      for (let c = col; c <= n; c++) a[r][c] -= f * a[col][c];
    }
  }
  return a.map((row, i) => row[n] / row[i]);
}
