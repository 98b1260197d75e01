"use client";
// The React Flow canvas: controlled nodes (selection lives in the URL), laid
// out by the worker, styled edges (temporary grants amber, claim rules
// violet, a change's gained edges green and lost ones red, the asked path
// blue), MiniMap, Controls, only the visible elements rendered, no animation.
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type ColorMode,
  type Edge,
  type NodeChange,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { memo, useCallback, useEffect, useMemo } from "react";
import type { Point } from "@/lib/graph/layout";
import type { GraphEdge, GraphNode } from "@/lib/graph/types";
import { nodeSize, nodeTypes, type FlowNode } from "./nodes";

export type Highlight = { nodes: Set<string>; edges: Set<string> } | null;

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

const kindWords: Record<GraphEdge["kind"], string> = { binding: "binding", claimRule: "claim rule", holds: "holds", actsOn: "acts on" };

const miniMapColour = (n: FlowNode) =>
  n.data.overlay === "added" ? stroke.gained : n.data.onPath ? stroke.path : n.data.environment === "prod" || n.data.protected ? "#fb7185" : n.data.environment === "staging" ? "#fbbf24" : n.data.environment === "dev" ? "#34d399" : "#94a3b8";

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
  const labels = useMemo(() => new Map(nodes.map((n) => [n.id, n.label])), [nodes]);

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
            selected: n.id === selected,
            ariaLabel: `${n.kind === "group" ? `${n.label} ${n.detail}` : `${n.kind} ${n.label}`}${n.environment ? ` in ${n.environment}` : ""}${n.status && n.status !== "active" ? `, ${n.status}` : ""}${n.overlay ? `, ${n.overlay} by the change` : ""}`,
            data: { ...n, onPath, dim: !!highlight && !onPath && n.id !== selected },
          };
        }),
    [nodes, positions, selected, highlight],
  );

  const many = edges.length > 2000;
  const flowEdges = useMemo<Edge[]>(
    () =>
      edges.map((e) => {
        const onPath = !!highlight?.edges.has(e.id);
        const emphasised = onPath || !!e.overlay;
        const touchesSelection = e.source === selected || e.target === selected;
        const dim = !!highlight && !onPath;
        return {
          id: e.id,
          source: e.source,
          target: e.target,
          type: many ? "straight" : "default",
          selectable: false,
          focusable: false,
          className: [`edge-${e.kind}`, e.temporary ? "edge-temporary" : "", e.overlay ? `edge-${e.overlay}` : "", onPath ? "edge-path" : ""].filter(Boolean).join(" "),
          ariaLabel: `${kindWords[e.kind]} ${labels.get(e.source) ?? e.source} to ${labels.get(e.target) ?? e.target}${e.count > 1 ? ` (${e.count})` : ""}${e.temporary ? ", temporary" : ""}${e.overlay ? `, ${e.overlay}` : ""}${onPath ? ", on the path" : ""}`,
          label: e.count > 1 ? String(e.count) : undefined,
          zIndex: emphasised ? 1 : 0,
          style: {
            stroke: edgeColour(e, onPath),
            strokeWidth: emphasised ? 3 : touchesSelection ? 2 : e.count > 1 ? Math.min(6, 1 + Math.log2(e.count)) : 1.25,
            opacity: dim ? 0.12 : 1,
          },
        };
      }),
    [edges, highlight, selected, labels, many],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      for (const c of changes) {
        if (c.type === "select" && c.selected) return onSelect(c.id);
      }
      if (changes.some((c) => c.type === "select" && !c.selected && c.id === selected)) onSelect(null);
    },
    [onSelect, selected],
  );

  // fit the whole graph when it changes (not when only the highlight does)
  useEffect(() => {
    const t = requestAnimationFrame(() => void flow.fitView({ padding: 0.1, duration: 0, maxZoom: 1.2 }));
    return () => cancelAnimationFrame(t);
  }, [fitKey, flow]);

  return (
    <ReactFlow
      nodes={flowNodes}
      edges={flowEdges}
      nodeTypes={nodeTypes}
      onNodesChange={onNodesChange}
      onPaneClick={() => selected && onSelect(null)}
      colorMode={colorMode}
      fitView
      minZoom={0.02}
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
      <Background gap={24} size={1} />
      <MiniMap pannable zoomable nodeColor={miniMapColour} nodeStrokeWidth={0} ariaLabel="Mini map of the access graph" />
      <Controls showInteractive={false} aria-label="Zoom controls" />
    </ReactFlow>
  );
}

export const GraphCanvas = memo(GraphCanvasInner);
