import { dispositionClass } from "../../stats/aapor-rates";
import type { CallSummary } from "../call-summary";
import { DEFAULT_EARLY_REJECTION, type PilotAnalysisConfig } from "../report/pilot-analysis-config";
import { csvDocument } from "./csv-cell";

export const CALL_CSV_COLUMNS = [
  "call_id",
  "variant",
  "agent_id",
  "started_at",
  "connected",
  "talk_seconds",
  "aapor_code",
  "ended_by",
  "end_node",
  "early_rejection",
  "reached_checkpoint",
] as const;

export interface CallClassification {
  success: boolean;
  earlyRejection: boolean;
  /** Undefined when the call's variant has no checkpoint. */
  reachedCheckpoint?: boolean;
}

/**
 * How the report counts one call: success, early rejection and checkpoint, by the same rules as the
 * pilot aggregator (a connected call the customer refused or broke off, without success, within the
 * definition's seconds and/or before the checkpoint).
 */
export function classifyCall(summary: CallSummary, config: PilotAnalysisConfig): CallClassification {
  const er = config.earlyRejection ?? DEFAULT_EARLY_REJECTION;
  const checkpoint = er.checkpoints?.find((c) => c.variantId === summary.variantId)?.nodeId;
  const reachedCheckpoint =
    checkpoint === undefined ? undefined : summary.reachedNodeIds.includes(checkpoint);
  const successNodes = config.successOutcomes ?? [];
  const success = successNodes.length > 0 ? successNodes.includes(summary.endNodeId) : summary.success;
  const rejected =
    summary.connected &&
    !success &&
    (dispositionClass(summary.aaporCode) === "R" || summary.endedBy === "customer");
  const criteria: boolean[] = [];
  if (er.withinSeconds !== undefined) criteria.push(summary.talkSeconds <= er.withinSeconds);
  if (checkpoint !== undefined) criteria.push(!reachedCheckpoint);
  const early = criteria.length > 0 && (er.mode === "and" ? criteria.every(Boolean) : criteria.some(Boolean));
  return {
    success,
    earlyRejection: rejected && early,
    ...(reachedCheckpoint !== undefined && { reachedCheckpoint }),
  };
}

/**
 * The pilot's calls, one row each, without personal data: no names, phones or contact references (a
 * dialer's contact id may be a phone number). Calls of variants the pilot does not have are left out, as
 * the report leaves them out.
 */
export function callsCsv(summaries: Iterable<CallSummary>, config: PilotAnalysisConfig): string {
  const variants = new Set(config.variants.map((v) => v.id));
  const rows: (string | number | boolean | undefined)[][] = [[...CALL_CSV_COLUMNS]];
  for (const s of summaries) {
    if (!variants.has(s.variantId)) continue;
    const c = classifyCall(s, config);
    rows.push([
      s.callId,
      s.variantId,
      s.agent,
      s.startedAt,
      s.connected,
      s.talkSeconds,
      s.aaporCode,
      s.endedBy,
      s.endNodeId,
      c.earlyRejection,
      c.reachedCheckpoint,
    ]);
  }
  return csvDocument(rows);
}
