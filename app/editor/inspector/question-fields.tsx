import { setQuestionType } from "~/domain/edits";
import type { QuestionNode } from "~/domain/script-types";
import { newId } from "../new-id";
import { useEdit } from "../use-edit";
import {
  CheckboxField,
  DraftField,
  KEY_PATTERN,
  KEY_RULE,
  parsers,
  SelectField,
  TextField,
  type Parsed,
} from "./fields";
import { OptionsEditor } from "./options-editor";
import { useNodePatch } from "./use-node-patch";

type QuestionType = QuestionNode["questionType"];
type Scale = NonNullable<QuestionNode["scale"]>;

export const QUESTION_TYPES: readonly { value: QuestionType; label: string }[] = [
  { value: "yes-no", label: "Yes / no" },
  { value: "single", label: "Single choice" },
  { value: "multiple", label: "Multiple choice" },
  { value: "scale", label: "Rating scale" },
  { value: "semi-open", label: "Semi-open" },
];

const ORDERS = [
  { value: "fixed", label: "Fixed" },
  { value: "rotate", label: "Rotate" },
] as const;

export function hasListedOptions(type: QuestionType): boolean {
  return type === "single" || type === "multiple" || type === "semi-open";
}

/** The question-specific part of the inspector: type, answers or scale, where the answer is kept, read-out. */
export function QuestionFields({ node }: { node: QuestionNode }) {
  const edit = useEdit();
  const patch = useNodePatch(node.id);
  const listed = hasListedOptions(node.questionType);
  const readOut = node.readOut ?? { aloud: false, order: "fixed" as const };

  return (
    <>
      <SelectField
        label="Question type"
        value={node.questionType}
        options={QUESTION_TYPES}
        hint={
          node.questionType === "semi-open"
            ? "Listed answers plus “other” in the customer's own words."
            : undefined
        }
        onChange={(questionType) =>
          edit(setQuestionType, { id: node.id, questionType, newId: () => newId("o") })
        }
      />
      {listed ? <OptionsEditor node={node} /> : null}
      {node.questionType === "scale" ? <ScaleFields node={node} /> : null}
      <DraftField
        label="Save answer as"
        value={node.answerField}
        format={(v) => v ?? ""}
        parse={parseAnswerField}
        onCommit={(answerField) => patch({ answerField }, "answerField")}
        hint="Optional. The name the answer is stored under, e.g. leadClass."
        maxLength={64}
      />
      <CheckboxField
        label="Offer “don't know”"
        checked={node.allowDontKnow === true}
        onChange={(on) => patch({ allowDontKnow: on || undefined })}
      />
      <CheckboxField
        label="Offer “refused”"
        checked={node.allowRefused === true}
        onChange={(on) => patch({ allowRefused: on || undefined })}
      />
      {node.questionType !== "yes-no" ? (
        <CheckboxField
          label="Read options aloud"
          checked={readOut.aloud}
          onChange={(aloud) => patch({ readOut: { ...readOut, aloud } })}
        />
      ) : null}
      {listed ? (
        <SelectField
          label="Option order"
          value={readOut.order}
          options={ORDERS}
          hint="Rotate changes the order from call to call, so the first answer is not favoured."
          onChange={(order) => patch({ readOut: { ...readOut, order } })}
        />
      ) : null}
    </>
  );
}

function parseAnswerField(text: string): Parsed<string | undefined> {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, value: undefined };
  return KEY_PATTERN.test(trimmed) ? { ok: true, value: trimmed } : { ok: false, message: KEY_RULE };
}

function ScaleFields({ node }: { node: QuestionNode }) {
  const patch = useNodePatch(node.id);
  const scale = node.scale ?? { min: 1, max: 5 };
  const min = parsers.number(-10, 10, { integer: true });
  const max = parsers.number(-10, 100, { integer: true });
  return (
    <fieldset className="sp-scale">
      <legend>Rating scale</legend>
      <div className="sp-pair">
        <DraftField
          label="Lowest value"
          type="number"
          min={-10}
          max={10}
          value={scale.min}
          format={String}
          parse={(text) => {
            const parsed = min(text);
            return parsed.ok && parsed.value >= scale.max
              ? { ok: false, message: `Must be below the highest value (${scale.max}).` }
              : parsed;
          }}
          onCommit={(value) => patch({ scale: { ...scale, min: value } }, "scale-min")}
        />
        <DraftField
          label="Highest value"
          type="number"
          min={-10}
          max={100}
          value={scale.max}
          format={String}
          parse={(text) => {
            const parsed = max(text);
            return parsed.ok && parsed.value <= scale.min
              ? { ok: false, message: `Must be above the lowest value (${scale.min}).` }
              : parsed;
          }}
          onCommit={(value) => patch({ scale: { ...scale, max: value } }, "scale-max")}
        />
      </div>
      <div className="sp-pair">
        <TextField
          label="Lowest value label"
          value={scale.minLabel ?? ""}
          maxLength={100}
          placeholder="e.g. Not at all likely"
          onChange={(v) => patch({ scale: withText(scale, "minLabel", v) }, "scale-min-label")}
        />
        <TextField
          label="Highest value label"
          value={scale.maxLabel ?? ""}
          maxLength={100}
          placeholder="e.g. Extremely likely"
          onChange={(v) => patch({ scale: withText(scale, "maxLabel", v) }, "scale-max-label")}
        />
      </div>
    </fieldset>
  );
}

/** The scale with an optional label set, or left out when emptied (rather than stored as ""). */
function withText(scale: Scale, key: "minLabel" | "maxLabel", text: string): Scale {
  const { [key]: _dropped, ...rest } = scale;
  return text ? { ...rest, [key]: text } : rest;
}
