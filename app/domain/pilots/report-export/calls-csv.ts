import type { CallSummary } from "../call-summary";
import { callClassifier } from "../report/pilot-aggregator";
import type { PilotAnalysisConfig } from "../report/pilot-analysis-config";
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

/**
 * The pilot's calls, one row each, without personal data: no names, phones or contact references (a
 * dialer's contact id may be a phone number). Calls of variants the pilot does not have are left out, as
 * the report leaves them out.
 */
export function callsCsv(summaries: Iterable<CallSummary>, config: PilotAnalysisConfig): string {
  const variants = new Set(config.variants.map((v) => v.id));
  const classify = callClassifier(config);
  const rows: (string | number | boolean | undefined)[][] = [[...CALL_CSV_COLUMNS]];
  for (const s of summaries) {
    if (!variants.has(s.variantId)) continue;
    const c = classify(s);
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
