import { useRef, type ReactNode, type RefObject } from "react";
import { deleteElements, duplicateNodes, emptyRichText } from "~/domain/edits";
import { NODE_KIND_LABELS, nodeDisplayName } from "~/domain/node-summary";
import { outputLabel } from "~/domain/node-outputs";
import type {
  CallbackNode,
  ConditionNode,
  EndNode,
  QuestionNode,
  ReferralNode,
  RichText,
  SayNode,
  ScriptNode,
} from "~/domain/script-types";
import { RunFromHereLink } from "~/run/run-from-here-link";
import { useEditor } from "../editor-store";
import { newId } from "../new-id";
import { useEdit } from "../use-edit";
import { DraftField, parsers, TextField } from "./fields";
import { keepDeleteKeysFromCanvas } from "./list-controls";
import { OutcomeFields } from "./outcome-fields";
import { OutputsEditor } from "./outputs-editor";
import { QuestionFields } from "./question-fields";
import { RichTextField } from "./rich-text-field";
import { RulesEditor } from "./rules-editor";
import { useNodePatch } from "./use-node-patch";

const DUPLICATE_OFFSET = { x: 40, y: 40 };
const EMPTY_TEXT: RichText = emptyRichText();
const parseMilestone = parsers.required("The milestone name", 100);

/** The form for what is selected on the canvas: one step, several, a connection, or nothing. */
export function NodeInspector() {
  const selection = useEditor((s) => s.selection);
  const sectionRef = useRef<HTMLElement>(null);
  const [nodeId] = selection.nodeIds;

  let content: ReactNode;
  if (selection.nodeIds.length > 1)
    content = <MultipleSelected nodeIds={selection.nodeIds} edgeIds={selection.edgeIds} />;
  else if (nodeId) content = <SingleNode key={nodeId} nodeId={nodeId} afterDelete={sectionRef} />;
  else if (selection.edgeIds.length > 0) content = <ConnectionsSelected edgeIds={selection.edgeIds} />;
  else content = <NothingSelected />;

  return (
    // Focus lands here after the step being edited is deleted, so keyboard users keep their place. The key
    // handler only keeps Delete/Backspace on its buttons from deleting steps on the canvas.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions
    <section
      ref={sectionRef}
      className="sp-inspector"
      aria-label="Step inspector"
      tabIndex={-1}
      onKeyDown={keepDeleteKeysFromCanvas}
    >
      {content}
    </section>
  );
}

function NothingSelected() {
  return (
    <div className="sp-inspector-empty">
      <h2>No step selected</h2>
      <p>Select a step on the canvas to edit it.</p>
      <ul className="hint">
        <li>Drag from an answer’s handle to a step to connect them, or choose the next step here.</li>
        <li>Ctrl+Z (⌘Z) undoes, Ctrl+Shift+Z redoes.</li>
        <li>Delete removes what is selected; Escape clears the selection.</li>
      </ul>
    </div>
  );
}

function MultipleSelected({ nodeIds, edgeIds }: { nodeIds: string[]; edgeIds: string[] }) {
  const edit = useEdit();
  const select = useEditor((s) => s.select);
  const duplicate = () => {
    const copies = edit(duplicateNodes, { nodeIds, offset: DUPLICATE_OFFSET, newId: () => newId("n") });
    select({ nodeIds: copies.nodeIds, edgeIds: [] });
  };
  return (
    <div>
      <h2>{nodeIds.length} steps selected</h2>
      <p className="hint">Drag them together on the canvas, or:</p>
      <div className="actions">
        <button type="button" onClick={duplicate}>
          Duplicate
        </button>
        <button type="button" className="danger" onClick={() => edit(deleteElements, { nodeIds, edgeIds })}>
          Delete selected
        </button>
      </div>
    </div>
  );
}

function ConnectionsSelected({ edgeIds }: { edgeIds: string[] }) {
  const edit = useEdit();
  const description = useEditor((s) => {
    if (edgeIds.length !== 1) return null;
    const e = s.doc.edges.find((x) => x.id === edgeIds[0]);
    const from = e && s.doc.nodes.find((n) => n.id === e.source);
    const to = e && s.doc.nodes.find((n) => n.id === e.target);
    if (!e || !from || !to) return null;
    return `From “${nodeDisplayName(from)}” (${outputLabel(from, e.sourceHandle)}) to “${nodeDisplayName(to)}”.`;
  });
  const many = edgeIds.length > 1;
  return (
    <div>
      <h2>{many ? `${edgeIds.length} connections selected` : "Connection selected"}</h2>
      {description ? <p>{description}</p> : null}
      <button type="button" className="danger" onClick={() => edit(deleteElements, { edgeIds })}>
        {many ? "Delete connections" : "Delete connection"}
      </button>
    </div>
  );
}

