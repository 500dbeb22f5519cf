import { DomainError, type ProblemDetail } from "../../domain-error";
import type { Costs, EarlyRejection, Pilot } from "../pilot-types";

/** One variant as the analysis sees it. */
export interface AnalysisVariant {
  id: string;
  label: string;
  /** Allocation weight (relative): the sample-ratio check compares counts with these. */
  weight: number;
  isControl: boolean;
}

/**
 * What the statistics need to know about a pilot. Built from the pilot document by the service, or read
 * from `--config pilot.json` by `scriptpilot analyze`.
 */
export interface PilotAnalysisConfig {
  variants: AnalysisVariant[];
  /** Default: within 30 seconds of connect. */
  earlyRejection?: EarlyRejection;
  /**
   * End nodes whose reaching counts as success. A CallSummary carries no outcome code, so outcomes are
   * named by their end node; empty or absent: the call's own `success` flag decides.
   */
  successOutcomes?: string[];
  /** Connected calls per variant the pilot plans for. */
  plannedSampleSize: number;
  minimumCallsPerVariant: number;
  /** Absolute difference in early-rejection rate that matters (0.05 = 5 points). */
  smallestChangeWorthDetecting: number;
  alpha: number;
  /** Expected early-rejection rate, used only to tune the peeking-safe method; default 0.5. */
  baselineRate?: number;
  costs?: Costs;
  /** Contacts in the full campaign, for the projection. */
  campaignSize?: number;
  /** AAPOR e: estimated share of unknown-eligibility cases that are eligible. */
  eligibilityRate?: number;
  /** Seconds at which survival on the line is reported; default [10, 30]. */
  survivalTimes?: number[];
  /** Longer talk times are treated as data errors; default 4 hours. */
  maxTalkSeconds?: number;
  /** Contacts assigned to each variant (from the sample list), for the sample-ratio check. */
  assignedPerVariant?: Record<string, number>;
  /** Assigned contacts per stratum level and variant (e.g. lead class A-F), for the balance check. */
  strataBalance?: { attribute: string; counts: Record<string, Record<string, number>> }[];
}

export const DEFAULT_EARLY_REJECTION: EarlyRejection = { withinSeconds: 30, mode: "or" };

/** Checks a config; throws DomainError("invalid") listing every problem by field. */
export function checkPilotAnalysisConfig(config: PilotAnalysisConfig): void {
  const problems: ProblemDetail[] = [];
  const problem = (path: string, message: string) => problems.push({ path, message });
  const ids = new Set<string>();
  if (config.variants.length < 2) problem("variants", "a pilot compares at least 2 variants");
  config.variants.forEach((v, i) => {
    if (ids.has(v.id)) problem(`variants[${i}].id`, `variant id “${v.id}” is used twice`);
    ids.add(v.id);
    if (!(v.weight > 0)) problem(`variants[${i}].weight`, `variant “${v.label}” needs a positive weight`);
  });
  const controls = config.variants.filter((v) => v.isControl).length;
  if (controls !== 1) problem("variants", `exactly one variant must be the control (found ${controls})`);
  if (!(Number.isInteger(config.plannedSampleSize) && config.plannedSampleSize >= 1)) {
    problem("plannedSampleSize", "the planned sample size must be a whole number of calls, at least 1");
  }
  if (!(Number.isInteger(config.minimumCallsPerVariant) && config.minimumCallsPerVariant >= 0)) {
    problem("minimumCallsPerVariant", "the minimum calls per variant must be a whole number");
  }
  if (!(config.smallestChangeWorthDetecting > 0 && config.smallestChangeWorthDetecting < 1)) {
    problem(
      "smallestChangeWorthDetecting",
      "the smallest change worth detecting must be between 0 and 1 (0.05 = 5 points)",
    );
  }
  if (!(config.alpha > 0 && config.alpha <= 0.5)) problem("alpha", "alpha must be above 0 and at most 0.5");
  if (config.baselineRate !== undefined && !(config.baselineRate > 0 && config.baselineRate < 1)) {
    problem("baselineRate", "the baseline rate must be between 0 and 1");
  }
  if (config.eligibilityRate !== undefined && !(config.eligibilityRate >= 0 && config.eligibilityRate <= 1)) {
    problem("eligibilityRate", "the eligibility rate e must be between 0 and 1");
  }
  if (
    config.campaignSize !== undefined &&
    !(Number.isInteger(config.campaignSize) && config.campaignSize >= 0)
  ) {
    problem("campaignSize", "the campaign size must be a whole number of contacts");
  }
  const er = config.earlyRejection;
  if (er && er.withinSeconds === undefined && !(er.checkpoints && er.checkpoints.length > 0)) {
    problem(
      "earlyRejection",
      "say within how many seconds, or before which checkpoint, a rejection counts as early",
    );
  }
  for (const [i, c] of (er?.checkpoints ?? []).entries()) {
    if (!ids.has(c.variantId)) problem(`earlyRejection.checkpoints[${i}]`, `no variant “${c.variantId}”`);
  }
  for (const id of Object.keys(config.assignedPerVariant ?? {})) {
    if (!ids.has(id)) problem("assignedPerVariant", `no variant “${id}”`);
  }
  if (problems.length > 0)
    throw new DomainError("invalid", "The pilot analysis settings are not usable.", problems);
}

/** The early-rejection definition in words, for the report. */
export function describeEarlyRejection(er: EarlyRejection): string {
  const parts: string[] = [];
  if (er.withinSeconds !== undefined) parts.push(`within ${er.withinSeconds} s of connect`);
  if (er.checkpoints && er.checkpoints.length > 0) parts.push("before reaching the checkpoint");
  return `Connected calls that end in refusal or break-off by the customer ${parts.join(er.mode === "and" ? " and " : " or ")}.`;
}

/**
 * The analysis settings of a stored pilot. `successOutcomes` is left out on purpose: the pilot names
 * outcome codes or labels, but a CallSummary carries no outcome (ADR 0004), so each call's own `success`
 * flag decides until it does. Campaign size, e and strata counts come from the caller.
 */
export function pilotAnalysisConfig(
  pilot: Pilot,
  extra: Pick<
    PilotAnalysisConfig,
    "campaignSize" | "eligibilityRate" | "baselineRate" | "strataBalance"
  > = {},
): PilotAnalysisConfig {
  return {
    variants: pilot.variants.map((v) => ({
      id: v.id,
      label: v.label,
      weight: v.weight,
      isControl: v.control,
    })),
    earlyRejection: pilot.earlyRejection,
    plannedSampleSize: pilot.plannedSampleSize,
    minimumCallsPerVariant: pilot.minimumCallsPerVariant,
    smallestChangeWorthDetecting: pilot.smallestChangeWorthDetecting,
    alpha: pilot.alpha,
    ...(pilot.costs && { costs: pilot.costs }),
    ...(pilot.list?.assignedPerVariant && { assignedPerVariant: pilot.list.assignedPerVariant }),
    ...extra,
  };
}
