import { DomainError, type ProblemDetail } from "../../domain-error";
import type { Script } from "../../script-types";
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
   * End-node ids that count as success (as in the pilot document): a call succeeds when it ends at one of
   * them. Empty or absent: the call's own `success` flag (its end node's outcome) decides.
   */
  successOutcomes?: string[];
  /**
   * Per variant id, the nodes where its script's opening ends (see `openingEndNodeIds`): a connected call
   * is past the opening when it reached one. Variants left out get no "past the opening" stage.
   */
  openingEnds?: Record<string, string[]>;
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
  for (const id of Object.keys(config.openingEnds ?? {})) {
    if (!ids.has(id)) problem("openingEnds", `no variant “${id}”`);
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
 * Where a script's opening ends: the questions and checkpoints reached from the start without passing
 * another question, checkpoint or end — the opening as the editor's speaking-time check defines it
 * (`openingTiming`), but every branch's, since a call may take any of them. Empty when the script has no
 * start or asks nothing before it ends.
 */
export function openingEndNodeIds(script: Pick<Script, "nodes" | "edges">): string[] {
  const byId = new Map(script.nodes.map((n) => [n.id, n]));
  const next = new Map<string, string[]>();
  for (const e of script.edges) {
    const list = next.get(e.source);
    if (list) list.push(e.target);
    else next.set(e.source, [e.target]);
  }
  const start = script.nodes.find((n) => n.kind === "start");
  if (!start) return [];
  const ends: string[] = [];
  const seen = new Set([start.id]);
  const queue = [start.id];
  while (queue.length > 0) {
    for (const target of next.get(queue.shift()!) ?? []) {
      const node = byId.get(target);
      if (!node || seen.has(target)) continue;
      seen.add(target);
      if (node.kind === "question" || node.kind === "checkpoint") ends.push(target);
      else if (node.kind !== "end") queue.push(target);
    }
  }
  return ends;
}

/** The opening ends of each variant's script, for `PilotAnalysisConfig.openingEnds`. */
export function openingEndsOf(
  scripts: Record<string, Pick<Script, "nodes" | "edges">>,
): Record<string, string[]> {
  return Object.fromEntries(Object.entries(scripts).map(([id, script]) => [id, openingEndNodeIds(script)]));
}

/**
 * The analysis settings of a stored pilot. Its success outcomes are end-node ids, passed on as they are
 * (empty: each call's own success flag decides). Campaign size, e, strata counts and the variants' opening
 * ends (which need the scripts) come from the caller.
 */
export function pilotAnalysisConfig(
  pilot: Pilot,
  extra: Pick<
    PilotAnalysisConfig,
    "campaignSize" | "eligibilityRate" | "baselineRate" | "strataBalance" | "openingEnds"
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
    ...(pilot.successOutcomes.length > 0 && { successOutcomes: pilot.successOutcomes }),
    plannedSampleSize: pilot.plannedSampleSize,
    minimumCallsPerVariant: pilot.minimumCallsPerVariant,
    smallestChangeWorthDetecting: pilot.smallestChangeWorthDetecting,
    alpha: pilot.alpha,
    ...(pilot.costs && { costs: pilot.costs }),
    ...(pilot.list?.assignedPerVariant && { assignedPerVariant: pilot.list.assignedPerVariant }),
    ...extra,
  };
}
