"use client";
// What React Flow does not draw when the graph is large or zoomed out
// (./level-of-detail.ts): the ordinary edges, and in the overview the nodes
// too, on one canvas the size of the pane. Measured at 5,000 nodes: one React
// Flow edge component per edge re-runs its selectors on every store update;
// one SVG path had to be re-rasterised as the view moved over it (20 fps). The
// emphasised edges and nodes (path, change, selection) stay React Flow's,
// above this layer.
import { useStoreApi, type ReactFlowState } from "@xyflow/react";
import { memo, useEffect, useMemo, useRef } from "react";
import { clipSegment, type Box, type Segment } from "@/lib/graph/clip";
import type { Point } from "@/lib/graph/layout";
import type { GraphEdge, GraphNode } from "@/lib/graph/types";
import { edgeColour } from "./edge-style";
import { nodeFill, nodeHandles, type FlowNode } from "./nodes";

type Props = {
  nodes: GraphNode[];
  edges: GraphEdge[];
  positions: Record<string, Point>;
  /** the overview: draw these nodes as blocks (null: React Flow draws the nodes) */
  blocks: FlowNode[] | null;
  /** zoomed out: fainter lines, so the overview is not a solid mass */
  far: boolean;
  /** something is highlighted: the edges fade like the other dimmed edges */
  dim: boolean;
};

/** Edges as flat coordinates (x1 y1 x2 y2), grouped by colour, from the source's right handle to the target's left one. */
function segmentsByColour(nodes: GraphNode[], edges: GraphEdge[], positions: Record<string, Point>) {
  const kinds = new Map(nodes.map((n) => [n.id, n.kind]));
  const groups = new Map<string, number[]>();
  for (const e of edges) {
    const s = positions[e.source];
    const t = positions[e.target];
    const sk = kinds.get(e.source);
    const tk = kinds.get(e.target);
    if (!s || !t || !sk || !tk) continue;
    const sh = nodeHandles[sk][1]!;
    const th = nodeHandles[tk][0]!;
    const colour = edgeColour(e, false);
    let list = groups.get(colour);
    if (!list) groups.set(colour, (list = []));
    list.push(s.x + sh.x + (sh.width ?? 0), s.y + sh.y + (sh.height ?? 0) / 2, t.x + th.x, t.y + th.y + (th.height ?? 0) / 2);
  }
  return [...groups].map(([colour, xy]) => ({ colour, xy: Float64Array.from(xy) }));
}

