"use client";
// The minimap, on a canvas. React Flow's MiniMap keeps one store subscription
// per node and re-runs them all on every pan frame: at 5,000 nodes that
// halved the frame rate and added half a second to the first frame
// (bench/graph-render.mjs). Here the nodes are drawn when they change, and
// the view's rectangle follows the store without a React render. Click or
// drag to move the view there, wheel to zoom.
import { Panel, useReactFlow, useStoreApi, type ReactFlowState, type Rect } from "@xyflow/react";
import { memo, useEffect, useMemo, useRef, type PointerEvent, type WheelEvent } from "react";
import { nodeFill, type FlowNode } from "./nodes";

const width = 200;
const height = 150;
const padding = 6;

type Props = { nodes: FlowNode[]; bounds: Rect; ariaLabel: string };

function MiniMapInner({ nodes, bounds, ariaLabel }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const view = useRef<HTMLDivElement>(null);
  const store = useStoreApi();
  const flow = useReactFlow();

  // flow coordinates -> minimap pixels: the whole graph, centred
  const fit = useMemo(() => {
    const scale = Math.min((width - 2 * padding) / Math.max(bounds.width, 1), (height - 2 * padding) / Math.max(bounds.height, 1));
    return { scale, x: (width - bounds.width * scale) / 2 - bounds.x * scale, y: (height - bounds.height * scale) / 2 - bounds.y * scale };
  }, [bounds]);

  useEffect(() => {
    const el = canvas.current;
    const ctx = el?.getContext("2d");
    if (!el || !ctx) return;
    const ratio = window.devicePixelRatio || 1;
    el.width = width * ratio;
    el.height = height * ratio;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    for (const n of nodes) {
      ctx.fillStyle = nodeFill(n.data, n.selected);
      // at least a pixel, or a large graph's nodes would vanish
      ctx.fillRect(n.position.x * fit.scale + fit.x, n.position.y * fit.scale + fit.y, Math.max(1, (n.width ?? 0) * fit.scale), Math.max(1, (n.height ?? 0) * fit.scale));
    }
  }, [nodes, fit]);

  useEffect(() => {
    const place = (s: ReactFlowState) => {
      const [tx, ty, zoom] = s.transform;
      const style = view.current?.style;
      if (!style) return;
      style.left = `${(-tx / zoom) * fit.scale + fit.x}px`;
      style.top = `${(-ty / zoom) * fit.scale + fit.y}px`;
      style.width = `${(s.width / zoom) * fit.scale}px`;
      style.height = `${(s.height / zoom) * fit.scale}px`;
    };
    place(store.getState());
    return store.subscribe((s, prev) => {
      if (s.transform !== prev.transform || s.width !== prev.width || s.height !== prev.height) place(s);
    });
  }, [store, fit]);

  const moveTo = (e: PointerEvent<HTMLDivElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    const x = (e.clientX - box.left - fit.x) / fit.scale;
    const y = (e.clientY - box.top - fit.y) / fit.scale;
    void flow.setCenter(x, y, { zoom: store.getState().transform[2] });
  };
  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    moveTo(e);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    if (e.currentTarget.hasPointerCapture(e.pointerId)) moveTo(e);
  };
  const onWheel = (e: WheelEvent<HTMLDivElement>) => void flow.zoomTo(store.getState().transform[2] * (e.deltaY < 0 ? 1.2 : 1 / 1.2));

  return (
    // React Flow's minimap class: its colours for light and dark, and left out of exports (./export.ts)
    <Panel position="bottom-right" className="react-flow__minimap">
      <div className="relative cursor-pointer overflow-hidden" style={{ width, height }} onPointerDown={onPointerDown} onPointerMove={onPointerMove} onWheel={onWheel}>
        <canvas ref={canvas} role="img" aria-label={ariaLabel} style={{ width, height, display: "block" }} />
        {/* the view; its huge shadow is the mask over the rest of the graph */}
        <div
          ref={view}
          aria-hidden
          className="pointer-events-none absolute"
          style={{ boxShadow: `0 0 0 ${width + height}px var(--xy-minimap-mask-background-color, var(--xy-minimap-mask-background-color-default))` }}
        />
      </div>
    </Panel>
  );
}

export const MiniMap = memo(MiniMapInner);