function SingleNode({ nodeId, afterDelete }: { nodeId: string; afterDelete: RefObject<HTMLElement | null> }) {
  const node = useEditor((s) => s.doc.nodes.find((n) => n.id === nodeId));
  const edit = useEdit();
  const patch = useNodePatch(nodeId);
  const scriptId = useEditor((s) => s.doc.id);
  if (!node) return <NothingSelected />;

  const remove = () => {
    edit(deleteElements, { nodeIds: [nodeId] });
    afterDelete.current?.focus();
  };

  return (
    <div className="sp-node-form" data-kind={node.kind}>
      <h2 className="sp-inspector-heading">
        <span className="sp-kind">{NODE_KIND_LABELS[node.kind]}</span> {nodeDisplayName(node)}
      </h2>
      <RunFromHereLink scriptId={scriptId} nodeId={node.id} />
      {node.kind === "start" ? <p className="hint">Where the call begins.</p> : null}
      {hasTitle(node) ? (
        <TextField
          label="Title"
          value={node.title ?? ""}
          maxLength={100}
          hint="Shown on the canvas and in lists; the agent does not read it."
          onChange={(title) => patch({ title: title || undefined }, "title")}
        />
      ) : null}
      <KindFields node={node} />
      <OutputsEditor node={node} />
      <TextField
        label="Note for writers"
        multiline
        value={node.note ?? ""}
        maxLength={2000}
        hint="Not read out: for the people who maintain the script."
        onChange={(note) => patch({ note: note || undefined }, "note")}
      />
      {node.kind !== "start" ? (
        <button type="button" className="danger" onClick={remove}>
          Delete step
        </button>
      ) : null}
    </div>
  );
}

type TitledNode = SayNode | QuestionNode | ConditionNode | CallbackNode | ReferralNode;
const TITLED: readonly ScriptNode["kind"][] = ["say", "question", "condition", "callback", "referral"];

function hasTitle(node: ScriptNode): node is TitledNode {
  return TITLED.includes(node.kind);
}

function KindFields({ node }: { node: ScriptNode }) {
  switch (node.kind) {
    case "say":
    case "callback":
    case "referral":
      return <NodeText node={node} />;
    case "question":
      return (
        <>
          <NodeText node={node} />
          <QuestionFields node={node} />
        </>
      );
    case "condition":
      return <RulesEditor node={node} />;
    case "checkpoint":
      return <MilestoneField nodeId={node.id} name={node.name} />;
    case "end":
      return <EndFields node={node} />;
    default:
      return null;
  }
}

function NodeText({ node }: { node: Extract<ScriptNode, { text: RichText }> }) {
  const variables = useEditor((s) => s.doc.variables);
  const patch = useNodePatch(node.id);
  return (
    <RichTextField
      label="Text"
      value={node.text}
      variables={variables}
      placeholder={node.kind === "question" ? "The question, as the agent asks it" : "What the agent says"}
      onChange={(text) => patch({ text }, "text")}
    />
  );
}

function MilestoneField({ nodeId, name }: { nodeId: string; name: string }) {
  const patch = useNodePatch(nodeId);
  return (
    <DraftField
      label="Milestone name"
      value={name}
      format={(v) => v}
      parse={parseMilestone}
      maxLength={100}
      hint="E.g. “pitch delivered”: how many calls get this far shows where people drop out."
      onCommit={(value) => patch({ name: value }, "name")}
    />
  );
}

function EndFields({ node }: { node: EndNode }) {
  const variables = useEditor((s) => s.doc.variables);
  const patch = useNodePatch(node.id);
  return (
    <>
      <OutcomeFields outcome={node.outcome} onChange={(outcome, field) => patch({ outcome }, field)} />
      <RichTextField
        label="Text"
        value={node.text ?? EMPTY_TEXT}
        variables={variables}
        placeholder="Optional: what the agent says before hanging up"
        onChange={(text) => patch({ text: isBlank(text) ? undefined : text }, "text")}
      />
    </>
  );
}

/** A cleared editor (one empty paragraph): the end then has no closing text at all. */
function isBlank(text: RichText): boolean {
  const blocks = text.content ?? [];
  return (
    blocks.length === 0 ||
    (blocks.length === 1 && blocks[0].type === "paragraph" && !blocks[0].content?.length)
  );
}
