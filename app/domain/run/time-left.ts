import { nodeOutputs } from "../node-outputs";
import type { Script, ScriptNode } from "../script-types";
import { nodeSpeakingSeconds } from "../speaking-time";
import { evaluateCondition } from "./evaluate-condition";
import { answersInEffect, currentNodeId, outputTarget, type RunState } from "./run-machine";

export interface TimeLeft {
  seconds: number;
  /** The node ids of the likely path from the current step, in order. */
  nodeIds: string[];
  /** False when the likely path stops at a step that leads nowhere (or loops). */
  reachesEnd: boolean;
}

/**
 * Speaking time left on the likely path: from the current step (counted whole) along the first connected
 * answer of each question, through conditions as they would evaluate now, to an end. The first answer is
 * the likely one because writers list the expected answer first; pilots will have real frequencies.
 */
export function estimateTimeLeft(script: Script, state: RunState): TimeLeft {
  if (state.phase === "ended") return { seconds: 0, nodeIds: [], reachesEnd: true };
  const byId = new Map(script.nodes.map((n) => [n.id, n]));
  const answers = answersInEffect(state);
  const nodeIds: string[] = [];
  const seen = new Set<string>();
  let seconds = 0;
  let node = byId.get(currentNodeId(state));
  while (node && !seen.has(node.id)) {
    seen.add(node.id);
    nodeIds.push(node.id);
    seconds += nodeSpeakingSeconds(node, script);
    if (node.kind === "end") return { seconds, nodeIds, reachesEnd: true };
    const next = likelyNext(script, node, state, answers);
    node = next ? byId.get(next) : undefined;
  }
  return { seconds, nodeIds, reachesEnd: false };
}

function likelyNext(
  script: Script,
  node: ScriptNode,
  state: RunState,
  answers: ReturnType<typeof answersInEffect>,
): string | undefined {
  if (node.kind === "condition") {
    const output = evaluateCondition(node, {
      variables: script.variables,
      mergeValues: state.mergeValues,
      answers,
    });
    return outputTarget(script, node.id, output);
  }
  for (const output of nodeOutputs(node)) {
    const target = outputTarget(script, node.id, output);
    if (target !== undefined) return target;
  }
  return undefined;
}