/** Nodes as flat rectangles (x y w h), grouped by fill and fading. */
function rectsByFill(nodes: FlowNode[]) {
  const groups = new Map<string, { colour: string; alpha: number; xywh: number[] }>();
  for (const n of nodes) {
    const colour = nodeFill(n.data, n.selected);
    const alpha = n.data.dim ? 0.3 : 1;
    const key = `${colour}/${alpha}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { colour, alpha, xywh: [] }));
    group.xywh.push(n.position.x, n.position.y, n.width ?? 0, n.height ?? 0);
  }
  return [...groups.values()].map((g) => ({ ...g, xywh: Float64Array.from(g.xywh) }));
}

type Picture = { segments: ReturnType<typeof segmentsByColour>; rects: ReturnType<typeof rectsByFill>; far: boolean; dim: boolean };
type Transform = [number, number, number];

/** Paints what crosses `area` (device pixels), clipped to it, with the flow transform `t`. */
function paint(ctx: CanvasRenderingContext2D, ratio: number, t: Transform, area: { x: number; y: number; w: number; h: number }, picture: Picture) {
  const [tx, ty, zoom] = t;
  ctx.save();
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(area.x, area.y, area.w, area.h);
  ctx.beginPath();
  ctx.rect(area.x, area.y, area.w, area.h);
  ctx.clip();
  ctx.setTransform(ratio * zoom, 0, 0, ratio * zoom, ratio * tx, ratio * ty);
  // the area in flow coordinates, a little larger so clipped ends stay outside it
  const pad = 4 / zoom;
  const box: Box = {
    left: (area.x / ratio - tx) / zoom - pad,
    top: (area.y / ratio - ty) / zoom - pad,
    right: ((area.x + area.w) / ratio - tx) / zoom + pad,
    bottom: ((area.y + area.h) / ratio - ty) / zoom + pad,
  };
  // React Flow's 1.25 units when close, never under one screen pixel
  ctx.lineWidth = Math.max(1.25, 1 / zoom);
  ctx.globalAlpha = picture.dim ? 0.12 : picture.far ? 0.6 : 1;
  // zoomed in, edges are tens of thousands of pixels tall, and the canvas strokes a long line far more slowly than the piece on screen
  const clipped: Segment = { x1: 0, y1: 0, x2: 0, y2: 0 };
  for (const { colour, xy } of picture.segments) {
    ctx.strokeStyle = colour;
    ctx.beginPath();
    for (let i = 0; i < xy.length; i += 4) {
      if (!clipSegment(xy[i]!, xy[i + 1]!, xy[i + 2]!, xy[i + 3]!, box, clipped)) continue;
      ctx.moveTo(clipped.x1, clipped.y1);
      ctx.lineTo(clipped.x2, clipped.y2);
    }
    ctx.stroke();
  }
  // at least a pixel each way, as the minimap, or the overview's nodes would vanish
  const min = 1 / (zoom * ratio);
  for (const { colour, alpha, xywh } of picture.rects) {
    ctx.fillStyle = colour;
    ctx.globalAlpha = alpha;
    for (let i = 0; i < xywh.length; i += 4) {
      const x = xywh[i]!, y = xywh[i + 1]!, w = xywh[i + 2]!, h = xywh[i + 3]!;
      if (x > box.right || y > box.bottom || x + w < box.left || y + h < box.top) continue;
      ctx.fillRect(x, y, Math.max(w, min), Math.max(h, min));
    }
  }
  ctx.restore();
}

/**
 * Brings the canvas to the store's view. A pan at the same zoom shifts what
 * is drawn by whole pixels and paints only the strips it uncovers: zoomed in,
 * edges cross the whole screen and stroking all of them every frame took
 * longer than a frame. `drawn` is the transform the pixels are for; it stays
 * within half a pixel of the view's.
 */
function update(canvas: HTMLCanvasElement, s: ReactFlowState, picture: Picture, drawn: { current: Transform | null }) {
  const ctx = canvas.getContext("2d");
  if (!ctx) return;
  const ratio = window.devicePixelRatio || 1;
  const w = Math.round(s.width * ratio);
  const h = Math.round(s.height * ratio);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
    drawn.current = null;
  }
  const [tx, ty, zoom] = s.transform;
  const was = drawn.current;
  if (was && was[2] === zoom) {
    const dx = Math.round((tx - was[0]) * ratio);
    const dy = Math.round((ty - was[1]) * ratio);
    if (dx === 0 && dy === 0) return;
    if (Math.abs(dx) < w && Math.abs(dy) < h) {
      ctx.save();
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.globalCompositeOperation = "copy";
      ctx.drawImage(canvas, dx, dy);
      ctx.restore();
      const t: Transform = [was[0] + dx / ratio, was[1] + dy / ratio, zoom];
      if (dx > 0) paint(ctx, ratio, t, { x: 0, y: 0, w: dx, h }, picture);
      if (dx < 0) paint(ctx, ratio, t, { x: w + dx, y: 0, w: -dx, h }, picture);
      if (dy > 0) paint(ctx, ratio, t, { x: 0, y: 0, w, h: dy }, picture);
      if (dy < 0) paint(ctx, ratio, t, { x: 0, y: h + dy, w, h: -dy }, picture);
      drawn.current = t;
      return;
    }
  }
  paint(ctx, ratio, [tx, ty, zoom], { x: 0, y: 0, w, h }, picture);
  drawn.current = [tx, ty, zoom];
}

function CanvasLayerInner({ nodes, edges, positions, blocks, far, dim }: Props) {
  const store = useStoreApi();
  const canvas = useRef<HTMLCanvasElement>(null);
  const segments = useMemo(() => segmentsByColour(nodes, edges, positions), [nodes, edges, positions]);
  const rects = useMemo(() => (blocks ? rectsByFill(blocks) : []), [blocks]);

  // draw in the store update itself, so the canvas moves in the same frame as React Flow's nodes
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const picture = { segments, rects, far, dim };
    const drawn: { current: Transform | null } = { current: null };
    update(el, store.getState(), picture, drawn);
    return store.subscribe((s, prev) => {
      if (s.transform !== prev.transform || s.width !== prev.width || s.height !== prev.height) update(el, s, picture, drawn);
    });
  }, [store, segments, rects, far, dim]);

  // below React Flow's renderer (z-index 4), above its background (-1); left in exports (./export.ts)
  return <canvas ref={canvas} aria-hidden className="graph-canvas-layer" style={{ position: "absolute", inset: 0, width: "100%", height: "100%", zIndex: 0, pointerEvents: "none" }} />;
}

export const CanvasLayer = memo(CanvasLayerInner);
