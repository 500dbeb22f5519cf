import type { PilotReport } from "~/domain/pilots/report/pilot-aggregator";
import { pct, points, pointsInterval, variantName, whole } from "./format";

type Comparison = PilotReport["comparisons"][number];
type VariantReport = PilotReport["variants"][number];

/**
 * The peeking-safe decision for one challenger, said plainly in one sentence. It reads the always-valid
 * result only (never the fixed-horizon p-value), so it may be read at any time while the pilot runs.
 */
export function decisionSentence(
  comparison: Comparison,
  challenger: VariantReport,
  control: VariantReport,
  settings: PilotReport["settings"],
): string {
  const name = variantName(challenger);
  const controlName = variantName(control);
  const s = comparison.sequential;
  const rates = `${pct(challenger.earlyRejectionRate.estimate)} early rejections against ${pct(control.earlyRejectionRate.estimate)} for ${controlName}`;
  const interval = `always-valid interval ${pointsInterval(s.lower, s.upper)}`;
  switch (s.decision) {
    case "better":
      return `${name} loses fewer people early: ${rates} (${interval}).`;
    case "worse":
      return `${name} is worse: it loses more people early, ${rates} (${interval}).`;
    case "no-practical-difference":
      return `No practical difference between ${name} and ${controlName}: any difference is smaller than ${points(settings.smallestChangeWorthDetecting).replace("+", "")} (${interval}).`;
    case "planned-size-reached":
      return `Planned size reached: ${name} shows no decisive difference from ${controlName} (${rates}).`;
    case "waiting-for-minimum":
      return `Too early to compare ${name}: waiting for at least ${whole(settings.minimumCallsPerVariant)} connected calls per variant${s.callsStillNeeded !== null ? ` (${whole(s.callsStillNeeded)} more)` : ""}.`;
    case "not-yet-decisive":
      return s.callsStillNeeded !== null
        ? `Not yet decisive for ${name}: about ${whole(s.callsStillNeeded)} more connected calls per variant needed.`
        : `Not yet decisive for ${name}: at the current rates no decision is in sight before the planned size.`;
  }
}
