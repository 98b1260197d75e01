// The read model -> the access graph: clients -> profiles -> scopes ->
// resources, with bindings and claim rules as edges. Pure: the same model and
// options give the same nodes and edges in the same order, so the layout and
// the deep links are stable.
//
// Filters keep paths: a filter on the resource side (environment, domain,
// resource kind, action) drops profiles and clients that reach none of the
// kept scopes; a filter on clients (kind) drops profiles, scopes and
// resources no kept client reaches. A focus keeps only the paths through one
// node; above a node budget, nodes are aggregated per domain and layer, and
// domains can be opened one by one.
import type { ReadModel } from "../access/read-model";
import { nodeId, edgeId, type BuildOptions, type Graph, type GraphEdge, type GraphMeta, type GraphNode, type Layer } from "./types";

/** Above this many nodes the view is aggregated by domain (React Flow is comfortable to ~1,000; a readable overview needs far fewer). */
export const defaultBudget = 200;
export const defaultDepth = 3;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

type Adjacency = { out: Map<string, GraphEdge[]>; in: Map<string, GraphEdge[]> };

function adjacency(edges: GraphEdge[]): Adjacency {
  const out = new Map<string, GraphEdge[]>();
  const inn = new Map<string, GraphEdge[]>();
  for (const e of edges) {
    (out.get(e.source) ?? out.set(e.source, []).get(e.source)!).push(e);
    (inn.get(e.target) ?? inn.set(e.target, []).get(e.target)!).push(e);
  }
  return { out, in: inn };
}

/** Every node and edge of the catalog, whatever the instant (bindings with their expiry). */
function catalogGraph(model: ReadModel): Graph & { until: Map<string, number>; profileUntil: Map<string, number> } {
  const s = model.snapshot;
  const env = new Map(s.environments.map((e) => [e.id, e]));
  const domain = new Map(s.domains.map((d) => [d.id, d.name]));
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const base = { temporary: false, expiresAt: null, count: 1, criticality: null, status: null };

  for (const c of s.clients) {
    nodes.push({
      ...base,
      id: nodeId.client(c.id),
      kind: "client",
      layer: 0,
      label: c.name,
      detail: c.kind,
      refId: c.id,
      environment: null,
      protected: false,
      domainId: c.domainId,
      domain: c.domainId ? (domain.get(c.domainId) ?? null) : null,
      status: c.status,
    });
  }
  /** link edges (bindings, claim rules) are live until this time (ms); profiles likewise */
  const until = new Map<string, number>();
  const profileUntil = new Map<string, number>();
  const end = (d: Date | null) => (d ? d.getTime() : Infinity);
  for (const p of s.profiles) {
    const e = p.environmentId ? env.get(p.environmentId) : undefined;
    profileUntil.set(p.id, end(p.expiresAt));
    nodes.push({
      ...base,
      id: nodeId.profile(p.id),
      kind: "profile",
      layer: 1,
      label: p.name,
      detail: `v${p.version} · ${p.maxTokenLifetimeSeconds} s tokens`,
      refId: p.id,
      environment: e?.name ?? null,
      protected: e?.protection === "protected",
      domainId: p.domainId,
      domain: p.domainId ? (domain.get(p.domainId) ?? null) : null,
      status: "active",
      temporary: !!p.expiresAt,
      expiresAt: iso(p.expiresAt),
    });
  }
  for (const r of s.resources) {
    const e = env.get(r.environmentId);
    nodes.push({
      ...base,
      id: nodeId.resource(r.id),
      kind: "resource",
      layer: 3,
      label: r.name,
      detail: r.kind,
      refId: r.id,
      environment: e?.name ?? null,
      protected: e?.protection === "protected",
      domainId: r.domainId,
      domain: domain.get(r.domainId) ?? null,
      criticality: r.criticality,
    });
  }
  for (const sc of s.scopes) {
    const r = model.resources.get(sc.resourceId);
    if (!r) continue;
    const e = env.get(r.environmentId);
    nodes.push({
      ...base,
      id: nodeId.scope(sc.id),
      kind: "scope",
      layer: 2,
      label: `${r.name}:${sc.action}`,
      detail: e?.name ?? "",
      refId: sc.id,
      environment: e?.name ?? null,
      protected: e?.protection === "protected",
      domainId: r.domainId,
      domain: domain.get(r.domainId) ?? null,
      criticality: r.criticality,
    });
    edges.push({ id: edgeId.actsOn(sc.id), source: nodeId.scope(sc.id), target: nodeId.resource(r.id), kind: "actsOn", temporary: false, expiresAt: null, count: 1 });
  }
  for (const p of s.profiles) {
    for (const scopeId of p.scopeIds) {
      if (!model.scopes.has(scopeId) || !model.resources.has(model.scopes.get(scopeId)!.resourceId)) continue;
      edges.push({
        id: edgeId.holds(p.id, scopeId),
        source: nodeId.profile(p.id),
        target: nodeId.scope(scopeId),
        kind: "holds",
        temporary: !!p.expiresAt,
        expiresAt: iso(p.expiresAt),
        count: 1,
      });
    }
  }
  for (const b of s.bindings) {
    const p = model.profiles.get(b.profileId);
    if (!p || !model.clients.has(b.clientId)) continue;
    const expires = [b.expiresAt, p.expiresAt].filter((d): d is Date => !!d).sort((x, y) => x.getTime() - y.getTime())[0] ?? null;
    until.set(edgeId.binding(b.id), end(expires));
    edges.push({
      id: edgeId.binding(b.id),
      source: nodeId.client(b.clientId),
      target: nodeId.profile(b.profileId),
      kind: "binding",
      temporary: !!expires,
      expiresAt: iso(expires),
      count: 1,
    });
  }
  for (const r of s.claimRules) {
    const p = model.profiles.get(r.profileId);
    if (!r.clientId || !p || !model.clients.has(r.clientId)) continue;
    until.set(edgeId.claimRule(r.id), end(p.expiresAt));
    edges.push({
      id: edgeId.claimRule(r.id),
      source: nodeId.client(r.clientId),
      target: nodeId.profile(r.profileId),
      kind: "claimRule",
      temporary: !!p.expiresAt,
      expiresAt: iso(p.expiresAt),
      count: 1,
    });
  }
  return { nodes: sortNodes(nodes), edges: sortEdges(edges), until, profileUntil };
}

