import type { ReactFlowProps } from "@xyflow/react";

// Props passed to <ReactFlow> must be stable: React Flow copies each changed prop into its store and
// notifies every subscriber (a thousand nodes and minimap nodes) on each render of the canvas. They live
// here so that the editor benchmark's bare React Flow page (bench/fixtures/bare-flow.tsx) uses the same.

/** Above this many steps only the nodes and edges in view are rendered. */
export const RENDER_VISIBLE_ABOVE = 300;

export const CANVAS_VIEW_OPTIONS = {
  fitView: true,
  fitViewOptions: { maxZoom: 1, padding: 0.15 },
  minZoom: 0.05,
  maxZoom: 2,
  snapToGrid: true,
  snapGrid: [20, 20],
  deleteKeyCode: null,
  multiSelectionKeyCode: ["Shift", "Meta", "Control"],
  selectionKeyCode: "Shift",
  defaultEdgeOptions: { type: "smoothstep" },
  proOptions: { hideAttribution: true },
} satisfies Partial<ReactFlowProps>;

/** The background's dot grid, on the snap grid. */
export const BACKGROUND_GAP = 20;
