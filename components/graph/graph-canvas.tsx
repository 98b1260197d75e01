"use client";
// The React Flow canvas: controlled nodes (selection lives in the URL), laid
// out by the worker, styled edges (./edge-style.ts), minimap, controls, only
// the visible elements rendered, no animation. Levels of detail by zoom
// (./level-of-detail.ts): zoomed out, nodes become plain blocks, and a canvas
// (./canvas-layer.tsx) draws the ordinary edges, then in the overview the
// nodes too, so the whole 5,000-node graph fits in view and pans smoothly.
import {
  Background,
  Controls,
  ReactFlow,
  useReactFlow,
  type ColorMode,
  type Edge,
  type FitViewOptions,
  type NodeChange,
  type Rect,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { memo, useCallback, useEffect, useMemo, useRef, type MouseEvent } from "react";
import type { Point } from "@/lib/graph/layout";
import type { GraphEdge, GraphNode } from "@/lib/graph/types";
import { CanvasLayer } from "./canvas-layer";
import { edgeColour } from "./edge-style";
import { FarContext, farZoom, useDetail } from "./level-of-detail";
import { ColumnHeadings, ZoomVariable } from "./readable-text";
import { MiniMap } from "./mini-map";
import { isCut, nodeHandles, nodeSize, nodeTypes, type FlowNode } from "./nodes";

export type Highlight = { nodes: Set<string>; edges: Set<string> } | null;

const kindWords: Record<GraphEdge["kind"], string> = { binding: "binding", claimRule: "claim rule", holds: "holds", actsOn: "acts on" };

// hidden nodes too: in the overview React Flow hides all but the emphasised ones
const fitOptions: FitViewOptions = { padding: 0.1, duration: 0, maxZoom: 1.2, includeHiddenNodes: true };
// the first view of a graph: no further out than where nodes show their text (./readable-text.tsx keeps it >= 12 px)
const initialFit: FitViewOptions = { ...fitOptions, minZoom: farZoom };

/** The laid-out graph's extent, in flow coordinates. */
function graphBounds(nodes: GraphNode[], positions: Record<string, Point>): Rect {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const n of nodes) {
    const p = positions[n.id];
    if (!p) continue;
    const { width, height } = nodeSize[n.kind];
    minX = Math.min(minX, p.x);
    minY = Math.min(minY, p.y);
    maxX = Math.max(maxX, p.x + width);
    maxY = Math.max(maxY, p.y + height);
  }
  return minX === Infinity ? { x: 0, y: 0, width: 0, height: 0 } : { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
}

/** The node nearest a flow point, if within `slack` flow units of it (the overview's nodes can be under a pixel tall). */
function nodeAt(nodes: FlowNode[], p: Point, slack: number) {
  let best: string | null = null;
  let bestDistance = slack;
  for (const { position: q, width = 0, height = 0, id } of nodes) {
    // distance from the point to the node's rectangle, 0 inside it
    const distance = Math.hypot(Math.max(q.x - p.x, 0, p.x - q.x - width), Math.max(q.y - p.y, 0, p.y - q.y - height));
    if (distance <= bestDistance) [best, bestDistance] = [id, distance];
  }
  return best;
}

type Props = {
  nodes: GraphNode[];
  edges: GraphEdge[];
  positions: Record<string, Point>;
  selected: string | null;
  highlight: Highlight;
  colorMode: ColorMode;
  /** changes when the graph itself changes (not the highlight), to fit the view again */
  fitKey: string;
  onSelect: (id: string | null) => void;
};

function GraphCanvasInner({ nodes, edges, positions, selected, highlight, colorMode, fitKey, onSelect }: Props) {
  const flow = useReactFlow();
  const detail = useDetail(nodes.length);
  const far = detail !== "full";
  const overview = detail === "overview";
  // a large graph's ordinary edges are drawn by the canvas layer at any zoom
  const many = edges.length > 2000;
  const layered = far || many;
  const labels = useMemo(() => new Map(nodes.map((n) => [n.id, n.label])), [nodes]);
  const statuses = useMemo(() => new Map(nodes.map((n) => [n.id, n.status])), [nodes]);
  const wrapper = useRef<HTMLDivElement>(null);
  const bounds = useMemo(() => graphBounds(nodes, positions), [nodes, positions]);
  // far enough out to see the whole graph in a 300 px pane, however large it is
  const minZoom = Math.min(0.02, 300 / Math.max(bounds.width, bounds.height, 1));

  const flowNodes = useMemo<FlowNode[]>(
    () =>
      nodes
        .filter((n) => positions[n.id])
        .map((n) => {
          const onPath = !!highlight?.nodes.has(n.id);
          return {
            id: n.id,
            type: n.kind,
            position: positions[n.id]!,
            ...nodeSize[n.kind],
            // declared size and handles: React Flow need not render and measure every node before it can cull them and draw edges
            measured: nodeSize[n.kind],
            handles: nodeHandles[n.kind],
            selected: n.id === selected,
            ariaLabel: `${n.kind === "group" ? `${n.label} ${n.detail}` : `${n.kind} ${n.label}`}${n.environment ? ` in ${n.environment}` : ""}${n.status && n.status !== "active" ? `, ${n.status}` : ""}${n.overlay ? `, ${n.overlay} by the change` : ""}`,
            data: { ...n, onPath, dim: !!highlight && !onPath && n.id !== selected },
          };
        }),
    [nodes, positions, selected, highlight],
  );

  // the path, the change and the selection's edges: React Flow's at every level
  const emphasised = useMemo(
    () => edges.filter((e) => !!highlight?.edges.has(e.id) || !!e.overlay || e.source === selected || e.target === selected),
    [edges, highlight, selected],
  );

  // in the overview React Flow renders only the emphasised nodes and the ends of the emphasised edges; the canvas layer draws all
  const shownNodes = useMemo(() => {
    if (!overview) return flowNodes;
    const ends = new Set(emphasised.flatMap((e) => [e.source, e.target]));
    return flowNodes.map((n) => (n.selected || n.data.onPath || n.data.overlay || ends.has(n.id) ? n : { ...n, hidden: true }));
  }, [overview, flowNodes, emphasised]);

  const flowEdges = useMemo<Edge[]>(() => {
    // zoomed out or large, the canvas layer draws the rest
    return (layered ? emphasised : edges).map((e) => {
      const onPath = !!highlight?.edges.has(e.id);
      const strong = onPath || !!e.overlay;
      const touchesSelection = e.source === selected || e.target === selected;
      const dim = !!highlight && !onPath;
      // a grant through a suspended client or an expired profile or binding is cut: dashed, muted, labelled
      const endStatus = isCut(statuses.get(e.source) ?? null) ? statuses.get(e.source) : isCut(statuses.get(e.target) ?? null) ? statuses.get(e.target) : null;
      const expired = !!e.expiresAt && Date.parse(e.expiresAt) <= Date.now();
      const cut = endStatus ?? (expired ? "expired" : null);
      return {
        id: e.id,
        source: e.source,
        target: e.target,
        type: many || far ? "straight" : "default",
        selectable: false,
        focusable: false,
        // nothing listens to edge pointer events: no invisible hit path per edge
        interactionWidth: 0,
        className: [`edge-${e.kind}`, e.temporary ? "edge-temporary" : "", e.overlay ? `edge-${e.overlay}` : "", onPath ? "edge-path" : ""].filter(Boolean).join(" "),
        ariaLabel: `${kindWords[e.kind]} ${labels.get(e.source) ?? e.source} to ${labels.get(e.target) ?? e.target}${e.count > 1 ? ` (${e.count})` : ""}${e.temporary ? ", temporary" : ""}${e.overlay ? `, ${e.overlay}` : ""}${onPath ? ", on the path" : ""}${cut ? `, cut (${cut})` : ""}`,
        label: cut ? `cut: ${cut}` : e.count > 1 ? String(e.count) : undefined,
        labelStyle: cut ? { fontSize: 12, fill: "#475569" } : undefined,
        zIndex: strong ? 1 : 0,
        style: {
          stroke: cut && !onPath ? "#94a3b8" : edgeColour(e, onPath),
          ...(cut ? { strokeDasharray: "6 4" } : {}),
          strokeWidth: strong ? 3 : touchesSelection ? 2 : e.count > 1 ? Math.min(6, 1 + Math.log2(e.count)) : 1.25,
          opacity: dim ? 0.12 : cut ? 0.6 : 1,
          // zoomed out, widths in screen pixels, or a scaled stroke would vanish
          ...(far ? { vectorEffect: "non-scaling-stroke" as const } : {}),
        },
      };
    });
  }, [edges, emphasised, highlight, selected, labels, statuses, many, far, layered]);

  // set by a click picking a node in the overview: React Flow follows every pane click with a deselection
  const picked = useRef(false);
  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      for (const c of changes) {
        if (c.type === "select" && c.selected) return onSelect(c.id);
      }
      if (!picked.current && changes.some((c) => c.type === "select" && !c.selected && c.id === selected)) onSelect(null);
    },
    [onSelect, selected],
  );

  // in the overview most nodes are only on the canvas: a click selects the one under it
  const onPaneClick = useCallback(
    (event: MouseEvent) => {
      const hit = overview ? nodeAt(flowNodes, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }), 4 / flow.getZoom()) : null;
      if (hit) {
        picked.current = true;
        queueMicrotask(() => (picked.current = false));
        onSelect(hit);
      } else if (selected) onSelect(null);
    },
    [overview, flowNodes, flow, selected, onSelect],
  );

  // fit the whole graph when it changes (not when only the highlight does)
  useEffect(() => {
    const t = requestAnimationFrame(() => void flow.fitView(initialFit));
    return () => cancelAnimationFrame(t);
  }, [fitKey, flow]);

  return (
    <FarContext.Provider value={far}>
      <div ref={wrapper} className="contents">
      <ReactFlow
        nodes={shownNodes}
        edges={flowEdges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onPaneClick={onPaneClick}
        colorMode={colorMode}
        fitView
        fitViewOptions={initialFit}
        minZoom={minZoom}
        maxZoom={2}
        onlyRenderVisibleElements
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        elementsSelectable
        selectNodesOnDrag={false}
        zoomOnDoubleClick={false}
        deleteKeyCode={null}
        ariaLabelConfig={{ "node.a11yDescription.default": "Press Enter to select this node and see it in the side panel." }}
        proOptions={{ hideAttribution: false }}
      >
        {layered ? <CanvasLayer nodes={nodes} edges={edges} positions={positions} blocks={overview ? flowNodes : null} far={far} dim={!!highlight} /> : null}
        {/* zoomed out the dots are a haze, and re-rasterising them is a third of a pan frame */}
        {far ? null : <Background gap={24} size={1} />}
        <MiniMap nodes={flowNodes} bounds={bounds} ariaLabel="Mini map of the access graph" />
        <Controls showInteractive={false} fitViewOptions={fitOptions} aria-label="Zoom controls" />
        <ZoomVariable target={wrapper} />
        {far ? null : <ColumnHeadings nodes={nodes} positions={positions} />}
      </ReactFlow>
      </div>
    </FarContext.Provider>
  );
}

export const GraphCanvas = memo(GraphCanvasInner);
