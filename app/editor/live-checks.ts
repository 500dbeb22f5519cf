import { checkScript, type Finding } from "~/domain/graph-checks";
import { openerChecks } from "~/domain/opener-checks";
import type { Script, ScriptNode } from "~/domain/script-types";
import { nodeTiming, timingSummary, type NodeTiming, type TimingSummary } from "~/domain/speaking-time";
import type { ProblemLevel } from "./to-flow";

/** A graph-check finding, a timing warning or an opener warning: what the problems panel lists. */
export type LiveFinding = Pick<Finding, "severity" | "message" | "nodeId"> & { code: string };

export interface LiveChecks {
  findings: readonly LiveFinding[];
  problemsByNode: ReadonlyMap<string, ProblemLevel>;
  timing: TimingSummary;
  /** The document these checks describe (the path explorer lists its paths). */
  doc: Script;
  errors: number;
  warnings: number;
}

/**
 * Graph checks, speaking time and opener checks for a document. Most edits (typing in one step) leave the
 * findings and the markers as they were: those then keep the identity they had in `previous`, so the
 * canvas and the problems panel, which compare by identity, have nothing to re-render; and the speaking
 * time of `previous` is reused when the edit cannot have changed it (timingStillValid).
 */
export function computeChecks(doc: Script, previous?: LiveChecks | null): LiveChecks {
  const timing = previous && timingStillValid(previous, doc) ? previous.timing : timingSummary(doc);
  let findings: readonly LiveFinding[] = [...checkScript(doc), ...timing.warnings, ...openerChecks(doc)];
  const problems = problemMarkersOf(findings);
  const errors = findings.filter((f) => f.severity === "error").length;
  if (previous && sameFindings(previous.findings, findings)) findings = previous.findings;
  const problemsByNode =
    previous && sameMap(previous.problemsByNode, problems) ? previous.problemsByNode : problems;
  return { findings, problemsByNode, timing, doc, errors, warnings: findings.length - errors };
}

/** Each step's worst finding: the marker the canvas shows on it. */
export function problemMarkersOf(findings: readonly Pick<Finding, "severity" | "nodeId">[]): Map<string, ProblemLevel> {
  const problems = new Map<string, ProblemLevel>();
  for (const f of findings) {
    if (!f.nodeId) continue;
    if (f.severity === "error" || !problems.has(f.nodeId)) problems.set(f.nodeId, f.severity);
  }
  return problems;
}

function sameFindings(a: readonly LiveFinding[], b: readonly LiveFinding[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (f, i) =>
        f.code === b[i].code &&
        f.severity === b[i].severity &&
        f.nodeId === b[i].nodeId &&
        f.message === b[i].message,
    )
  );
}

function sameMap<K, V>(a: ReadonlyMap<K, V>, b: ReadonlyMap<K, V>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (b.get(key) !== value) return false;
  return true;
}

/** Node fields that change what a step says or where it sits, but not the graph's shape. */
const WORDING_FIELDS: ReadonlySet<string> = new Set(["text", "title", "note", "position"]);

/**
 * Whether the speaking-time summary of `previous.doc` is also that of `doc`, which is most keystrokes:
 * typing inside a word changes no step's word or character count. The summary depends on the graph, the
 * settings, the merge-field samples and each step's timing; besides, a timing warning names its step. So
 * it holds when the steps that changed kept their kind and their timing, changed nothing but their wording
 * or position, and are not named by a warning. (timingSummary over 1,000 steps costs tens of
 * milliseconds in a browser, most of a keystroke's budget.)
 */
export function timingStillValid(previous: LiveChecks, doc: Script): boolean {
  const old = previous.doc;
  if (old === doc) return true;
  if (
    old.edges !== doc.edges ||
    old.settings !== doc.settings ||
    old.variables !== doc.variables ||
    old.kind !== doc.kind ||
    old.nodes.length !== doc.nodes.length
  )
    return false;
  const named = new Set(previous.timing.warnings.map((w) => w.nodeId));
  for (let i = 0; i < doc.nodes.length; i++) {
    const before = old.nodes[i];
    const after = doc.nodes[i];
    if (before === after) continue;
    if (before.id !== after.id || before.kind !== after.kind || named.has(after.id)) return false;
    if (!onlyWordingChanged(before, after)) return false;
    if (!sameTiming(nodeTiming(before, old), nodeTiming(after, doc))) return false;
  }
  return true;
}

function onlyWordingChanged(before: ScriptNode, after: ScriptNode): boolean {
  const a = new Map<string, unknown>(Object.entries(before));
  const b = new Map<string, unknown>(Object.entries(after));
  for (const key of new Set([...a.keys(), ...b.keys()]))
    if (!WORDING_FIELDS.has(key) && a.get(key) !== b.get(key)) return false;
  return true;
}

function sameTiming(a: NodeTiming, b: NodeTiming): boolean {
  return (
    a.words === b.words &&
    a.characters === b.characters &&
    a.speakingSeconds === b.speakingSeconds &&
    a.answerSeconds === b.answerSeconds &&
    a.seconds === b.seconds
  );
}
