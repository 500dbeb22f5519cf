// Reports for the dashboard's tests, computed by the real statistics over simulated calls.
import { simulatePilot, type VariantBehaviour } from "~/domain/pilots/simulator";
import { analyzePilot, type PilotReport } from "~/domain/pilots/report/pilot-aggregator";
import {
  openingEndsOf,
  pilotAnalysisConfig,
  type PilotAnalysisConfig,
} from "~/domain/pilots/report/pilot-analysis-config";
import { twoVariantPilot, variantScripts } from "~/domain/pilots/testing/pilot-fixtures";
import type { CallSummary } from "~/domain/pilots/call-summary";

export function simulatedPilot(
  contacts: number,
  behaviour: Record<string, VariantBehaviour> = {},
  seed = 7,
): { config: PilotAnalysisConfig; summaries: CallSummary[]; report: PilotReport } {
  const pilot = twoVariantPilot();
  const config: PilotAnalysisConfig = {
    ...pilotAnalysisConfig(pilot, { campaignSize: 10_000, openingEnds: openingEndsOf(variantScripts()) }),
    costs: { currency: "EUR", perContact: 0.2, perTalkMinute: 0.5, perSuccess: 40 },
  };
  const { summaries } = simulatePilot({
    pilot,
    scripts: variantScripts(),
    contacts,
    seed,
    startAt: "2026-11-26T09:00:00Z",
    agents: ["agent-1", "agent-2"],
    behaviour,
  });
  return { config, summaries, report: analyzePilot(config, summaries) };
}

/** B keeps people far better through its short opening. */
export const B_MUCH_BETTER: Record<string, VariantBehaviour> = {
  A: { openingHazardPerSecond: 0.03 },
  B: { openingHazardPerSecond: 0.003 },
};
