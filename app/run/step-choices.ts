import { outputLabel } from "~/domain/node-outputs";
import { answerOutput, outputTarget, type AnswerInput } from "~/domain/run/run-machine";
import type { Outcome, QuestionNode, Script } from "~/domain/script-types";

/** One numbered answer button: the number key that takes it, and what it records. */
export interface AnswerChoice {
  key: string;
  label: string;
  answer: AnswerInput | "other" | { toggle: string };
  /** The answer is not connected to a next step: shown, but taking it would stop the call. */
  leadsNowhere: boolean;
}

/**
 * The answers of a question in the order they are offered, each with its number key (1–9; later ones
 * have none). Yes/no questions offer Yes and No; choice questions their options; a semi-open question
 * also "Other…" (which opens the field for the customer's words); a scale its values; then "Don't know"
 * and "Refused" when allowed. On a scale from 0 or more the key is the value itself.
 */
export function answerChoices(script: Script, node: QuestionNode): AnswerChoice[] {
  const items: Omit<AnswerChoice, "key" | "leadsNowhere">[] = [];
  switch (node.questionType) {
    case "yes-no":
      items.push({ label: "Yes", answer: { kind: "yes" } }, { label: "No", answer: { kind: "no" } });
      break;
    case "single":
    case "semi-open":
      node.options.forEach((o, k) =>
        items.push({ label: o.label || `Option ${k + 1}`, answer: { kind: "option", optionId: o.id } }),
      );
      if (node.questionType === "semi-open") items.push({ label: "Other…", answer: "other" });
      break;
    case "multiple":
      node.options.forEach((o, k) => items.push({ label: o.label || `Option ${k + 1}`, answer: { toggle: o.id } }));
      break;
    case "scale": {
      const { min, max } = node.scale ?? { min: 1, max: 5 };
      for (let v = min; v <= max; v++) {
        const end = v === min ? node.scale?.minLabel : v === max ? node.scale?.maxLabel : undefined;
        items.push({ label: end ? `${v} (${end})` : String(v), answer: { kind: "scale", value: v } });
      }
      break;
    }
  }
  if (node.allowDontKnow) items.push({ label: outputLabel(node, "dont-know"), answer: { kind: "dont-know" } });
  if (node.allowRefused) items.push({ label: outputLabel(node, "refused"), answer: { kind: "refused" } });

  const scale = node.scale ?? { min: 1, max: 5 };
  // On a scale from 0 or more the agent presses the value the customer says; values above 9 have no key.
  const valueKeys = node.questionType === "scale" && scale.min >= 0;
  let nextFree = valueKeys ? scale.max + 1 : 1;
  return items.map((item, index) => {
    const answer = item.answer;
    let key: string;
    if (valueKeys && typeof answer === "object" && "kind" in answer && answer.kind === "scale") {
      key = answer.value <= 9 ? String(answer.value) : "";
    } else if (valueKeys) {
      key = nextFree <= 9 ? String(nextFree++) : "";
    } else {
      key = index < 9 ? String(index + 1) : "";
    }
    return { ...item, key, leadsNowhere: !connected(script, node, answer) };
  });
}

function connected(script: Script, node: QuestionNode, answer: AnswerChoice["answer"]): boolean {
  const output =
    answer === "other" ? "other" : "toggle" in answer ? "next" : answerOutput(node, answer);
  return outputTarget(script, node.id, output) !== undefined;
}

/** Outcome buttons are numbered too. */
export function numberedOutcomes(outcomes: Outcome[]): { key: string; outcome: Outcome }[] {
  return outcomes.map((outcome, i) => ({ key: i < 9 ? String(i + 1) : "", outcome }));
}
