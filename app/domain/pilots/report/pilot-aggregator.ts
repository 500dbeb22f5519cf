/**
 * The pilot report, computed incrementally: `add(summary)` folds one call into running counts (cost: the
 * length of the call's path), `report()` turns the counts into the dashboard's numbers (cost: variants ×
 * nodes, plus each variant's distinct talk times for the survival curves), never revisiting calls. So the
 * dashboard can refresh on every new call without recomputing from scratch.
 */
import { aaporRates, dispositionClass, type DispositionClass } from "../../stats/aapor-rates";
import { goodnessOfFit, independenceTest } from "../../stats/goodness-of-fit";
import {
  compareProportions,
  newcombeDifference,
  relativeChange,
  wilsonInterval,
  type ProportionEstimate,
  type TestResult,
} from "../../stats/proportions";
import { mixtureVariance, plannedDifferenceVariance, sequentialDecision } from "../../stats/sequential";
import { kaplanMeier, logRankTest, survivalAt, TimeCounts } from "../../stats/survival";
import type { CallSummary } from "../call-summary";
import type { Costs, EarlyRejection } from "../pilot-types";
import type {
  Comparison,
  Estimate,
  FunnelStage,
  PilotReport,
  Projection,
  Test,
  Variant as VariantReport,
  Warning,
} from "~/types/generated/pilot-report.v1";
import {
  checkPilotAnalysisConfig,
  DEFAULT_EARLY_REJECTION,
  describeEarlyRejection,
  type AnalysisVariant,
  type PilotAnalysisConfig,
} from "./pilot-analysis-config";

export type { PilotReport };

const DEFAULT_SURVIVAL_TIMES = [10, 30];
const DEFAULT_MAX_TALK_SECONDS = 4 * 60 * 60;
/** Sample-ratio mismatch is flagged at p < 0.001, the usual threshold for this check. */
const SRM_THRESHOLD = 0.001;
const IMBALANCE_THRESHOLD = 0.01;

export type AddResult = "added" | "duplicate" | "unknown-variant";

export interface PilotAggregator {
  add(summary: CallSummary): AddResult;
  report(): PilotReport;
}

interface VariantState {
  attempted: number;
  connected: number;
  pastOpening: number;
  reachedCheckpoint: number;
  earlyRejections: number;
  successes: number;
  talkSeconds: number;
  hangUps: TimeCounts;
  customerHangUps: number;
  censored: number;
  dispositions: Record<DispositionClass | "unclassified", number>;
  reached: Map<string, number>;
  ended: Map<string, number>;
  objections: Map<string, Map<string, number>>;
  agents: Map<string, number>;
}

function newVariantState(): VariantState {
  return {
    attempted: 0,
    connected: 0,
    pastOpening: 0,
    reachedCheckpoint: 0,
    earlyRejections: 0,
    successes: 0,
    talkSeconds: 0,
    hangUps: new TimeCounts(),
    customerHangUps: 0,
    censored: 0,
    dispositions: { I: 0, P: 0, R: 0, NC: 0, O: 0, UH: 0, UO: 0, NE: 0, unclassified: 0 },
    reached: new Map(),
    ended: new Map(),
    objections: new Map(),
    agents: new Map(),
  };
}

const increment = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

/** How the report counts one call. */
export interface CallClassification {
  success: boolean;
  /** A connected call the customer refused or broke off, without success, early by the pilot's definition. */
  earlyRejection: boolean;
  /** Undefined when the call's variant has no checkpoint. */
  reachedCheckpoint?: boolean;
  /** Undefined when the variant's opening is not known (no script in the config). */
  pastOpening?: boolean;
}

/**
 * The rules that classify a call (success, early rejection, checkpoint, past the opening), prepared once
 * per config. The aggregator and the call-level CSV export both use it, so they cannot disagree.
 */
