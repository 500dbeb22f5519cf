import { useMemo, useRef } from "react";
import { NODE_KIND_LABELS, nodeDisplayName } from "~/domain/node-summary";
import type { NodeKind, ScriptNode } from "~/domain/script-types";
import { useEditor } from "../editor-store";

export interface StepChoice {
  id: string;
  /** What the writer sees in a list: the step's name and kind, "Greeting (Say)". */
  name: string;
}

interface ChoiceFilter {
  /** Only steps of this kind (the questions a rule can read). */
  only?: NodeKind;
  /** Leave this step out (a step does not lead to itself). */
  exclude?: string;
}

/**
 * The steps a list can offer, in document order: by default every step a connection can lead to (all but
 * the start). The array keeps its identity while no offered name changes, so typing in one step does not
 * re-render every list of a 1,000-step script.
 */
export function useStepChoices({ only, exclude }: ChoiceFilter = {}): readonly StepChoice[] {
  const nodes = useEditor((s) => s.doc.nodes);
  const previous = useRef<readonly StepChoice[]>([]);
  return useMemo(() => {
    const next = nodes
      .filter((n) => (only ? n.kind === only : n.kind !== "start") && n.id !== exclude)
      .map(stepChoice);
    const prev = previous.current;
    if (prev.length === next.length && prev.every((c, i) => c === next[i] || (c.id === next[i].id && c.name === next[i].name))) {
      return prev;
    }
    previous.current = next;
    return next;
  }, [nodes, only, exclude]);
}

// Script nodes are immutable (immer): a node object's name never changes, so each is worked out once, not
// for all 1,000 steps on every keystroke.
const choiceOfNode = new WeakMap<ScriptNode, StepChoice>();

export function stepChoice(node: ScriptNode): StepChoice {
  let choice = choiceOfNode.get(node);
  if (!choice) {
    choice = { id: node.id, name: `${nodeDisplayName(node)} (${NODE_KIND_LABELS[node.kind]})` };
    choiceOfNode.set(node, choice);
  }
  return choice;
}

/** The choices plus the current value when it is not among them (a step since deleted, a loop to itself). */
export function withCurrent(choices: readonly StepChoice[], current: string, nodes: readonly ScriptNode[]) {
  if (!current || choices.some((c) => c.id === current)) return choices;
  const node = nodes.find((n) => n.id === current);
  return [...choices, node ? stepChoice(node) : { id: current, name: `Missing step “${current}”` }];
}
