// The browser side of bench/graph-render.mjs: the console's own GraphCanvas
// (components/graph/graph-canvas.tsx: custom nodes, styled edges, MiniMap,
// Controls, only visible elements) on a graph handed in by the page, with
// the first frame and a pan's frame rate recorded on window.
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { useEffect } from "react";
import { createRoot } from "react-dom/client";
import { GraphCanvas } from "../components/graph/graph-canvas";
import type { Point } from "../lib/graph/layout";
import type { GraphEdge, GraphNode } from "../lib/graph/types";

type Bench = { nodes: GraphNode[]; edges: GraphEdge[]; positions: Record<string, Point>; firstFrame?: number; pan?: (ms: number) => Promise<number> };
const w = window as unknown as { __bench: Bench };

function Panner() {
  const flow = useReactFlow();
  useEffect(() => {
    w.__bench.pan = (ms: number) =>
      new Promise<number>((resolve) => {
        const start = performance.now();
        let frames = 0;
        const vp = flow.getViewport();
        const step = () => {
          const t = performance.now() - start;
          if (t >= ms) return resolve((frames * 1000) / t);
          frames++;
          void flow.setViewport({ x: vp.x - t * 0.8, y: vp.y - t * 0.3, zoom: vp.zoom });
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      });
  }, [flow]);
  return null;
}

function App() {
  const b = w.__bench;
  useEffect(() => {
    // the first frame after React Flow has put the nodes in the DOM
    const check = () => {
      if (document.querySelector(".react-flow__node")) requestAnimationFrame(() => (b.firstFrame = performance.now()));
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }, [b]);
  return (
    <div style={{ width: "100vw", height: "100vh" }}>
      <ReactFlowProvider>
        <GraphCanvas nodes={b.nodes} edges={b.edges} positions={b.positions} selected={null} highlight={null} colorMode="light" fitKey="bench" onSelect={() => {}} />
        <Panner />
      </ReactFlowProvider>
    </div>
  );
}

createRoot(document.getElementById("root")!).render(<App />);
