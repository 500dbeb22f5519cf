import { useReactFlow } from "@xyflow/react";
import type { DragEvent } from "react";
import { addNode, connect, createNode } from "~/domain/edits";
import { cardSize } from "~/domain/node-card";
import { nodeOutputs } from "~/domain/node-outputs";
import type { NodeKind } from "~/domain/script-types";
import { PALETTE_MIME } from "./canvas/script-canvas";
import { useEditorStore } from "./editor-store";
import { freeSpot, type Box } from "./free-spot";
import { newId } from "./new-id";
import { ADDABLE_KINDS } from "./node-kinds";
import { useEdit } from "./use-edit";

/**
 * Adds steps: drag one onto the canvas, or click it. A click with one step selected places the new step
 * below it and connects its first free output, so a script can be built by keyboard alone. Either way
 * it lands on a free spot near where it was meant to go, not on top of another step.
 */
export function Palette() {
  const store = useEditorStore();
  const edit = useEdit();
  const flow = useReactFlow();

  /** Where a new step of `kind` goes: near `wanted` (its top left, or its centre), never on top of another. */
  const place = (kind: NodeKind, wanted: { x: number; y: number }, centred = false) => {
    const size = cardSize(createNode(kind, "new", wanted));
    const taken: Box[] = store.getState().doc.nodes.map((n) => ({ ...n.position, ...cardSize(n) }));
    const x = centred ? wanted.x - size.width / 2 : wanted.x;
    const y = centred ? wanted.y - size.height / 2 : wanted.y;
    return freeSpot({ x: Math.round(x), y: Math.round(y) }, size, taken);
  };

  const add = (kind: NodeKind) => {
    const { doc, selection } = store.getState();
    const selected = selection.nodeIds.length === 1 ? doc.nodes.find((n) => n.id === selection.nodeIds[0]) : undefined;
    const id = newId("n");
    if (selected) {
      const used = new Set(doc.edges.filter((e) => e.source === selected.id).map((e) => e.sourceHandle));
      const outputs = nodeOutputs(selected);
      const free = outputs.find((h) => !used.has(h));
      const slot = free ? outputs.indexOf(free) : 0;
      const position = place(kind, {
        x: selected.position.x + (slot - (outputs.length - 1) / 2) * 300,
        y: selected.position.y + 200,
      });
      edit(addNode, { kind, id, position });
      if (free) edit(connect, { id: newId("e"), source: selected.id, sourceHandle: free, target: id });
    } else {
      const pane = document.querySelector(".sp-canvas")?.getBoundingClientRect();
      const centre = pane
        ? flow.screenToFlowPosition({ x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 })
        : { x: 0, y: 0 };
      edit(addNode, { kind, id, position: place(kind, centre, true) });
    }
    store.getState().select({ nodeIds: [id], edgeIds: [] });
  };

  const onDragStart = (event: DragEvent, kind: NodeKind) => {
    event.dataTransfer.setData(PALETTE_MIME, kind);
    event.dataTransfer.effectAllowed = "copy";
  };

  return (
    <nav className="sp-palette" aria-label="Add a step">
      <h2>Add</h2>
      <ul>
        {ADDABLE_KINDS.map((k) => (
          <li key={k.kind}>
            <button
              type="button"
              draggable
              onDragStart={(e) => onDragStart(e, k.kind)}
              onClick={() => add(k.kind)}
              data-kind={k.kind}
              aria-label={`Add ${k.label}`}
              title={k.hint}
            >
              <span className="sp-palette-dot" aria-hidden="true" />
              {k.label}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
