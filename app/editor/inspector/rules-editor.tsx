import { useId } from "react";
import { addRule, moveRule, removeRule, updateRule } from "~/domain/edits";
import type { ConditionNode, ConditionRule, QuestionNode, ScriptNode, Variable } from "~/domain/script-types";
import { useEditor } from "../editor-store";
import { newId } from "../new-id";
import { useEdit } from "../use-edit";
import { DraftField, Field, SelectField, TextField, type Parsed } from "./fields";
import { focusAfterMove, RowButtons, useFocusAfterRender } from "./list-controls";
import { useStepChoices, type StepChoice } from "./step-choices";

type Operator = ConditionRule["operator"];
type RuleValue = ConditionRule["value"];
type RulePatch = Partial<Omit<ConditionRule, "id">>;

const SOURCES = [
  { value: "variable", label: "Merge field" },
  { value: "answer", label: "Earlier answer" },
] as const;

export const OPERATORS: readonly { value: Operator; label: string }[] = [
  { value: "equals", label: "equals" },
  { value: "not-equals", label: "not equals" },
  { value: "in", label: "one of" },
  { value: "not-in", label: "not one of" },
  { value: "contains", label: "contains" },
  { value: "greater-than", label: "greater than" },
  { value: "less-than", label: "less than" },
  { value: "is-empty", label: "is empty" },
  { value: "is-not-empty", label: "is not empty" },
];

const LIST_OPERATORS: readonly Operator[] = ["in", "not-in"];
const NO_VALUE_OPERATORS: readonly Operator[] = ["is-empty", "is-not-empty"];

/** A condition's rules, tried in order: the first that holds picks the branch, else "Else". */
export function RulesEditor({ node }: { node: ConditionNode }) {
  const edit = useEdit();
  const base = useId();
  const focusLater = useFocusAfterRender();
  const rowId = (ruleId: string) => `${base}-${ruleId}`;
  const count = node.rules.length;

  const add = () => {
    const id = newId("r");
    edit(addRule, { nodeId: node.id, id });
    focusLater(`${rowId(id)}-source`);
  };
  const remove = (index: number) => {
    edit(removeRule, { nodeId: node.id, ruleId: node.rules[index].id });
    const neighbour = node.rules[index + 1] ?? node.rules[index - 1];
    focusLater(neighbour ? `${rowId(neighbour.id)}-source` : `${base}-add`);
  };
  const move = (index: number, toIndex: number) => {
    const ruleId = node.rules[index].id;
    edit(moveRule, { nodeId: node.id, ruleId, toIndex });
    focusLater(focusAfterMove(rowId(ruleId), toIndex, count, toIndex < index));
  };

  return (
    <fieldset className="sp-list-editor">
      <legend>Rules</legend>
      <p className="hint">Tried in order: the first rule that holds picks the branch; otherwise “Else”.</p>
      <ol className="sp-rows">
        {node.rules.map((rule, index) => (
          <li key={rule.id} className="sp-row">
            <RuleFields nodeId={node.id} rule={rule} n={index + 1} idBase={rowId(rule.id)} />
            <RowButtons
              noun="rule"
              index={index}
              count={count}
              idBase={rowId(rule.id)}
              onMove={(to) => move(index, to)}
              onRemove={() => remove(index)}
            />
          </li>
        ))}
      </ol>
      <button type="button" id={`${base}-add`} onClick={add} disabled={count >= 50}>
        Add rule
      </button>
    </fieldset>
  );
}

interface RuleFieldsProps {
  nodeId: string;
  rule: ConditionRule;
  n: number;
  idBase: string;
}

function RuleFields({ nodeId, rule, n, idBase }: RuleFieldsProps) {
  const edit = useEdit();
  const variables = useEditor((s) => s.doc.variables);
  const questions = useStepChoices({ only: "question" });
  const question = useEditor((s) =>
    rule.source === "answer"
      ? s.doc.nodes.find((x): x is QuestionNode => x.id === rule.key && isQuestion(x))
      : undefined,
  );
  const variable = rule.source === "variable" ? variables.find((v) => v.key === rule.key) : undefined;
  const update = (patch: RulePatch, field?: string) =>
    edit(
      updateRule,
      { nodeId, ruleId: rule.id, patch },
      field ? { coalesce: `rule-${field}:${nodeId}:${rule.id}` } : undefined,
    );

  const fieldChoices =
    rule.source === "variable"
      ? variables.map((v) => ({ value: v.key, label: `${v.label} ({{${v.key}}})` }))
      : questions.map((q) => ({ value: q.id, label: q.name }));
  const keyChoices = fieldChoices.some((c) => c.value === rule.key)
    ? fieldChoices
    : [{ value: rule.key, label: `${rule.key} (not found)` }, ...fieldChoices];

  return (
    <div className="sp-row-fields sp-rule">
      <span className="sp-row-title" aria-hidden="true">
        Rule {n}
      </span>
      <SelectField
        id={`${idBase}-source`}
        label="Source"
        name={`Rule ${n} source`}
        value={rule.source}
        options={SOURCES}
        onChange={(source) =>
          update({ source, key: firstKey(source, variables, questions) ?? rule.key, value: undefined })
        }
      />
      <SelectField
        label="Field"
        name={`Rule ${n} field`}
        value={rule.key}
        options={keyChoices}
        onChange={(key) => update({ key, value: undefined })}
      />
      <SelectField
        label="Operator"
        name={`Rule ${n} operator`}
        value={rule.operator}
        options={OPERATORS}
        onChange={(operator) => update({ operator, value: convertValue(rule.value, operator) })}
      />
      {NO_VALUE_OPERATORS.includes(rule.operator) ? null : (
        <RuleValueField
          rule={rule}
          n={n}
          question={question}
          variable={variable}
          onChange={(value) => update({ value }, "value")}
        />
      )}
      <TextField
        label="Label"
        name={`Rule ${n} label`}
        value={rule.label ?? ""}
        maxLength={100}
        placeholder="e.g. VIP customer"
        hint="Names the branch on the canvas."
        onChange={(label) => update({ label: label || undefined }, "label")}
      />
    </div>
  );
}

