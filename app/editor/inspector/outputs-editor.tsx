import { memo, useCallback, useState } from "react";
import { connect, deleteEdge } from "~/domain/edits";
import { nodeOutputs, outputLabel } from "~/domain/node-outputs";
import type { ScriptNode } from "~/domain/script-types";
import { useEditor, useEditorStore } from "../editor-store";
import { newId } from "../new-id";
import { useEdit } from "../use-edit";
import { Field } from "./fields";
import { useStepChoices, withCurrent, type StepChoice } from "./step-choices";

/**
 * "Where each answer leads": one list per output of the node. This is how keyboard and screen-reader users
 * connect steps, so choosing a step connects (replacing the output's connection) and "(not connected)"
 * disconnects.
 */
export function OutputsEditor({ node }: { node: ScriptNode }) {
  const store = useEditorStore();
  const edges = useEditor((s) => s.doc.edges);
  const choices = useStepChoices({ exclude: node.id });
  const edit = useEdit();
  const [error, setError] = useState<string | null>(null);
  const nodeId = node.id;
  const choose = useCallback(
    (handle: string, target: string) => {
      const current = store
        .getState()
        .doc.edges.find((e) => e.source === nodeId && e.sourceHandle === handle);
      try {
        if (!target) {
          if (current) edit(deleteEdge, { edgeId: current.id });
        } else {
          edit(connect, { id: newId("e"), source: nodeId, sourceHandle: handle, target });
        }
        setError(null);
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      }
    },
    [edit, nodeId, store],
  );
  const outputs = nodeOutputs(node);

  if (outputs.length === 0) {
    return <p className="hint">An end finishes the call: nothing follows it.</p>;
  }

  const targets = new Map<string, string>();
  for (const e of edges) {
    if (e.source === nodeId && !targets.has(e.sourceHandle)) targets.set(e.sourceHandle, e.target);
  }

  return (
    <fieldset className="sp-outputs-editor">
      <legend>Where each answer leads</legend>
      {outputs.map((handle) => {
        const target = targets.get(handle) ?? "";
        return (
          <OutputSelect
            key={handle}
            handle={handle}
            label={`${outputLabel(node, handle)} goes to`}
            value={target}
            choices={withCurrent(choices, target, store.getState().doc.nodes)}
            onChoose={choose}
          />
        );
      })}
      {error ? (
        <p className="sp-field-error" role="alert">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

interface OutputSelectProps {
  handle: string;
  label: string;
  value: string;
  choices: readonly StepChoice[];
  onChoose: (handle: string, target: string) => void;
}

const OutputSelect = memo(function OutputSelect({
  handle,
  label,
  value,
  choices,
  onChoose,
}: OutputSelectProps) {
  return (
    <Field label={label} className="sp-output-field">
      {(control) => (
        <select {...control} value={value} onChange={(e) => onChoose(handle, e.target.value)}>
          <option value="">(not connected)</option>
          {choices.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
});
