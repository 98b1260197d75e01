"use client";
// Runs the layout in a Web Worker (one per page), so a large graph never
// freezes the page; a newer request supersedes an older one. The worker may
// answer twice (columns at once, then elkjs for small graphs): `pending`
// ends with the first answer, `refining` with the last.
import { useEffect, useRef, useState } from "react";
import type { LayoutEdge, LayoutNode, LayoutResult } from "@/lib/graph/layout";

type Reply = ({ id: number; ok: true; result: LayoutResult } | { id: number; ok: false; error: string }) & { final: boolean };

export function useLayout(nodes: LayoutNode[] | null, edges: LayoutEdge[] | null) {
  const worker = useRef<Worker | null>(null);
  const seq = useRef(0);
  const [state, setState] = useState<{ result: LayoutResult | null; error: string | null; pending: boolean; refining: boolean }>({ result: null, error: null, pending: false, refining: false });

  useEffect(() => {
    const w = new Worker(new URL("./layout.worker.ts", import.meta.url), { type: "module" });
    worker.current = w;
    w.onmessage = (e: MessageEvent<Reply>) => {
      if (e.data.id !== seq.current) return; // superseded
      const refining = !e.data.final;
      setState(e.data.ok ? { result: e.data.result, error: null, pending: false, refining } : { result: null, error: e.data.error, pending: false, refining });
    };
    w.onerror = (e) => setState({ result: null, error: e.message || "the layout worker failed", pending: false, refining: false });
    return () => {
      w.terminate();
      worker.current = null;
    };
  }, []);

  useEffect(() => {
    if (!nodes || !edges || !worker.current) return;
    const id = ++seq.current;
    setState((s) => ({ ...s, pending: true }));
    worker.current.postMessage({ id, nodes, edges });
  }, [nodes, edges]);

  return state;
}
