import { useId, useState } from "react";
import { addObjection, moveObjection, removeObjection, updateObjection } from "~/domain/edits";
import type { Objection, ObjectionFollowUp } from "~/domain/script-types";
import { useEditor, useEditorStore } from "../editor-store";
import { DraftField, Field, parsers, SelectField, type Parsed } from "../inspector/fields";
import {
  focusAfterMove,
  keepDeleteKeysFromCanvas,
  RowButtons,
  useFocusAfterRender,
} from "../inspector/list-controls";
import { OutcomeFields } from "../inspector/outcome-fields";
import { RichTextField } from "../inspector/rich-text-field";
import { useStepChoices, withCurrent, type StepChoice } from "../inspector/step-choices";
import { newId } from "../new-id";
import { useEdit } from "../use-edit";

type Action = ObjectionFollowUp["action"];

const ACTIONS: readonly { value: Action; label: string }[] = [
  { value: "return", label: "Return to where it was raised" },
  { value: "goto", label: "Go to a step" },
  { value: "end", label: "End the call" },
];

/** What an objection ends with when the writer first picks "End the call": a refusal. */
const DEFAULT_END: ObjectionFollowUp = {
  action: "end",
  outcome: { label: "Declined", success: false, disposition: "2.11" },
};

const parseLabel = parsers.required("The objection", 100);

/** Prepared answers to objections, available at every step of the call (with a key to raise each). */
export function ObjectionsPanel() {
  const objections = useEditor((s) => s.doc.objections);
  const edit = useEdit();
  const base = useId();
  const focusLater = useFocusAfterRender();
  const rowId = (id: string) => `${base}-${id}`;
  const count = objections.length;

  const add = () => {
    const id = newId("obj");
    edit(addObjection, { id });
    focusLater(`${rowId(id)}-label`);
  };
  const remove = (index: number) => {
    edit(removeObjection, { id: objections[index].id });
    const neighbour = objections[index + 1] ?? objections[index - 1];
    focusLater(neighbour ? `${rowId(neighbour.id)}-label` : `${base}-add`);
  };
  const move = (index: number, toIndex: number) => {
    const id = objections[index].id;
    edit(moveObjection, { id, toIndex });
    focusLater(focusAfterMove(rowId(id), toIndex, count, toIndex < index));
  };

  return (
    // The key handler only keeps Delete/Backspace on buttons here from deleting steps on the canvas.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions
    <section
      className="sp-panel-section"
      aria-labelledby={`${base}-title`}
      onKeyDown={keepDeleteKeysFromCanvas}
    >
      <h2 id={`${base}-title`}>Objections</h2>
      <p className="hint">
        Prepared answers the agent can use at any step, e.g. “I'm not interested” or “How did you get my
        number?”.
      </p>
      {count === 0 ? <p className="sp-empty">No objections prepared yet.</p> : null}
      <ol className="sp-cards">
        {objections.map((objection, index) => (
          <li key={objection.id} className="card sp-card">
            <ObjectionFields
              objection={objection}
              n={index + 1}
              idBase={rowId(objection.id)}
              shortcutOwner={(key) => objections.find((o) => o.shortcut === key && o.id !== objection.id)}
            />
            <RowButtons
              noun="objection"
              index={index}
              count={count}
              idBase={rowId(objection.id)}
              onMove={(to) => move(index, to)}
              onRemove={() => remove(index)}
            />
          </li>
        ))}
      </ol>
      <button type="button" id={`${base}-add`} onClick={add} disabled={count >= 200}>
        Add objection
      </button>
    </section>
  );
}

interface ObjectionFieldsProps {
  objection: Objection;
  n: number;
  idBase: string;
  /** Another objection already raised with this key, if any. */
  shortcutOwner: (key: string) => Objection | undefined;
}

function ObjectionFields({ objection, n, idBase, shortcutOwner }: ObjectionFieldsProps) {
  const edit = useEdit();
  const variables = useEditor((s) => s.doc.variables);
  const steps = useStepChoices();
  const [thenError, setThenError] = useState<string | null>(null);
  const name = (field: string) => `Objection ${n} ${field}`;
  const update = (patch: Partial<Omit<Objection, "id">>, field?: string) =>
    edit(
      updateObjection,
      { id: objection.id, patch },
      field ? { coalesce: `objection-${field}:${objection.id}` } : undefined,
    );

  const parseShortcut = (text: string): Parsed<string | undefined> => {
    const key = text.trim().toLowerCase();
    if (key === "") return { ok: true, value: undefined };
    if (!/^[a-z]$/.test(key)) return { ok: false, message: "One letter from a to z." };
    const owner = shortcutOwner(key);
    if (owner) return { ok: false, message: `“${key}” already raises “${owner.label}”.` };
    return { ok: true, value: key };
  };

  return (
    <fieldset aria-label={`Objection ${n}`}>
      <legend>{objection.label}</legend>
      <DraftField
        id={`${idBase}-label`}
        label="Objection"
        name={name("label")}
        value={objection.label}
        format={(v) => v}
        parse={parseLabel}
        maxLength={100}
        placeholder="e.g. I'm not interested"
        onCommit={(label) => update({ label }, "label")}
      />
      <DraftField
        label="Shortcut"
        name={name("shortcut")}
        value={objection.shortcut}
        format={(v) => v ?? ""}
        parse={parseShortcut}
        maxLength={1}
        className="sp-shortcut"
        hint="Optional: a letter that raises it during a call."
        onCommit={(shortcut) => update({ shortcut }, "shortcut")}
      />
      <RichTextField
        label="Reply"
        name={name("reply")}
        value={objection.reply}
        variables={variables}
        placeholder="What the agent answers"
        onChange={(reply) => update({ reply }, "reply")}
      />
      <SelectField
        label="Then"
        name={name("then")}
        value={objection.then.action}
        options={ACTIONS}
        onChange={(action) => {
          const then = followUp(action, steps);
          setThenError(then ? null : "There is no step to go to yet: add one to the script first.");
          if (then) update({ then });
        }}
      />
      {thenError ? (
        <p className="sp-field-error" role="alert">
          {thenError}
        </p>
      ) : null}
      <FollowUpFields
        objection={objection}
        n={n}
        steps={steps}
        onChange={(then, field) => update({ then }, field)}
      />
    </fieldset>
  );
}

function FollowUpFields({
  objection,
  n,
  steps,
  onChange,
}: {
  objection: Objection;
  n: number;
  steps: readonly StepChoice[];
  onChange: (then: ObjectionFollowUp, field?: string) => void;
}) {
  const store = useEditorStore();
  const { then } = objection;
  if (then.action === "goto") {
    const choices = withCurrent(steps, then.target, store.getState().doc.nodes);
    return (
      <Field label="Goes to" name={`Objection ${n} goes to`}>
        {(control) => (
          <select
            {...control}
            value={then.target}
            onChange={(e) => onChange({ action: "goto", target: e.target.value })}
          >
            {choices.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        )}
      </Field>
    );
  }
  if (then.action === "end") {
    return (
      <OutcomeFields
        outcome={then.outcome}
        labelPrefix={`Objection ${n}`}
        onChange={(outcome, field) => onChange({ action: "end", outcome }, field)}
      />
    );
  }
  return null;
}

/** The follow-up for a newly chosen action; "go to" starts at the first step (null when there is none). */
function followUp(action: Action, steps: readonly StepChoice[]): ObjectionFollowUp | null {
  if (action === "return") return { action };
  if (action === "end") return DEFAULT_END;
  return steps[0] ? { action, target: steps[0].id } : null;
}
