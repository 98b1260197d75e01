"use client";
// Level of detail, by zoom. Measured at 5,000 nodes / 19,000 edges
// (bench/graph-render.mjs): what costs is the number of React Flow elements
// on screen, not the graph's size.
// - full (zoom >= 0.4): every visible node with its text and icon.
// - blocks: a node's 12 px label would be under 5 px, so nodes are plain
//   coloured blocks (./nodes.tsx); ordinary edges go to the canvas layer.
// - overview (zoom < 0.1, graphs of more than overviewNodes): nodes are a
//   few pixels tall and there can be thousands on screen; past ~800 React
//   Flow nodes a pan drops under 45 fps (12 fps with all 5,000), so the
//   canvas layer draws the nodes too and React Flow keeps only the emphasised
//   ones (selection, path, change). Smaller graphs keep every node in React
//   Flow, focusable, at any zoom.
import { useStore, type ReactFlowState } from "@xyflow/react";
import { createContext, useCallback } from "react";

export const farZoom = 0.4;
export const overviewZoom = 0.1;
export const overviewNodes = 800;

export type Detail = "full" | "blocks" | "overview";

export function useDetail(nodeCount: number) {
  const large = nodeCount > overviewNodes;
  // a string: the canvas re-renders only when the zoom crosses a level, not on every pan or zoom step
  const detailOf = useCallback(
    (s: ReactFlowState): Detail => (s.transform[2] >= farZoom ? "full" : s.transform[2] >= overviewZoom || !large ? "blocks" : "overview"),
    [large],
  );
  return useStore(detailOf);
}

/** true below farZoom: the canvas provides it, the node components read it (./nodes.tsx) */
export const FarContext = createContext(false);
