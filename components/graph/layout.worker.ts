// The graph's layout, off the main thread: the layered column layout at once
// (milliseconds even at thousands of nodes), then, for small graphs, elkjs's
// layout as a refinement (lib/graph/layout.ts's elkNodeLimit).
import ELK from "elkjs/lib/elk.bundled.js";
import { columnLayout, elkLayout, useElk, type ElkLike, type LayoutEdge, type LayoutNode } from "../../lib/graph/layout";

export type LayoutRequest = { id: number; nodes: LayoutNode[]; edges: LayoutEdge[] };

const elk = new ELK() as unknown as ElkLike;
// the DOM lib types `self` as a window; in a worker it is the worker's global scope
const scope = self as unknown as { onmessage: ((e: MessageEvent<LayoutRequest>) => void) | null; postMessage(message: unknown): void };

scope.onmessage = async (event: MessageEvent<LayoutRequest>) => {
  const { id, nodes, edges } = event.data;
  try {
    const columns = columnLayout(nodes, edges);
    const refine = useElk(nodes, elk);
    scope.postMessage({ id, ok: true, result: columns, final: !refine });
    if (!refine) return;
    try {
      scope.postMessage({ id, ok: true, result: await elkLayout(elk, nodes, edges), final: true });
    } catch {
      scope.postMessage({ id, ok: true, result: columns, final: true });
    }
  } catch (e) {
    scope.postMessage({ id, ok: false, error: e instanceof Error ? e.message : String(e), final: true });
  }
};
