// The view of the access graph the console draws, cut from the catalog's
// graph (./catalog-graph.ts). Pure: the same model and options give the same
// nodes and edges in the same order, so the layout and the deep links are
// stable.
//
// Filters keep paths: a filter on the resource side (environment, domain,
// resource kind, action) drops profiles and clients that reach none of the
// kept scopes; a filter on clients (kind) drops profiles, scopes and
// resources no kept client reaches. A focus keeps only the paths through one
// node; above a node budget, nodes are aggregated per domain and layer, and
// domains can be opened one by one.
import type { ReadModel } from "../access/read-model";
import { adjacency, edgeLive, fullGraph, indexOf, nodeAt, sortEdges, sortNodes, type Index } from "./catalog-graph";
import { nodeId, type BuildOptions, type Graph, type GraphEdge, type GraphMeta, type GraphNode, type Layer } from "./types";

export { fullGraph } from "./catalog-graph";

/** Above this many nodes the view is aggregated by domain (React Flow is comfortable to ~1,000; a readable overview needs far fewer). */
export const defaultBudget = 200;
export const defaultDepth = 3;

function filterGraph(g: Graph, model: ReadModel, opts: BuildOptions): Graph {
  const f = opts.filters ?? {};
  const domainIds = f.domain ? new Set(model.snapshot.domains.filter((d) => d.name === f.domain).map((d) => d.id)) : null;
  const resourceSide = !!(f.environment || f.domain || f.resourceKind || f.action);
  const clientSide = !!f.clientKind;
  if (!resourceSide && !clientSide) return g;

  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const { out, in: inn } = adjacency(g.edges);
  const pass = (n: GraphNode): boolean => {
    if (n.kind === "client") return !f.clientKind || n.detail === f.clientKind;
    if (n.kind === "profile") return !f.environment || !n.environment || n.environment === f.environment;
    const resource = n.kind === "resource" ? n : byId.get(out.get(n.id)?.[0]?.target ?? "");
    if (!resource) return false;
    if (f.environment && resource.environment !== f.environment) return false;
    if (domainIds && !domainIds.has(resource.domainId ?? "")) return false;
    if (f.resourceKind && resource.detail !== f.resourceKind) return false;
    if (n.kind === "scope" && f.action) {
      const action = n.label.slice(n.label.lastIndexOf(":") + 1);
      if (action !== f.action && action !== "*") return false;
    }
    if (n.kind === "resource" && f.action) {
      // a resource stays when one of its scopes passes
      return (inn.get(n.id) ?? []).some((e) => {
        const a = byId.get(e.source)?.label ?? "";
        const action = a.slice(a.lastIndexOf(":") + 1);
        return action === f.action || action === "*";
      });
    }
    return true;
  };
  const kept = new Set(g.nodes.filter(pass).map((n) => n.id));
  const keptEdge = (e: GraphEdge) => kept.has(e.source) && kept.has(e.target);

  if (resourceSide) {
    // right to left: a profile stays when it holds a kept scope, a client when it links to a kept profile
    for (const layer of [2, 1, 0]) {
      for (const n of g.nodes) {
        if (n.layer !== layer || !kept.has(n.id)) continue;
        if (!(out.get(n.id) ?? []).some(keptEdge)) kept.delete(n.id);
      }
    }
  }
  if (clientSide) {
    // left to right: a profile stays when a kept client links to it, and so on
    for (const layer of [1, 2, 3]) {
      for (const n of g.nodes) {
        if (n.layer !== layer || !kept.has(n.id)) continue;
        if (!(inn.get(n.id) ?? []).some(keptEdge)) kept.delete(n.id);
      }
    }
  }
  if (resourceSide && clientSide) {
    // the left-to-right pass may strand profiles and clients on the right; one more right-to-left pass
    for (const layer of [1, 0]) {
      for (const n of g.nodes) if (n.layer === layer && kept.has(n.id) && !(out.get(n.id) ?? []).some(keptEdge)) kept.delete(n.id);
    }
  }
  return { nodes: g.nodes.filter((n) => kept.has(n.id)), edges: g.edges.filter(keptEdge) };
}

/**
 * The paths through `focus`, read from the index without building the whole
 * graph: `depth` layers downstream and upstream over live edges, plus the
 * neighbours of expanded nodes, and the live edges among them.
 */
function focusGraph(idx: Index, at: Date, focus: string, depth: number, expand: string[]): Graph {
  const t = at.getTime();
  const byId = idx.byId;
  if (!byId.has(focus)) return { nodes: [], edges: [] };
  const kept = new Set<string>([focus]);
  const walk = (dir: Map<string, GraphEdge[]>, next: (e: GraphEdge) => string) => {
    let frontier = [focus];
    for (let d = 0; d < depth && frontier.length; d++) {
      const nextFrontier: string[] = [];
      for (const id of frontier) {
        for (const e of dir.get(id) ?? []) {
          if (!edgeLive(idx, e, t)) continue;
          const n = next(e);
          if (!kept.has(n)) nextFrontier.push(n);
          kept.add(n);
        }
      }
      frontier = nextFrontier;
    }
  };
  walk(idx.out, (e) => e.target);
  walk(idx.in, (e) => e.source);
  for (const id of expand) {
    if (!kept.has(id)) continue;
    for (const e of idx.out.get(id) ?? []) if (edgeLive(idx, e, t)) kept.add(e.target);
    for (const e of idx.in.get(id) ?? []) if (edgeLive(idx, e, t)) kept.add(e.source);
  }
  // every live edge between kept nodes: the walked paths and the links among them
  const edges: GraphEdge[] = [];
  for (const id of kept) for (const e of idx.out.get(id) ?? []) if (kept.has(e.target) && edgeLive(idx, e, t)) edges.push(e);
  const nodes = [...kept].map((id) => nodeAt(idx, byId.get(id)!, t));
  return { nodes: sortNodes(nodes), edges: sortEdges(edges) };
}

