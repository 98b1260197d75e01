// The catalog's access graph, built once per read model: every client,
// profile, scope and resource as a node, bindings, claim rules and profile
// holdings as edges, with the instants links expire, so the graph at any
// instant (now, or a past one for time travel) is a cheap selection.
import type { ReadModel } from "../access/read-model";
import { nodeId, edgeId, type Graph, type GraphEdge, type GraphNode } from "./types";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export type Adjacency = { out: Map<string, GraphEdge[]>; in: Map<string, GraphEdge[]> };

export function adjacency(edges: GraphEdge[]): Adjacency {
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

export type Index = ReturnType<typeof catalogGraph> &
  Adjacency & {
    byId: Map<string, GraphNode>;
    /** the instants at which some link or profile expires, ascending: the graph is the same between two of them */
    boundaries: number[];
    /** the last graph built, for the interval between two boundaries it holds for */
    live: { from: number; to: number; graph: Graph } | null;
  };
const indexes = new WeakMap<ReadModel, Index>();

/** The catalog's graph, built once per read model (a model never changes; a new version is a new model). */
export function indexOf(model: ReadModel): Index {
  let idx = indexes.get(model);
  if (!idx) {
    const g = catalogGraph(model);
    const boundaries = [...new Set([...g.until.values(), ...g.profileUntil.values()].filter(Number.isFinite))].sort((a, b) => a - b);
    idx = { ...g, ...adjacency(g.edges), byId: new Map(g.nodes.map((n) => [n.id, n])), boundaries, live: null };
    indexes.set(model, idx);
  }
  return idx;
}

export const edgeLive = (idx: Index, e: GraphEdge, t: number) => (idx.until.get(e.id) ?? Infinity) > t;
export const nodeAt = (idx: Index, n: GraphNode, t: number): GraphNode =>
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

export function sortEdges(edges: GraphEdge[]) {
  return edges.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export function sortNodes(nodes: GraphNode[]) {
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
