import { detectableChange, planPilot } from "~/domain/stats/power";

/** The planner's form fields as typed (percentages, as a lead thinks of rates). */
export interface PlannerInput {
  baseline: string;
  change: string;
  direction: "lower" | "higher";
  power: string;
  alpha: string;
  variants: string;
  connectRate: string;
  listSize: string;
}

export const PLANNER_DEFAULTS: PlannerInput = {
  baseline: "40",
  change: "10",
  direction: "lower",
  power: "80",
  alpha: "5",
  variants: "2",
  connectRate: "35",
  listSize: "",
};

export interface PlannerResult {
  input: PlannerInput;
  errors: Partial<Record<keyof PlannerInput, string>>;
  plan?: {
    perVariant: number;
    perVariantExact: number;
    totalConnected: number;
    contactsToDial?: number;
    comparisonAlpha: number;
  };
  detectable?: { perVariant: number; drop?: number; rise?: number };
  /** True when the list (if given) holds enough contacts for the plan. */
  listLargeEnough?: boolean;
}

/**
 * Reads the planner's query string and computes with the same functions as `scriptpilot plan`
 * (app/domain/stats/power.ts, matching R's power.prop.test). Nothing is computed until the form is sent.
 */
export function plannerFromQuery(
  params: URLSearchParams,
): PlannerResult | { input: PlannerInput; errors: Record<string, never> } {
  if (!params.has("baseline")) return { input: PLANNER_DEFAULTS, errors: {} };
  const input: PlannerInput = {
    baseline: params.get("baseline") ?? "",
    change: params.get("change") ?? "",
    direction: params.get("direction") === "higher" ? "higher" : "lower",
    power: params.get("power") ?? PLANNER_DEFAULTS.power,
    alpha: params.get("alpha") ?? PLANNER_DEFAULTS.alpha,
    variants: params.get("variants") ?? PLANNER_DEFAULTS.variants,
    connectRate: params.get("connectRate") ?? "",
    listSize: params.get("listSize") ?? "",
  };
  const errors: PlannerResult["errors"] = {};
  const percent = (field: keyof PlannerInput, label: string, optional = false): number | undefined => {
    const text = input[field].trim();
    if (text === "" && optional) return undefined;
    const value = Number(text.replace(",", "."));
    if (text === "" || !Number.isFinite(value) || value <= 0 || value >= 100) {
      errors[field] =
        `${label} must be a percentage above 0 and below 100${text === "" ? "" : ` (got “${text}”)`}.`;
      return undefined;
    }
    return value / 100;
  };
  const baseline = percent("baseline", "The baseline rate");
  const change = percent("change", "The smallest change", true);
  const power = percent("power", "Power");
  const alpha = percent("alpha", "The significance level");
  const connectRate = percent("connectRate", "The connect rate", true);
  const variants = Number(input.variants);
  if (![2, 3, 4].includes(variants)) errors.variants = "Choose 2, 3 or 4 variants.";
  const listText = input.listSize.trim();
  const listSize = listText === "" ? undefined : Number(listText);
  if (listSize !== undefined && !(Number.isInteger(listSize) && listSize > 0)) {
    errors.listSize = `The list size must be a whole number of contacts (got “${listText}”).`;
  }
  if (change === undefined && listSize === undefined && !errors.change && !errors.listSize) {
    errors.change = "Give the smallest change worth detecting, or a list size to see what it can detect.";
  }
  if (baseline !== undefined && change !== undefined) {
    const target = input.direction === "lower" ? baseline - change : baseline + change;
    if (!(target > 0 && target < 1)) {
      errors.change = `${(baseline * 100).toFixed(1)}% ${input.direction === "lower" ? "minus" : "plus"} ${(change * 100).toFixed(1)} points is not a rate between 0% and 100%.`;
    }
  }
  if (
    Object.keys(errors).length > 0 ||
    baseline === undefined ||
    power === undefined ||
    alpha === undefined
  ) {
    return { input, errors };
  }
  const result: PlannerResult = { input, errors };
  if (change !== undefined) {
    const plan = planPilot({
      baseline,
      change: input.direction === "lower" ? -change : change,
      power,
      alpha,
      variants,
      connectRate,
    });
    result.plan = plan;
    if (listSize !== undefined)
      result.listLargeEnough = (plan.contactsToDial ?? plan.totalConnected) <= listSize;
  }
  if (listSize !== undefined) {
    const common = { baseline, listSize, connectRate, power, alpha, variants };
    const drop = detectableChange({ ...common, direction: "lower" });
    const rise = detectableChange({ ...common, direction: "higher" });
    result.detectable = { perVariant: drop.perVariant, drop: drop.change, rise: rise.change };
  }
  return result;
}
