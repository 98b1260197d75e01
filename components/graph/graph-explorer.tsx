"use client";
// The access graph page: URL state -> GET /api/v1/graph -> layout in a Web
// Worker -> React Flow, with the toolbar above and the side panel beside.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ReactFlowProvider } from "@xyflow/react";
import { useTheme } from "next-themes";
import Link from "next/link";
import { useCallback, useMemo, useRef, useState } from "react";
import type { LayoutEdge, LayoutNode, Point } from "@/lib/graph/layout";
import type { GraphHit } from "@/lib/graph/queries";
import { graphKeys } from "@/lib/graph/query-keys";
import type { GraphView } from "@/lib/graph/view";
import { fetchJson } from "@/lib/query/fetch-json";
import { exportView } from "./export";
import { GraphCanvas, type Highlight } from "./graph-canvas";
import { Legend } from "./legend";
import { nodeSize } from "./nodes";
import { SidePanel, useCanAnswer } from "./side-panel";
import { ChangeOverlayPicker, GraphFilters, GraphSearch, TimeTravel, toolbarButton as button } from "./toolbar";
import { useGraphUrl } from "./use-graph-url";
import { useLayout } from "./use-layout";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function OverlayBanner({ view, onClose }: { view: GraphView; onClose: () => void }) {
  const o = view.overlay!;
  return (
    <section aria-label={`Change request CR-${o.number} overlay`} className="rounded-md border border-sky-300 bg-sky-50 px-3 py-2 text-sm dark:border-sky-900 dark:bg-sky-950">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <strong>
          <Link href={`/changes/${o.number}`} className="underline">
            CR-{o.number}
          </Link>{" "}
          {o.title}
        </strong>
        <span>({o.status})</span>
        <span className="font-medium text-emerald-700 dark:text-emerald-300">{plural(o.counts.edgesGained, "edge")} gained</span>
        <span className="font-medium text-rose-700 dark:text-rose-300">{plural(o.counts.edgesLost, "edge")} lost</span>
        {o.reach ? (
          <span>
            Reach: <span className="text-emerald-700 dark:text-emerald-300">+{plural(o.reach.totalGained, "grant")}</span> for {plural(o.reach.clientsGaining, "client")},{" "}
            <span className="text-rose-700 dark:text-rose-300">−{plural(o.reach.totalLost, "grant")}</span> for {plural(o.reach.clientsLosing, "client")}
          </span>
        ) : null}
        <button type="button" className={`${button} ml-auto`} onClick={onClose}>
          Close overlay
        </button>
      </div>
      {o.note ? <p className="mt-1 text-xs">{o.note}</p> : null}
      {o.reach && (o.reach.gained.length || o.reach.lost.length) ? (
        <details className="mt-1 text-xs">
          <summary className="cursor-pointer">Who gains and loses what</summary>
          <ul className="mt-1 max-h-40 overflow-auto">
            {o.reach.gained.map((g) => (
              <li key={`g-${g.clientId}-${g.resourceId}-${g.action}`} className="text-emerald-800 dark:text-emerald-300">
                + {g.client} {g.action} {g.resource}
              </li>
            ))}
            {o.reach.lost.map((g) => (
              <li key={`l-${g.clientId}-${g.resourceId}-${g.action}`} className="text-rose-800 dark:text-rose-300">
                − {g.client} {g.action} {g.resource}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}

export function GraphExplorer({ canIncident, canRevokeTokens }: { canIncident: boolean; canRevokeTokens: boolean }) {
  const { state, api, set } = useGraphUrl();
  const { resolvedTheme } = useTheme();
  const canvasRef = useRef<HTMLDivElement>(null);
  const [exportError, setExportError] = useState<string | null>(null);

  const view = useQuery({
    queryKey: graphKeys.view(api),
    queryFn: () => fetchJson<GraphView>("/api/v1/graph", api),
    placeholderData: keepPreviousData,
  });
  const data = view.data;

  const layoutInput = useMemo(() => {
    if (!data) return { nodes: null, edges: null };
    const nodes: LayoutNode[] = data.nodes.map((n) => ({ id: n.id, layer: n.layer, ...nodeSize[n.kind], group: n.domainId ?? "_" }));
    const edges: LayoutEdge[] = data.edges.map((e) => ({ source: e.source, target: e.target }));
    return { nodes, edges };
  }, [data]);
  const layout = useLayout(layoutInput.nodes, layoutInput.edges);

  // draw the view the positions were computed for; a newer view waits for its layout
  const shown = useRef<{ view: GraphView; positions: Record<string, Point> } | null>(null);
  if (data && layout.result && !layout.pending) {
    const complete = data.nodes.every((n) => layout.result!.positions[n.id]);
    if (complete) shown.current = { view: data, positions: layout.result.positions };
  }
  const drawn = shown.current;

  const can = useCanAnswer(state);
  const highlight = useMemo<Highlight>(() => {
    const a = can.data;
    if (!a) return null;
    return { nodes: new Set(a.path.nodes), edges: new Set(a.path.edges) };
  }, [can.data]);

  const selected = useMemo(() => (state.sel && drawn ? (drawn.view.nodes.find((n) => n.id === state.sel) ?? null) : null), [state.sel, drawn]);
  const clientNames = useMemo(() => (data ? data.nodes.filter((n) => n.kind === "client").map((n) => n.label) : []), [data]);

  const onSelect = useCallback((id: string | null) => set({ sel: id ?? "" }), [set]);
  const onPick = useCallback((hit: GraphHit) => set({ focus: hit.id, sel: hit.id, expand: "", collapse: "" }), [set]);

  const doExport = async (format: "png" | "svg") => {
    setExportError(null);
    const el = canvasRef.current?.querySelector<HTMLElement>(".react-flow");
    if (!el) return;
    try {
      await exportView(el, format, `perimeter-graph${state.at ? `-${state.at.slice(0, 16)}` : ""}`);
    } catch (e) {
      setExportError(e instanceof Error ? e.message : "export failed");
    }
  };

  // fit again when the graph changes, or when elkjs refines the columns' layout
  const engine = layout.result?.engine ?? "";
  const fitKey = useMemo(() => (drawn ? `${JSON.stringify(api)}|${drawn.view.nodes.length}|${drawn.view.edges.length}|${engine}` : ""), [drawn, api, engine]);
  const focusNode = state.focus && data ? data.nodes.find((n) => n.id === state.focus) : null;

  return (
    <div className="-m-6 flex h-[calc(100vh-3.5rem)] min-h-[32rem] flex-col">
      <div className="flex flex-col gap-2 border-b border-slate-200 px-4 py-2 dark:border-slate-800">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-lg font-semibold tracking-tight">Access graph</h1>
          <GraphSearch at={state.at ?? ""} onPick={onPick} />
          <TimeTravel at={state.at} onChange={(iso) => set({ at: iso, change: iso ? "" : state.change })} />
          <ChangeOverlayPicker change={state.change} disabled={!!state.at} onChange={(n) => set({ change: n })} />
          <div className="ml-auto flex gap-2">
            <button type="button" className={button} onClick={() => void doExport("png")} disabled={!drawn}>
              Export PNG
            </button>
            <button type="button" className={button} onClick={() => void doExport("svg")} disabled={!drawn}>
              Export SVG
            </button>
          </div>
        </div>
        <GraphFilters state={state} facets={data?.facets} set={set} />
        <div className="flex flex-wrap items-center gap-3 text-xs text-slate-600 dark:text-slate-400" aria-live="polite">
          {state.focus ? (
            <span className="flex items-center gap-2">
              Focused on <strong className="text-slate-900 dark:text-slate-100">{focusNode?.label ?? state.focus}</strong>
              <label className="flex items-center gap-1">
                Depth
                <select aria-label="Depth" value={state.depth ?? "3"} onChange={(e) => set({ depth: e.target.value === "3" ? "" : e.target.value })} className="rounded border border-slate-300 bg-white px-1 dark:border-slate-700 dark:bg-slate-900">
                  <option value="1">1</option>
                  <option value="2">2</option>
                  <option value="3">3</option>
                </select>
              </label>
              <button type="button" className="underline" onClick={() => set({ focus: "", depth: "", expand: "", collapse: "" })}>
                Show everything
              </button>
            </span>
          ) : null}
          {data ? (
            <span>
              {data.nodes.length} nodes, {data.edges.length} edges
              {data.meta.aggregated ? ` (aggregated by domain from ${data.meta.totalNodes} nodes: select a group to open it)` : ""}
              {layout.result ? ` · layout ${layout.result.engine === "elk" ? "elkjs" : "columns"} ${Math.round(layout.result.ms)} ms` : ""}
              {layout.refining ? " · refining with elkjs…" : ""}
            </span>
          ) : null}
          {data?.meta.past ? <span className="rounded bg-amber-100 px-1.5 text-amber-900 dark:bg-amber-950 dark:text-amber-300">As of {new Date(data.meta.at).toLocaleString()} (from the audit log)</span> : null}
          {view.isFetching || layout.pending ? <span>Updating…</span> : null}
          {exportError ? <span role="alert">Export failed: {exportError}</span> : null}
        </div>
        {view.isError ? (
          <p role="alert" className="rounded-md border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-900 dark:border-rose-900 dark:bg-rose-950 dark:text-rose-200">
            {view.error.message}
          </p>
        ) : null}
        {layout.error ? (
          <p role="alert" className="text-sm text-rose-700 dark:text-rose-300">
            Layout failed: {layout.error}
          </p>
        ) : null}
        {data?.overlay ? <OverlayBanner view={data} onClose={() => set({ change: "" })} /> : null}
      </div>
      <div className="flex min-h-0 flex-1">
        <div ref={canvasRef} className="relative min-w-0 flex-1" aria-label="Access graph canvas" role="region">
          {drawn ? (
            <ReactFlowProvider>
              <GraphCanvas
                nodes={drawn.view.nodes}
                edges={drawn.view.edges}
                positions={drawn.positions}
                selected={state.sel ?? null}
                highlight={highlight}
                colorMode={resolvedTheme === "dark" ? "dark" : "light"}
                fitKey={fitKey}
                onSelect={onSelect}
              />
            </ReactFlowProvider>
          ) : (
            <p className="p-6 text-sm text-slate-600 dark:text-slate-400">{view.isError ? "" : "Loading the graph…"}</p>
          )}
          {drawn && drawn.view.nodes.length === 0 ? (
            <p role="status" className="absolute inset-x-0 top-1/3 text-center text-sm text-slate-600 dark:text-slate-400">
              Nothing to show: {data?.meta.past ? "the catalog held nothing matching at this instant" : "no node matches these filters or this focus"}.
            </p>
          ) : null}
          <Legend />
        </div>
        <SidePanel
          state={state}
          set={set}
          selected={selected}
          clientNames={clientNames}
          actions={data?.facets.actions ?? []}
          at={state.at ?? ""}
          canIncident={canIncident}
          canRevokeTokens={canRevokeTokens}
        />
      </div>
    </div>
  );
}