export function callClassifier(config: PilotAnalysisConfig): (summary: CallSummary) => CallClassification {
  const earlyRejection: EarlyRejection = config.earlyRejection ?? DEFAULT_EARLY_REJECTION;
  const checkpoints = new Map((earlyRejection.checkpoints ?? []).map((c) => [c.variantId, c.nodeId]));
  const successNodes = new Set(config.successOutcomes ?? []);
  const openingEnds = new Map(
    Object.entries(config.openingEnds ?? {}).map(([variantId, ids]) => [variantId, new Set(ids)]),
  );
  return (summary) => {
    const checkpoint = checkpoints.get(summary.variantId);
    const ends = openingEnds.get(summary.variantId);
    let reachedCheckpoint = false;
    let pastOpening = false;
    for (const nodeId of summary.reachedNodeIds) {
      if (nodeId === checkpoint) reachedCheckpoint = true;
      if (ends?.has(nodeId)) pastOpening = true;
    }
    const success = successNodes.size > 0 ? successNodes.has(summary.endNodeId) : summary.success;
    // A rejection: the customer refused or broke off (AAPOR 2.1x), or hung up without success.
    const rejected =
      summary.connected &&
      !success &&
      (dispositionClass(summary.aaporCode) === "R" || summary.endedBy === "customer");
    const criteria: boolean[] = [];
    if (earlyRejection.withinSeconds !== undefined)
      criteria.push(summary.talkSeconds <= earlyRejection.withinSeconds);
    if (checkpoint !== undefined) criteria.push(!reachedCheckpoint);
    const early =
      criteria.length > 0 &&
      (earlyRejection.mode === "and" ? criteria.every(Boolean) : criteria.some(Boolean));
    return {
      success,
      earlyRejection: rejected && early,
      ...(checkpoint !== undefined && { reachedCheckpoint }),
      ...(ends !== undefined && { pastOpening: summary.connected && pastOpening }),
    };
  };
}

