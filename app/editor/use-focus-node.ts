import { useReactFlow } from "@xyflow/react";
import { useCallback } from "react";
import { cardCentre } from "~/domain/node-card";
import { useEditorStore } from "./editor-store";

/** Selects a node and centres the canvas on it (problems panel, find, path explorer). */
export function useFocusNode() {
  const store = useEditorStore();
  const flow = useReactFlow();
  return useCallback(
    (nodeId: string) => {
      const node = store.getState().doc.nodes.find((n) => n.id === nodeId);
      if (!node) return;
      store.getState().select({ nodeIds: [nodeId], edgeIds: [] });
      const { x, y } = cardCentre(node);
      void flow.setCenter(x, y, {
        zoom: Math.max(flow.getZoom(), 0.8),
        duration: 300,
      });
    },
    [store, flow],
  );
}