/** Hides the children of collapsed nodes, unless another visible parent shows them. */
function collapseGraph(g: Graph, collapse: string[]): Graph {
  if (!collapse.length) return g;
  const collapsed = new Set(collapse);
  const { in: inn } = adjacency(g.edges);
  const hidden = new Set<string>();
  for (const layer of [1, 2, 3]) {
    for (const n of g.nodes) {
      if (n.layer !== layer) continue;
      const parents = (inn.get(n.id) ?? []).map((e) => e.source);
      if (!parents.length) continue;
      const shownBy = parents.filter((p) => !hidden.has(p) && !collapsed.has(p));
      if (shownBy.length === 0) hidden.add(n.id);
    }
  }
  return { nodes: g.nodes.filter((n) => !hidden.has(n.id)), edges: g.edges.filter((e) => !hidden.has(e.source) && !hidden.has(e.target)) };
}

const layerName: Layer[] = ["client", "profile", "scope", "resource"];
const plural: Record<Layer, string> = { client: "clients", profile: "profiles", scope: "scopes", resource: "resources" };

/** Replaces the nodes of closed domains by one group per (layer, domain); edges between groups carry counts. */
function aggregateGraph(g: Graph, open: Set<string>, keep: Set<string>, domainNames: Map<string, string>): Graph {
  const rep = new Map<string, string>();
  const groups = new Map<string, GraphNode>();
  const nodes: GraphNode[] = [];
  for (const n of g.nodes) {
    const key = n.domainId ?? "_";
    if (open.has(key) || keep.has(n.id)) {
      rep.set(n.id, n.id);
      nodes.push(n);
      continue;
    }
    const layer = layerName[n.layer]!;
    const id = nodeId.group(layer, n.domainId);
    rep.set(n.id, id);
    const group = groups.get(id);
    if (group) {
      group.count++;
      if (n.protected) group.protected = true;
      continue;
    }
    const created: GraphNode = {
      id,
      kind: "group",
      layer: n.layer,
      label: n.domainId ? (domainNames.get(n.domainId) ?? n.domainId) : "no domain",
      detail: plural[layer],
      refId: key,
      environment: null,
      protected: n.protected,
      domainId: n.domainId,
      domain: n.domainId ? (domainNames.get(n.domainId) ?? null) : null,
      criticality: null,
      status: null,
      temporary: false,
      expiresAt: null,
      count: 1,
    };
    groups.set(id, created);
    nodes.push(created);
  }
  for (const grp of groups.values()) grp.detail = `${grp.count} ${grp.detail}`;
  const edges = new Map<string, GraphEdge & { all: boolean }>();
  for (const e of g.edges) {
    const source = rep.get(e.source)!;
    const target = rep.get(e.target)!;
    if (source === e.source && target === e.target) {
      edges.set(e.id, { ...e, all: e.temporary });
      continue;
    }
    const id = `x:${e.kind}:${source}:${target}`;
    const agg = edges.get(id);
    if (agg) {
      agg.count += e.count;
      agg.all &&= e.temporary;
      agg.temporary = agg.all;
    } else edges.set(id, { id, source, target, kind: e.kind, temporary: e.temporary, expiresAt: null, count: e.count, all: e.temporary });
  }
  return { nodes, edges: [...edges.values()].map(({ all: _all, ...e }) => e) };
}

/** The graph the console draws, for these options. */
export function buildGraph(model: ReadModel, opts: BuildOptions): Graph & { meta: GraphMeta } {
  // a focus reads only its neighbourhood from the index; filters then keep whole paths within it
  let g = opts.focus ? focusGraph(indexOf(model), opts.at, opts.focus, opts.depth ?? defaultDepth, opts.expand ?? []) : fullGraph(model, opts.at);
  g = filterGraph(g, model, opts);
  g = collapseGraph(g, opts.collapse ?? []);
  const budget = opts.budget ?? defaultBudget;
  const meta: GraphMeta = { totalNodes: g.nodes.length, totalEdges: g.edges.length, aggregated: false, budget };
  const mode = opts.aggregate ?? "auto";
  if (mode === "on" || (mode === "auto" && g.nodes.length > budget)) {
    const keep = new Set([opts.focus, ...(opts.expand ?? [])].filter((x): x is string => !!x));
    g = aggregateGraph(g, new Set(opts.open ?? []), keep, new Map(model.snapshot.domains.map((d) => [d.id, d.name])));
    meta.aggregated = true;
    g = { nodes: sortNodes(g.nodes), edges: sortEdges(g.edges) };
  }
  // otherwise the nodes and edges are still in the index's (sorted) order
  return { nodes: g.nodes, edges: g.edges, meta };
}
