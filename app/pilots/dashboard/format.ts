/** Number formats shared by the dashboard, its HTML export and the CLI's text report. */

export const DASH = "—";

export function pct(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || !Number.isFinite(value)
    ? DASH
    : `${(value * 100).toFixed(digits)}%`;
}

/** A difference of two rates in percentage points, signed. */
export function points(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  const rounded = (value * 100).toFixed(digits);
  // −0.0 reads as a sign without a change.
  if (Number(rounded) === 0) return `0.${"0".repeat(digits)} points`;
  return `${value > 0 ? "+" : "−"}${rounded.replace("-", "")} points`;
}

export function pctInterval(lower: number | null, upper: number | null): string {
  return lower === null || upper === null ? DASH : `${pct(lower)} to ${pct(upper)}`;
}

export function pointsInterval(lower: number | null, upper: number | null): string {
  return lower === null || upper === null ? DASH : `${points(lower)} to ${points(upper)}`;
}

export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return DASH;
  return p < 0.001 ? "< 0.001" : p.toFixed(3);
}

export function whole(n: number | null | undefined): string {
  return n === null || n === undefined || !Number.isFinite(n) ? DASH : Math.round(n).toLocaleString("en");
}

export function decimal(n: number | null | undefined, digits = 2): string {
  return n === null || n === undefined || !Number.isFinite(n) ? DASH : n.toFixed(digits);
}

export function money(n: number | null | undefined, currency: string): string {
  return n === null || n === undefined || !Number.isFinite(n) ? DASH : `${currency} ${n.toFixed(2)}`;
}

/** "Variant B (Short)": the id is what the data and dialer say, the label what the lead named it. */
export function variantName(v: { id: string; label: string }): string {
  return v.label && v.label !== v.id ? `Variant ${v.id} (${v.label})` : `Variant ${v.id}`;
}

/** "p = 0.042" or "p < 0.001", for sentences. */
export function pIs(p: number | null | undefined): string {
  const text = pValue(p);
  return text.startsWith("<") ? `p ${text}` : `p = ${text}`;
}

/** A relative change as a signed percentage: a risk ratio of 0.8 is “−20%”. */
export function signedPct(change: number | null | undefined): string {
  if (change === null || change === undefined || !Number.isFinite(change)) return DASH;
  return `${change > 0 ? "+" : change < 0 ? "−" : ""}${pct(Math.abs(change), 0)}`;
}
