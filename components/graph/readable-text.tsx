"use client";
// Text on the graph stays readable at any zoom where nodes show text: node
// and heading fonts are sized in flow units as max(12px, 12px / zoom), so on
// screen they never drop under 12 px. One subscriber writes the zoom into a
// CSS variable on the canvas (no node re-renders on zoom); below
// compactZoom the second line of each node is hidden, so the first one has
// room. Column headings name the four layers above their columns.
import { useStore, ViewportPortal, type ReactFlowState } from "@xyflow/react";
import { useEffect, useMemo } from "react";
import type { Point } from "@/lib/graph/layout";
import type { GraphNode } from "@/lib/graph/types";
import { nodeSize } from "./nodes";

export const compactZoom = 0.8;
const zoomOf = (s: ReactFlowState) => s.transform[2];

/** Keeps --graph-zoom and data-compact on `target` in step with the viewport. */
export function ZoomVariable({ target }: { target: React.RefObject<HTMLElement | null> }) {
  const zoom = useStore(zoomOf);
  useEffect(() => {
    const el = target.current;
    if (!el) return;
    el.style.setProperty("--graph-zoom", String(zoom));
    if (zoom < compactZoom) el.setAttribute("data-compact", "");
    else el.removeAttribute("data-compact");
  }, [zoom, target]);
  return null;
}

/** Font size (flow units) that is at least `px` on screen. */
export const screenFont = (px: number) => `max(${px}px, calc(${px}px / var(--graph-zoom, 1)))`;

const headings = ["Clients", "Profiles", "Scopes", "Resources"];

/** "Clients → Profiles → Scopes → Resources" above the columns, in flow coordinates. */
export function ColumnHeadings({ nodes, positions }: { nodes: GraphNode[]; positions: Record<string, Point> }) {
  const columns = useMemo(() => {
    const xs: (number | null)[] = [null, null, null, null];
    let top = Infinity;
    for (const n of nodes) {
      const p = positions[n.id];
      if (!p || n.layer < 0 || n.layer > 3) continue;
      xs[n.layer] = xs[n.layer] === null ? p.x : Math.min(xs[n.layer]!, p.x);
      top = Math.min(top, p.y);
    }
    return { xs, top: top === Infinity ? 0 : top };
  }, [nodes, positions]);
  return (
    <ViewportPortal>
      <div aria-label="Columns" role="list">
        {columns.xs.map((x, i) =>
          x === null ? null : (
            <div
              key={headings[i]}
              role="listitem"
              className="pointer-events-none absolute whitespace-nowrap font-semibold uppercase tracking-wide text-slate-700 dark:text-slate-200"
              style={{ transform: `translate(${x}px, ${columns.top}px) translateY(-130%)`, fontSize: screenFont(13), width: nodeSize.client.width }}
            >
              {headings[i]}
              {i < 3 ? <span aria-hidden> →</span> : null}
            </div>
          ),
        )}
      </div>
    </ViewportPortal>
  );
}
