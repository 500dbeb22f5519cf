import { useCallback } from "react";
import { updateNode, type NodePatch } from "~/domain/edits";
import { useEdit } from "../use-edit";

/**
 * Changes fields of one node as an undo step. Give `field` for typing ("title", "note"...): consecutive
 * changes to the same field of the same node then make one undo step (coalesce key `<field>:<nodeId>`).
 */
export function useNodePatch(nodeId: string): (patch: NodePatch, field?: string) => void {
  const edit = useEdit();
  return useCallback(
    (patch: NodePatch, field?: string) => {
      edit(updateNode, { id: nodeId, patch }, field ? { coalesce: `${field}:${nodeId}` } : undefined);
    },
    [edit, nodeId],
  );
}
