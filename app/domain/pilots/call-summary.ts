import type { CallRecord } from "../calls/call-types";
import { DomainError } from "../domain-error";
import type { AaporDisposition } from "../script-types";

/**
 * What pilot statistics read about one call (ADR 0004). Made from a call record (run mode, the API) or from
 * one row of a dialer's CSV export, so analysis never depends on where calls came from. Holds no personal
 * data: the contact is an opaque reference and referral details are left out.
 */
export interface CallSummary {
  callId: string;
  variantId: string;
  contactRef?: string;
  agent?: string;
  startedAt: string;
  connected: boolean;
  talkSeconds: number;
  endedBy: "script" | "customer" | "agent";
  aaporCode: AaporDisposition;
  success: boolean;
  endNodeId: string;
  /** The nodes the call went through, in order, each once; steps undone by "back" are left out. */
  reachedNodeIds: string[];
  objections: { objectionId: string; nodeId: string }[];
}

/**
 * The summary of an ended pilot call. Throws DomainError("invalid") for a call that has not ended or was
 * not part of a pilot variant, since neither can be counted in a variant's results.
 */
export function summarizeCall(record: CallRecord): CallSummary {
  const { endedBy, aaporCode, success, endNodeId, talkSeconds, variantId } = record;
  if (
    record.status !== "ended" ||
    endedBy === undefined ||
    aaporCode === undefined ||
    success === undefined ||
    endNodeId === undefined ||
    talkSeconds === undefined
  ) {
    throw new DomainError("invalid", `Call ${record.callId} has not ended, so it cannot be analysed yet.`);
  }
  if (variantId === undefined) {
    throw new DomainError("invalid", `Call ${record.callId} was not made for a pilot variant.`);
  }
  const reached = new Set<string>();
  for (const step of record.steps) if (!step.undone) reached.add(step.nodeId);
  return {
    callId: record.callId,
    variantId,
    ...(record.contactRef !== undefined && { contactRef: record.contactRef }),
    agent: record.agent,
    startedAt: record.startedAt,
    connected: record.connected,
    talkSeconds,
    endedBy,
    aaporCode,
    success,
    endNodeId,
    reachedNodeIds: [...reached],
    objections: record.objections.map(({ objectionId, nodeId }) => ({ objectionId, nodeId })),
  };
}