interface RuleValueFieldProps {
  rule: ConditionRule;
  n: number;
  question: QuestionNode | undefined;
  variable: Variable | undefined;
  onChange: (value: RuleValue) => void;
}

/** What the rule compares with: a list of answers for a choice question, yes/no, a number or text. */
function RuleValueField({ rule, n, question, variable, onChange }: RuleValueFieldProps) {
  const name = `Rule ${n} value`;
  const isList = LIST_OPERATORS.includes(rule.operator);
  const answers = question ? answerChoices(question) : null;

  if (answers && rule.operator !== "greater-than" && rule.operator !== "less-than") {
    if (isList) {
      const chosen = Array.isArray(rule.value) ? rule.value : [];
      return (
        <fieldset className="sp-choices" aria-label={name}>
          <legend>Value</legend>
          {answers.map((a) => (
            <AnswerCheckbox
              key={a.value}
              label={a.label}
              checked={chosen.includes(a.value)}
              onChange={(on) => onChange(on ? [...chosen, a.value] : chosen.filter((v) => v !== a.value))}
            />
          ))}
        </fieldset>
      );
    }
    const current = typeof rule.value === "string" ? rule.value : "";
    return (
      <Field label="Value" name={name}>
        {(control) => (
          <select {...control} value={current} onChange={(e) => onChange(e.target.value || undefined)}>
            <option value="">(choose an answer)</option>
            {answers.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
            {current && !answers.some((a) => a.value === current) ? (
              <option value={current}>{`${current} (not an answer)`}</option>
            ) : null}
          </select>
        )}
      </Field>
    );
  }

  if (variable?.type === "boolean" && !isList) {
    const current = rule.value === true ? "true" : rule.value === false ? "false" : "";
    return (
      <Field label="Value" name={name}>
        {(control) => (
          <select
            {...control}
            value={current}
            onChange={(e) => onChange(e.target.value === "" ? undefined : e.target.value === "true")}
          >
            <option value="">(choose)</option>
            <option value="true">Yes</option>
            <option value="false">No</option>
          </select>
        )}
      </Field>
    );
  }

  const numeric =
    rule.operator === "greater-than" ||
    rule.operator === "less-than" ||
    variable?.type === "number" ||
    question?.questionType === "scale";
  return (
    <DraftField
      label="Value"
      name={name}
      value={rule.value}
      format={formatValue}
      parse={(text) => parseValue(text, isList, numeric)}
      onCommit={onChange}
      maxLength={isList ? undefined : 500}
      hint={isList ? "Separate the values with commas." : undefined}
    />
  );
}

function AnswerCheckbox({
  label,
  checked,
  onChange,
}: {
  label: string;
  checked: boolean;
  onChange: (on: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="sp-check">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

function isQuestion(node: ScriptNode): node is QuestionNode {
  return node.kind === "question";
}

/** The answers a question records, as rule values: option ids, yes/no, don't know, refused. */
function answerChoices(question: QuestionNode): { value: string; label: string }[] | null {
  if (question.questionType === "scale") return null;
  const choices =
    question.questionType === "yes-no"
      ? [
          { value: "yes", label: "Yes" },
          { value: "no", label: "No" },
        ]
      : question.options.map((o, k) => ({ value: o.id, label: o.label || `Option ${k + 1}` }));
  if (question.allowDontKnow) choices.push({ value: "dont-know", label: "Don't know" });
  if (question.allowRefused) choices.push({ value: "refused", label: "Refused" });
  return choices;
}

function firstKey(
  source: ConditionRule["source"],
  variables: readonly Variable[],
  questions: readonly StepChoice[],
): string | undefined {
  return source === "variable" ? variables[0]?.key : questions[0]?.id;
}

/** Keeps what can be kept of the value when the operator changes: lists for one-of, one value otherwise. */
function convertValue(value: RuleValue, operator: Operator): RuleValue {
  if (NO_VALUE_OPERATORS.includes(operator) || value === undefined) return undefined;
  if (LIST_OPERATORS.includes(operator)) return Array.isArray(value) ? value : [String(value)];
  return Array.isArray(value) ? value[0] : value;
}

function formatValue(value: RuleValue): string {
  if (value === undefined) return "";
  return Array.isArray(value) ? value.join(", ") : String(value);
}

function parseValue(text: string, list: boolean, numeric: boolean): Parsed<RuleValue> {
  if (list) {
    const items = text
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
    if (items.length > 100) return { ok: false, message: "At most 100 values." };
    return { ok: true, value: items.length > 0 ? items : undefined };
  }
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, value: undefined };
  if (numeric) {
    const n = Number(trimmed);
    return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, message: "Enter a number." };
  }
  return { ok: true, value: text };
}
