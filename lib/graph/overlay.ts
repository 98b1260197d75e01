// The pending-change overlay: a change request's operations applied to a copy
// of the catalog in memory (nothing is written), the graph built before and
// after, and the two merged with every edge the change adds marked "gained"
// and every edge it removes marked "lost". The request's stored reach delta
// (who gains or loses which actions) gives the counts beside it.
import type { CatalogSnapshot } from "../access/snapshot";
import type { ParsedOperation } from "../changes/operations";
import type { Graph, GraphEdge, GraphNode } from "./types";

type Row = Record<string, unknown>;
const has = (d: Row, k: string) => Object.prototype.hasOwnProperty.call(d, k) && d[k] !== undefined;
const dateOf = (v: unknown): Date | null => (v instanceof Date ? v : typeof v === "string" ? new Date(v) : null);

function patch<T extends object>(obj: T, data: Row, fields: (keyof T & string)[]): T {
  const out = { ...obj } as Record<string, unknown>;
  for (const f of fields) if (has(data, f)) out[f] = f === "expiresAt" ? dateOf(data[f]) : data[f];
  return out as T;
}

/** The catalog after the operations, as the write path would leave it (cascades included). Pure. */
export function applyToSnapshot(snapshot: CatalogSnapshot, ops: ParsedOperation[]): CatalogSnapshot {
  const s: CatalogSnapshot = {
    environments: [...snapshot.environments],
    domains: [...snapshot.domains],
    resources: [...snapshot.resources],
    scopes: [...snapshot.scopes],
    profiles: snapshot.profiles.map((p) => ({ ...p, scopeIds: [...p.scopeIds] })),
    clients: [...snapshot.clients],
    bindings: [...snapshot.bindings],
    claimRules: [...snapshot.claimRules],
  };
  const replace = <T extends { id: string }>(list: T[], id: string, fn: (x: T) => T) => list.map((x) => (x.id === id ? fn(x) : x));
  for (const op of ops) {
    const d = (op.kind === "delete" ? {} : (op.data ?? {})) as Row;
    const id = op.id ?? "";
    switch (op.entity) {
      case "environment":
        if (op.kind === "create") s.environments.push({ id, name: String(d.name), protection: String(d.protection ?? "none") });
        else if (op.kind === "update") s.environments = replace(s.environments, id, (e) => patch(e, d, ["protection"]));
        else s.environments = s.environments.filter((e) => e.id !== id);
        break;
      case "domain":
        if (op.kind === "create") s.domains.push({ id, name: String(d.name) });
        else if (op.kind === "delete") s.domains = s.domains.filter((x) => x.id !== id);
        break;
      case "resource":
        if (op.kind === "create") {
          s.resources.push({ id, name: String(d.name), kind: String(d.kind), environmentId: String(d.environmentId), domainId: String(d.domainId), criticality: String(d.criticality ?? "medium") });
        } else if (op.kind === "update") s.resources = replace(s.resources, id, (r) => patch(r, d, ["kind", "domainId", "criticality"]));
        else {
          const gone = new Set(s.scopes.filter((x) => x.resourceId === id).map((x) => x.id));
          s.resources = s.resources.filter((r) => r.id !== id);
          s.scopes = s.scopes.filter((x) => !gone.has(x.id));
          s.profiles = s.profiles.map((p) => ({ ...p, scopeIds: p.scopeIds.filter((x) => !gone.has(x)) }));
        }
        break;
      case "scope":
        if (op.kind === "create") s.scopes.push({ id, resourceId: String(d.resourceId), action: String(d.action) });
        else if (op.kind === "delete") {
          s.scopes = s.scopes.filter((x) => x.id !== id);
          s.profiles = s.profiles.map((p) => ({ ...p, scopeIds: p.scopeIds.filter((x) => x !== id) }));
        }
        break;
      case "profile":
        if (op.kind === "create") {
          s.profiles.push({
            id,
            name: String(d.name),
            environmentId: (d.environmentId as string | null) ?? null,
            domainId: (d.domainId as string | null) ?? null,
            version: 1,
            maxTokenLifetimeSeconds: Number(d.maxTokenLifetimeSeconds ?? 3600),
            expiresAt: dateOf(d.expiresAt),
            scopeIds: [...new Set((d.scopeIds as string[] | undefined) ?? [])],
          });
        } else if (op.kind === "update") {
          s.profiles = replace(s.profiles, id, (p) => {
            const next = patch(p, d, ["environmentId", "domainId", "maxTokenLifetimeSeconds", "expiresAt"]);
            let scopeIds = has(d, "scopeIds") ? [...(d.scopeIds as string[])] : [...p.scopeIds];
            for (const a of (d.addScopeIds as string[] | undefined) ?? []) if (!scopeIds.includes(a)) scopeIds.push(a);
            const removed = new Set((d.removeScopeIds as string[] | undefined) ?? []);
            scopeIds = scopeIds.filter((x) => !removed.has(x));
            return { ...next, scopeIds, version: p.version + 1 };
          });
        } else {
          s.profiles = s.profiles.filter((p) => p.id !== id);
          s.bindings = s.bindings.filter((b) => b.profileId !== id);
          s.claimRules = s.claimRules.filter((r) => r.profileId !== id);
        }
        break;
      case "client":
        if (op.kind === "create") {
          s.clients.push({ id, name: String(d.name), kind: String(d.kind), status: String(d.status ?? "active"), domainId: (d.domainId as string | null) ?? null });
        } else if (op.kind === "update") s.clients = replace(s.clients, id, (c) => patch(c, d, ["status", "domainId"]));
        else {
          s.clients = s.clients.filter((c) => c.id !== id);
          s.bindings = s.bindings.filter((b) => b.clientId !== id);
          s.claimRules = s.claimRules.filter((r) => r.clientId !== id);
        }
        break;
      case "binding":
        if (op.kind === "create") s.bindings.push({ id, clientId: String(d.clientId), profileId: String(d.profileId), expiresAt: dateOf(d.expiresAt) });
        else if (op.kind === "update") s.bindings = replace(s.bindings, id, (b) => patch(b, d, ["expiresAt"]));
        else s.bindings = s.bindings.filter((b) => b.id !== id);
        break;
      case "claimRule":
        if (op.kind === "create") {
          s.claimRules.push({
            id,
            name: String(d.name),
            issuer: String(d.issuer),
            conditions: (d.conditions as Record<string, string>) ?? {},
            profileId: String(d.profileId),
            clientId: (d.clientId as string | null) ?? null,
          });
        } else if (op.kind === "update") s.claimRules = replace(s.claimRules, id, (r) => patch(r, d, ["issuer", "conditions", "profileId", "clientId"]));
        else s.claimRules = s.claimRules.filter((r) => r.id !== id);
        break;
      case "credential":
        break; // credentials do not change reach
    }
  }
  return s;
}

