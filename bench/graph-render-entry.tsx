// The browser side of bench/graph-render.mjs: the console's own GraphCanvas
// (components/graph/graph-canvas.tsx: its nodes and their zoomed-out level of
// detail, the edge layer, styled edges, minimap, controls, only visible
// elements) on a graph handed in by the page, with the first frame and the
// frame rate of pans recorded on window.
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import { useEffect } from "react";
import { createRoot } from "react-dom/client";
import { GraphCanvas } from "../components/graph/graph-canvas";
import type { Point } from "../lib/graph/layout";
import type { GraphEdge, GraphNode } from "../lib/graph/types";

type Bench = {
  nodes: GraphNode[];
  edges: GraphEdge[];
  positions: Record<string, Point>;
  firstFrame?: number;
  /** a 3 s pan from where the view is; resolves to frames per second */
  pan?: (ms: number) => Promise<number>;
  /** zoom to `zoom` centred on the flow point (x, y), then let the canvas settle */
  viewAt?: (x: number, y: number, zoom: number) => Promise<void>;
};
const w = window as unknown as { __bench: Bench };

// the same path as the plain page's: circles of 200 px, one every 1.5 s, so the graph stays on screen
const circle = (t: number) => ({ x: 200 * (Math.cos((2 * Math.PI * t) / 1500) - 1), y: 200 * Math.sin((2 * Math.PI * t) / 1500) });

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
          const d = circle(t);
          void flow.setViewport({ x: vp.x + d.x, y: vp.y + d.y, zoom: vp.zoom });
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      });
    w.__bench.viewAt = async (x: number, y: number, zoom: number) => {
      await flow.setViewport({ x: innerWidth / 2 - x * zoom, y: innerHeight / 2 - y * zoom, zoom });
      await new Promise((r) => setTimeout(r, 1000));
    };
  }, [flow]);
  return null;
}

function App() {
  const b = w.__bench;
  useEffect(() => {
    // the first frame with the view fitted (React Flow starts at scale 1, then fits) and the nodes and edges drawn
    const drawn = () => {
      const viewport = document.querySelector<HTMLElement>(".react-flow__viewport");
      const fitted = !!viewport && viewport.style.transform !== "" && viewport.style.transform !== "translate(0px, 0px) scale(1)";
      const edges = b.edges.length === 0 || !!document.querySelector(".react-flow__edge, .graph-canvas-layer");
      return fitted && edges && (b.nodes.length === 0 || !!document.querySelector(".react-flow__node, .graph-canvas-layer"));
    };
    const check = () => {
      if (drawn()) requestAnimationFrame(() => (b.firstFrame = performance.now()));
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