/** Creates an aggregator for one pilot; throws DomainError("invalid") for an unusable config. */
export function createPilotAggregator(config: PilotAnalysisConfig): PilotAggregator {
  checkPilotAnalysisConfig(config);
  const earlyRejection: EarlyRejection = config.earlyRejection ?? DEFAULT_EARLY_REJECTION;
  const checkpoints = new Map((earlyRejection.checkpoints ?? []).map((c) => [c.variantId, c.nodeId]));
  const classify = callClassifier(config);
  const maxTalk = config.maxTalkSeconds ?? DEFAULT_MAX_TALK_SECONDS;
  const states = new Map(config.variants.map((v) => [v.id, newVariantState()]));
  const seen = new Set<string>();
  const nodeOrder = new Map<string, number>();
  const counts = { received: 0, duplicates: 0, unknownVariant: 0, badDuration: 0, talkWithoutConnect: 0 };

  function add(summary: CallSummary): AddResult {
    counts.received++;
    if (seen.has(summary.callId)) {
      counts.duplicates++;
      return "duplicate";
    }
    const state = states.get(summary.variantId);
    if (!state) {
      counts.unknownVariant++;
      return "unknown-variant";
    }
    seen.add(summary.callId);
    state.attempted++;
    const durationOk = summary.talkSeconds >= 0 && summary.talkSeconds <= maxTalk;
    if (!durationOk) counts.badDuration++;
    else state.talkSeconds += summary.talkSeconds;
    if (!summary.connected && summary.talkSeconds > 0) counts.talkWithoutConnect++;

    const cls = dispositionClass(summary.aaporCode);
    state.dispositions[cls ?? "unclassified"]++;

    const c = classify(summary);
    if (c.success) state.successes++;
    // Calls that never connected reached no step of the script: counting them at a node would show
    // people dropping where nobody was on the line.
    if (!summary.connected) return "added";

    state.connected++;
    for (const nodeId of summary.reachedNodeIds) {
      increment(state.reached, nodeId);
      if (!nodeOrder.has(nodeId)) nodeOrder.set(nodeId, nodeOrder.size);
    }
    increment(state.ended, summary.endNodeId);
    if (!nodeOrder.has(summary.endNodeId)) nodeOrder.set(summary.endNodeId, nodeOrder.size);
    for (const { objectionId, nodeId } of summary.objections) {
      let byObjection = state.objections.get(nodeId);
      if (!byObjection) {
        byObjection = new Map();
        state.objections.set(nodeId, byObjection);
      }
      increment(byObjection, objectionId);
      if (!nodeOrder.has(nodeId)) nodeOrder.set(nodeId, nodeOrder.size);
    }
    if (c.pastOpening) state.pastOpening++;
    if (c.reachedCheckpoint) state.reachedCheckpoint++;
    if (summary.agent !== undefined) increment(state.agents, summary.agent);
    if (c.earlyRejection) state.earlyRejections++;
    if (durationOk) {
      // Tenths of a second: enough for a curve, and it bounds the number of distinct times.
      const time = Math.round(summary.talkSeconds * 10) / 10;
      const hungUp = summary.endedBy === "customer";
      state.hangUps.add(time, hungUp);
      if (hungUp) state.customerHangUps++;
      else state.censored++;
    }
    return "added";
  }

  function report(): PilotReport {
    const variants = config.variants;
    const control = variants.find((v) => v.isControl)!;
    const controlState = states.get(control.id)!;
    const challengers = variants.filter((v) => !v.isControl);
    const comparisonAlpha = config.alpha / Math.max(1, challengers.length);
    const tau2 = mixtureVariance(
      plannedDifferenceVariance(config.baselineRate ?? 0.5, config.plannedSampleSize),
      comparisonAlpha,
    );
    const survivalTimes = config.survivalTimes ?? DEFAULT_SURVIVAL_TIMES;

    const variantReports = variants.map((v) => variantReport(v, states.get(v.id)!, survivalTimes));

    const comparisons: Comparison[] = challengers.map((v) => {
      const s = states.get(v.id)!;
      const test = compareProportions(
        s.earlyRejections,
        s.connected,
        controlState.earlyRejections,
        controlState.connected,
      );
      const verdict = sequentialDecision(
        s.earlyRejections,
        s.connected,
        controlState.earlyRejections,
        controlState.connected,
        {
          alpha: config.alpha,
          comparisons: challengers.length,
          tau2,
          smallestChange: config.smallestChangeWorthDetecting,
          minimumPerVariant: config.minimumCallsPerVariant,
          plannedPerVariant: config.plannedSampleSize,
          better: "lower",
        },
      );
      const empty = s.connected === 0 || controlState.connected === 0;
      return {
        variantId: v.id,
        controlId: control.id,
        metric: "early-rejection-rate",
        difference: empty
          ? emptyEstimate("Newcombe hybrid score (method 10)")
          : estimate(
              newcombeDifference(
                s.earlyRejections,
                s.connected,
                controlState.earlyRejections,
                controlState.connected,
              ),
            ),
        relativeChange:
          empty || controlState.earlyRejections === 0
            ? emptyEstimate("log risk ratio (Katz)")
            : estimate(
                relativeChange(
                  s.earlyRejections,
                  s.connected,
                  controlState.earlyRejections,
                  controlState.connected,
                ),
              ),
        fixedHorizonTest: {
          method: test.method,
          statistic: finite(test.statistic),
          pValue: finite(test.pValue),
          validity: "valid at the planned end",
        },
        sequential: {
          decision: verdict.decision,
          message: verdict.message,
          alpha: verdict.alpha,
          estimate: finite(verdict.sequence.estimate),
          lower: finite(verdict.sequence.lower),
          upper: finite(verdict.sequence.upper),
          pValue: verdict.sequence.pValue,
          callsStillNeeded: verdict.callsStillNeeded ?? null,
        },
        costPerEarlyRejectionAvoided: costPerAvoided(config.costs, s, controlState),
      };
    });

    const withCalls = variants.filter((v) => states.get(v.id)!.connected > 0);
    const logRank =
      withCalls.length >= 2 ? logRankTest(withCalls.map((v) => states.get(v.id)!.hangUps)) : undefined;

    const nodeIds = [...nodeOrder.keys()];
    const nodes = nodeIds.map((nodeId) => ({
      nodeId,
      byVariant: variants.map((v) => {
        const s = states.get(v.id)!;
        const reached = s.reached.get(nodeId) ?? 0;
        const ended = s.ended.get(nodeId) ?? 0;
        return {
          variantId: v.id,
          reached,
          ended,
          dropRate: reached > 0 ? Math.min(1, ended / reached) : null,
          objections: [...(s.objections.get(nodeId) ?? new Map<string, number>())].map(
            ([objectionId, count]) => ({
              objectionId,
              count,
            }),
          ),
        };
      }),
    }));

    const weights = variants.map((v) => v.weight);
    const srmAttempted = goodnessOfFit(
      variants.map((v) => states.get(v.id)!.attempted),
      weights,
    );
    const srmConnected = goodnessOfFit(
      variants.map((v) => states.get(v.id)!.connected),
      weights,
    );
    const assigned = config.assignedPerVariant;
    const srmAssigned = assigned
      ? goodnessOfFit(
          variants.map((v) => assigned[v.id] ?? 0),
          weights,
        )
      : undefined;
    const balance = balanceChecks(variants);

    const warnings: Warning[] = [];
    const warn = (code: Warning["code"], count: number, message: string) => {
      if (count > 0) warnings.push({ code, count, message });
    };
    warn(
      "unknown-variant",
      counts.unknownVariant,
      `${counts.unknownVariant} call(s) name no variant of this pilot and were left out.`,
    );
    warn(
      "duplicate-call",
      counts.duplicates,
      `${counts.duplicates} call(s) were received twice; each is counted once.`,
    );
    warn(
      "duration-out-of-range",
      counts.badDuration,
      `${counts.badDuration} call(s) have a talk time below 0 or above ${maxTalk} s; their time is left out.`,
    );
    warn(
      "talk-without-connect",
      counts.talkWithoutConnect,
      `${counts.talkWithoutConnect} call(s) have talk time but were not connected.`,
    );
    for (const [name, test] of [
      ["attempted", srmAttempted],
      ["connected", srmConnected],
      ["assigned", srmAssigned],
    ] as const) {
      if (test && test.pValue < SRM_THRESHOLD) {
        warnings.push({
          code: "sample-ratio-mismatch",
          count: 1,
          message: `The ${name} counts do not match the allocation weights (p = ${test.pValue.toExponential(1)}): check the assignment and the data before trusting the comparison.`,
        });
      }
    }
    for (const b of balance) {
      if (b.test.pValue !== null && b.test.pValue < IMBALANCE_THRESHOLD) {
        warnings.push({
          code: "imbalance",
          count: 1,
          message: `${b.attribute} is not balanced across variants (p = ${b.test.pValue.toExponential(1)}).`,
        });
      }
    }

    return {
      schemaVersion: 1,
      settings: {
        plannedSampleSize: config.plannedSampleSize,
        minimumCallsPerVariant: config.minimumCallsPerVariant,
        smallestChangeWorthDetecting: config.smallestChangeWorthDetecting,
        alpha: config.alpha,
        comparisonAlpha,
        mixtureVariance: tau2,
        earlyRejection: describeEarlyRejection(earlyRejection),
      },
      totals: {
        received: counts.received,
        analysed: seen.size,
        connected: variants.reduce((sum, v) => sum + states.get(v.id)!.connected, 0),
        duplicates: counts.duplicates,
        unknownVariant: counts.unknownVariant,
      },
      variants: variantReports,
      comparisons,
      survival: {
        event: "the customer hung up (calls that ended otherwise are censored at their talk time)",
        logRank: logRank
          ? {
              method: logRank.method,
              statistic: finite(logRank.statistic),
              df: logRank.df,
              pValue: finite(logRank.pValue),
              observed: logRank.observed,
              expected: logRank.expected,
            }
          : null,
      },
      nodes,
      health: {
        sampleRatio: {
          attempted: test(srmAttempted),
          connected: test(srmConnected),
          assigned: srmAssigned ? test(srmAssigned) : null,
        },
        balance,
        warnings,
      },
    };
  }

  function balanceChecks(variants: AnalysisVariant[]): { attribute: string; test: Test }[] {
    const checks: { attribute: string; test: Test }[] = [];
    const agents = new Set<string>();
    for (const v of variants) for (const agent of states.get(v.id)!.agents.keys()) agents.add(agent);
    if (agents.size >= 2) {
      const table = [...agents].map((agent) => variants.map((v) => states.get(v.id)!.agents.get(agent) ?? 0));
      checks.push({ attribute: "agent", test: test(independenceTest(table)) });
    }
    for (const stratum of config.strataBalance ?? []) {
      const table = Object.values(stratum.counts).map((byVariant) =>
        variants.map((v) => byVariant[v.id] ?? 0),
      );
      checks.push({ attribute: stratum.attribute, test: test(independenceTest(table)) });
    }
    return checks;
  }

  function variantReport(v: AnalysisVariant, s: VariantState, survivalTimes: number[]): VariantReport {
    const checkpoint = checkpoints.get(v.id);
    const funnel: FunnelStage[] = [
      { stage: "dialled", label: "Dialled", count: s.attempted },
      { stage: "connected", label: "Connected", count: s.connected },
      ...(config.openingEnds?.[v.id] !== undefined
        ? [{ stage: "past-opening" as const, label: "Past the opening", count: s.pastOpening }]
        : []),
      ...(checkpoint !== undefined
        ? [{ stage: "checkpoint" as const, label: "Reached the checkpoint", count: s.reachedCheckpoint }]
        : []),
      { stage: "success", label: "Success", count: s.successes },
    ];
    const curve = kaplanMeier(s.hangUps);
    const rates = aaporRates(s.dispositions, config.eligibilityRate);
    return {
      id: v.id,
      label: v.label,
      weight: v.weight,
      isControl: v.isControl,
      attempted: s.attempted,
      connected: s.connected,
      pastOpening: s.pastOpening,
      reachedCheckpoint: checkpoint !== undefined ? s.reachedCheckpoint : null,
      earlyRejections: s.earlyRejections,
      successes: s.successes,
      talkSeconds: s.talkSeconds,
      connectRate: estimate(wilsonInterval(s.connected, s.attempted)),
      earlyRejectionRate: estimate(wilsonInterval(s.earlyRejections, s.connected)),
      successRate: estimate(wilsonInterval(Math.min(s.successes, s.connected), s.connected)),
      funnel,
      survival: {
        customerHangUps: s.customerHangUps,
        censored: s.censored,
        atTimes: survivalTimes.map((seconds) => {
          const at = survivalAt(curve, seconds);
          return { seconds, survival: at.survival, lower: finite(at.lower), upper: finite(at.upper) };
        }),
        curve: curve.map((p) => ({
          time: p.time,
          atRisk: p.atRisk,
          events: p.events,
          censored: p.censored,
          survival: p.survival,
          lower: finite(p.lower),
          upper: finite(p.upper),
        })),
      },
      aapor: {
        counts: { ...s.dispositions },
        eligibilityRate: config.eligibilityRate ?? null,
        rates: rates.map((r) => ({ ...r, value: finite(r.value) })),
      },
      costs: costsOf(config.costs, s),
      projection: projectionOf(s),
    };
  }

  function projectionOf(s: VariantState): Projection | null {
    const n = config.campaignSize;
    if (n === undefined || s.attempted === 0) return null;
    const scaled = (x: number): Estimate => {
      const w = wilsonInterval(Math.min(x, s.attempted), s.attempted);
      return {
        estimate: w.estimate * n,
        lower: w.lower * n,
        upper: w.upper * n,
        method: "pilot rate × campaign contacts (Wilson interval)",
      };
    };
    const successes = scaled(s.successes);
    const costs = costsOf(config.costs, s);
    const cost = costs?.perCall != null ? costs.perCall * n : null;
    const perSuccess = config.costs?.perSuccess;
    const value: Estimate =
      perSuccess === undefined
        ? emptyEstimate("no value per success given")
        : {
            estimate: mul(successes.estimate, perSuccess),
            lower: mul(successes.lower, perSuccess),
            upper: mul(successes.upper, perSuccess),
            method: "projected successes × value per success",
          };
    const net: Estimate =
      cost === null || perSuccess === undefined
        ? emptyEstimate("needs costs and a value per success")
        : {
            estimate: sub(value.estimate, cost),
            lower: sub(value.lower, cost),
            upper: sub(value.upper, cost),
            method: "projected value − projected cost",
          };
    return {
      contacts: n,
      connected: scaled(s.connected),
      successes,
      earlyRejections: scaled(s.earlyRejections),
      cost,
      value,
      net,
    };
  }

  return { add, report };
}

