import { useDeferredValue, useMemo } from "react";
import { checkScript, type Finding } from "~/domain/graph-checks";
import { openerChecks } from "~/domain/opener-checks";
import type { Script } from "~/domain/script-types";
import { timingSummary } from "~/domain/speaking-time";
import type { ProblemLevel } from "./to-flow";

/** A graph-check finding, a timing warning or an opener warning: what the problems panel lists. */
export type LiveFinding = Pick<Finding, "severity" | "message" | "nodeId"> & { code: string };

export interface LiveChecks {
  findings: LiveFinding[];
  problemsByNode: ReadonlyMap<string, ProblemLevel>;
  timing: ReturnType<typeof timingSummary>;
  errors: number;
  warnings: number;
}

/**
 * Graph checks, speaking time and opener checks for the document being edited. They run on a deferred
 * copy of the document so that typing never waits for them.
 */
export function useLiveChecks(doc: Script): LiveChecks {
  const deferred = useDeferredValue(doc);
  return useMemo(() => computeChecks(deferred), [deferred]);
}

export function computeChecks(doc: Script): LiveChecks {
  const timing = timingSummary(doc);
  const findings: LiveFinding[] = [...checkScript(doc), ...timing.warnings, ...openerChecks(doc)];
  const problemsByNode = new Map<string, ProblemLevel>();
  let errors = 0;
  for (const f of findings) {
    if (f.severity === "error") errors++;
    if (!f.nodeId) continue;
    if (f.severity === "error" || !problemsByNode.has(f.nodeId)) problemsByNode.set(f.nodeId, f.severity);
  }
  return { findings, problemsByNode, timing, errors, warnings: findings.length - errors };
}
