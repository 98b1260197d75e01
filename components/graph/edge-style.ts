// Edge colours, shared by the React Flow edges and the canvas layer (./canvas-layer.tsx):
// temporary grants amber, claim rules violet, a change's gained edges green
// and lost ones red, the asked path blue.
import type { GraphEdge } from "@/lib/graph/types";

const stroke = {
  base: "#94a3b8",
  claimRule: "#8b5cf6",
  temporary: "#f59e0b",
  gained: "#10b981",
  lost: "#f43f5e",
  path: "#0ea5e9",
};

export function edgeColour(e: GraphEdge, onPath: boolean) {
  if (onPath) return stroke.path;
  if (e.overlay) return stroke[e.overlay];
  if (e.temporary) return stroke.temporary;
  if (e.kind === "claimRule") return stroke.claimRule;
  return stroke.base;
}