function costsOf(costs: Costs | undefined, s: VariantState): VariantReport["costs"] {
  if (!costs) return null;
  const total = s.attempted * (costs.perContact ?? 0) + (s.talkSeconds / 60) * (costs.perTalkMinute ?? 0);
  return {
    currency: costs.currency,
    total,
    perCall: s.attempted > 0 ? total / s.attempted : null,
    perConnectedCall: s.connected > 0 ? total / s.connected : null,
    perSuccess: s.successes > 0 ? total / s.successes : null,
    valueOfSuccesses: costs.perSuccess !== undefined ? s.successes * costs.perSuccess : null,
  };
}

/**
 * Extra cost per connected call of the challenger over the control, divided by the early rejections it
 * avoids per connected call. Null when it avoids none (or there are no costs or calls).
 */
function costPerAvoided(costs: Costs | undefined, s: VariantState, control: VariantState): number | null {
  if (!costs || s.connected === 0 || control.connected === 0) return null;
  const avoided = control.earlyRejections / control.connected - s.earlyRejections / s.connected;
  if (!(avoided > 0)) return null;
  const perConnected = (v: VariantState) =>
    (v.attempted * (costs.perContact ?? 0) + (v.talkSeconds / 60) * (costs.perTalkMinute ?? 0)) / v.connected;
  return (perConnected(s) - perConnected(control)) / avoided;
}

function finite(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) ? value : null;
}

function mul(a: number | null, b: number): number | null {
  return a === null ? null : a * b;
}

function sub(a: number | null, b: number): number | null {
  return a === null ? null : a - b;
}

function estimate(e: ProportionEstimate): Estimate {
  return { estimate: finite(e.estimate), lower: finite(e.lower), upper: finite(e.upper), method: e.method };
}

function emptyEstimate(method: string): Estimate {
  return { estimate: null, lower: null, upper: null, method };
}

function test(t: TestResult): Test {
  return {
    method: t.method,
    statistic: finite(t.statistic),
    df: t.df === undefined || !Number.isFinite(t.df) ? null : t.df,
    pValue: finite(t.pValue),
  };
}

/** The report for a finished list of calls (the CLI's `analyze`, tests). */
export function analyzePilot(config: PilotAnalysisConfig, summaries: Iterable<CallSummary>): PilotReport {
  const aggregator = createPilotAggregator(config);
  for (const summary of summaries) aggregator.add(summary);
  return aggregator.report();
}