export type OverlayCounts = { edgesGained: number; edgesLost: number; nodesAdded: number; nodesRemoved: number };

/** What the change adds and removes in the whole catalog graph (not just in a view). */
export type CatalogDiff = { gained: Set<string>; lost: Set<string>; added: Set<string>; removed: Set<string> };

export function catalogDiff(before: Graph, after: Graph): CatalogDiff {
  const b = { nodes: new Set(before.nodes.map((n) => n.id)), edges: new Set(before.edges.map((e) => e.id)) };
  const a = { nodes: new Set(after.nodes.map((n) => n.id)), edges: new Set(after.edges.map((e) => e.id)) };
  return {
    gained: new Set([...a.edges].filter((id) => !b.edges.has(id))),
    lost: new Set([...b.edges].filter((id) => !a.edges.has(id))),
    added: new Set([...a.nodes].filter((id) => !b.nodes.has(id))),
    removed: new Set([...b.nodes].filter((id) => !a.nodes.has(id))),
  };
}

/**
 * Before and after merged: after's nodes and edges, plus before's that the
 * change removes, marked. With `diff` (the whole catalog's), a catalog edge is
 * marked only when the change itself adds or removes it — not when a focused
 * view merely shows more of the catalog after it; edges between aggregated
 * groups are marked when they appear, vanish or carry more or fewer edges.
 */
export function mergeOverlay(before: Graph, after: Graph, diff?: CatalogDiff): Graph & { counts: OverlayCounts } {
  const beforeNodes = new Map(before.nodes.map((n) => [n.id, n]));
  const afterNodes = new Set(after.nodes.map((n) => n.id));
  const beforeEdges = new Map(before.edges.map((e) => [e.id, e]));
  const afterEdges = new Set(after.edges.map((e) => e.id));
  const group = (id: string) => id.startsWith("x:") || id.startsWith("g:");
  const gainedEdge = (e: GraphEdge) => {
    if (!diff || group(e.id)) {
      const old = beforeEdges.get(e.id);
      return !old || (group(e.id) && e.count > old.count);
    }
    return diff.gained.has(e.id);
  };
  const lostEdge = (e: GraphEdge) => (!diff || group(e.id) ? true : diff.lost.has(e.id));
  const addedNode = (n: GraphNode) => (!diff || group(n.id) ? !beforeNodes.has(n.id) : diff.added.has(n.id));
  const removedNode = (n: GraphNode) => (!diff || group(n.id) ? true : diff.removed.has(n.id));
  const nodes: GraphNode[] = [
    ...after.nodes.map((n) => (addedNode(n) ? { ...n, overlay: "added" as const } : n)),
    ...before.nodes.filter((n) => !afterNodes.has(n.id)).map((n) => (removedNode(n) ? { ...n, overlay: "removed" as const } : n)),
  ];
  const edges: GraphEdge[] = [
    ...after.edges.map((e) => (gainedEdge(e) ? { ...e, overlay: "gained" as const } : e)),
    ...before.edges.filter((e) => !afterEdges.has(e.id)).map((e) => (lostEdge(e) ? { ...e, overlay: "lost" as const } : e)),
  ];
  return {
    nodes,
    edges,
    counts: {
      edgesGained: edges.filter((e) => e.overlay === "gained").length,
      edgesLost: edges.filter((e) => e.overlay === "lost").length,
      nodesAdded: nodes.filter((n) => n.overlay === "added").length,
      nodesRemoved: nodes.filter((n) => n.overlay === "removed").length,
    },
  };
}