type Index = ReturnType<typeof catalogGraph> &
  Adjacency & {
    byId: Map<string, GraphNode>;
    /** the instants at which some link or profile expires, ascending: the graph is the same between two of them */
    boundaries: number[];
    /** the last graph built, for the interval between two boundaries it holds for */
    live: { from: number; to: number; graph: Graph } | null;
  };
const indexes = new WeakMap<ReadModel, Index>();

/** The catalog's graph, built once per read model (a model never changes; a new version is a new model). */
function indexOf(model: ReadModel): Index {
  let idx = indexes.get(model);
  if (!idx) {
    const g = catalogGraph(model);
    const boundaries = [...new Set([...g.until.values(), ...g.profileUntil.values()].filter(Number.isFinite))].sort((a, b) => a - b);
    idx = { ...g, ...adjacency(g.edges), byId: new Map(g.nodes.map((n) => [n.id, n])), boundaries, live: null };
    indexes.set(model, idx);
  }
  return idx;
}

const edgeLive = (idx: Index, e: GraphEdge, t: number) => (idx.until.get(e.id) ?? Infinity) > t;
const nodeAt = (idx: Index, n: GraphNode, t: number): GraphNode =>
  n.kind === "profile" && (idx.profileUntil.get(n.refId) ?? Infinity) <= t ? { ...n, status: "expired" } : n;

/** Every node and live edge of the catalog at `at`, before filters (expired bindings and links to expired profiles are gone). */
export function fullGraph(model: ReadModel, at: Date): Graph {
  const idx = indexOf(model);
  const t = at.getTime();
  if (idx.live && idx.live.from <= t && t < idx.live.to) return idx.live.graph;
  const graph = { nodes: idx.nodes.map((n) => nodeAt(idx, n, t)), edges: idx.edges.filter((e) => edgeLive(idx, e, t)) };
  // the interval [from, to) between two expiries holds the same graph: keep it for the next request
  let lo = 0;
  let hi = idx.boundaries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (idx.boundaries[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  idx.live = { from: lo > 0 ? idx.boundaries[lo - 1]! : -Infinity, to: lo < idx.boundaries.length ? idx.boundaries[lo]! : Infinity, graph };
  return graph;
}

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

function sortEdges(edges: GraphEdge[]) {
  return edges.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function sortNodes(nodes: GraphNode[]) {
  return nodes.sort(
    (a, b) =>
      a.layer - b.layer ||
      cmp(a.domain ?? "~", b.domain ?? "~") ||
      (a.kind === "group" ? 0 : 1) - (b.kind === "group" ? 0 : 1) ||
      cmp(a.label, b.label) ||
      cmp(a.id, b.id),
  );
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

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
