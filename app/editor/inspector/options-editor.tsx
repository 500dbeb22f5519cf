import { useId } from "react";
import { addOption, moveOption, removeOption, updateOption } from "~/domain/edits";
import type { QuestionNode } from "~/domain/script-types";
import { newId } from "../new-id";
import { useEdit } from "../use-edit";
import { CheckboxField, TextField } from "./fields";
import { focusAfterMove, RowButtons, useFocusAfterRender } from "./list-controls";

/** The listed answers of a choice question: label, code, order, and (when rotated) which keep their place. */
export function OptionsEditor({ node }: { node: QuestionNode }) {
  const edit = useEdit();
  const base = useId();
  const focusLater = useFocusAfterRender();
  const rowId = (optionId: string) => `${base}-${optionId}`;
  const rotated = node.readOut?.order === "rotate";
  const count = node.options.length;

  const add = () => {
    const id = newId("o");
    edit(addOption, { nodeId: node.id, id, label: `Option ${count + 1}` });
    focusLater(`${rowId(id)}-label`);
  };
  const remove = (index: number) => {
    const optionId = node.options[index].id;
    edit(removeOption, { nodeId: node.id, optionId });
    const neighbour = node.options[index + 1] ?? node.options[index - 1];
    focusLater(neighbour ? `${rowId(neighbour.id)}-label` : `${base}-add`);
  };
  const move = (index: number, toIndex: number) => {
    const optionId = node.options[index].id;
    edit(moveOption, { nodeId: node.id, optionId, toIndex });
    focusLater(focusAfterMove(rowId(optionId), toIndex, count, toIndex < index));
  };

  return (
    <fieldset className="sp-list-editor">
      <legend>Answers</legend>
      {count === 0 ? <p className="hint">No answers yet.</p> : null}
      <ol className="sp-rows">
        {node.options.map((option, index) => {
          const n = index + 1;
          const coalesce = (field: string) => ({ coalesce: `option-${field}:${node.id}:${option.id}` });
          return (
            <li key={option.id} className="sp-row">
              <div className="sp-row-fields">
                <span className="sp-row-title" aria-hidden="true">
                  {n}.
                </span>
                <TextField
                  id={`${rowId(option.id)}-label`}
                  label="Label"
                  name={`Option ${n} label`}
                  value={option.label}
                  maxLength={200}
                  onChange={(label) =>
                    edit(
                      updateOption,
                      { nodeId: node.id, optionId: option.id, patch: { label } },
                      coalesce("label"),
                    )
                  }
                />
                <TextField
                  id={`${rowId(option.id)}-code`}
                  label="Code"
                  name={`Option ${n} code`}
                  value={option.code ?? ""}
                  maxLength={40}
                  className="sp-code"
                  onChange={(code) =>
                    edit(
                      updateOption,
                      { nodeId: node.id, optionId: option.id, patch: { code: code || undefined } },
                      coalesce("code"),
                    )
                  }
                />
              </div>
              {rotated ? (
                <CheckboxField
                  label="Keep in place"
                  name={`Option ${n} keep in place`}
                  hint="Stays where it is when the order rotates (e.g. “None of these”)."
                  checked={option.pinned === true}
                  onChange={(pinned) =>
                    edit(updateOption, {
                      nodeId: node.id,
                      optionId: option.id,
                      patch: { pinned: pinned || undefined },
                    })
                  }
                />
              ) : null}
              <RowButtons
                noun="option"
                index={index}
                count={count}
                idBase={rowId(option.id)}
                onMove={(to) => move(index, to)}
                onRemove={() => remove(index)}
              />
            </li>
          );
        })}
      </ol>
      <button type="button" id={`${base}-add`} onClick={add} disabled={count >= 50}>
        Add option
      </button>
    </fieldset>
  );
}
