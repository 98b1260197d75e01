// The graph's questions, answered from the read model and shaped for the
// console: can a client do an action on a resource (with the named grants and
// the path to highlight), a client's blast radius by environment, who can
// reach a resource, and a name search over the model (so it also works on a
// past catalog). Pure.
import type { Grant, ReadModel } from "../access/read-model";
import { edgeId, nodeId } from "./types";

export type NamedGrant = {
  via: { kind: "binding"; id: string; expiresAt: string | null } | { kind: "claimRule"; id: string; name: string };
  client: { id: string; name: string };
  profile: { id: string; name: string; version: number };
  scope: { id: string; name: string; action: string };
  resource: { id: string; name: string; environment: string };
  /** the graph's node and edge ids on this path */
  path: { nodes: string[]; edges: string[] };
};

export function nameGrant(model: ReadModel, g: Grant): NamedGrant {
  const client = model.clients.get(g.clientId);
  const resource = model.resources.get(g.resourceId);
  const env = resource ? (model.environments.get(resource.environmentId)?.name ?? "") : "";
  return {
    via: g.via.kind === "binding" ? { kind: "binding", id: g.via.id, expiresAt: g.via.expiresAt?.toISOString() ?? null } : { kind: "claimRule", id: g.via.id, name: g.via.name },
    client: { id: g.clientId, name: client?.name ?? g.clientId },
    profile: { id: g.profileId, name: g.profileName, version: g.profileVersion },
    scope: { id: g.scopeId, name: `${env}/${resource?.name ?? g.resourceId}:${g.action}`, action: g.action },
    resource: { id: g.resourceId, name: resource?.name ?? g.resourceId, environment: env },
    path: {
      nodes: [nodeId.client(g.clientId), nodeId.profile(g.profileId), nodeId.scope(g.scopeId), nodeId.resource(g.resourceId)],
      edges: [g.via.kind === "binding" ? edgeId.binding(g.via.id) : edgeId.claimRule(g.via.id), edgeId.holds(g.profileId, g.scopeId), edgeId.actsOn(g.scopeId)],
    },
  };
}

export type Ref = { id: string; name: string };

export type CanAnswer =
  | { allow: true; client: Ref; resource: Ref & { environment: string }; action: string; at: string; grants: NamedGrant[]; path: { nodes: string[]; edges: string[] } }
  | { allow: false; client: Ref | null; resource: (Ref & { environment: string }) | null; action: string; at: string; reason: string; path: { nodes: string[]; edges: string[] } };

const envOf = (model: ReadModel, environmentId: string) => model.environments.get(environmentId)?.name ?? "";

/** "Can client C do action A on resource R?" — refs are ids or names ("ci-orders", "prod/orders-db"). */
export function explainCan(model: ReadModel, q: { client: string; resource: string; action: string; at: Date }): CanAnswer {
  const client = model.resolveClient(q.client);
  const resource = model.resolveResource(q.resource);
  const at = q.at.toISOString();
  const c = client ? { id: client.id, name: client.name } : null;
  const r = resource ? { id: resource.id, name: resource.name, environment: envOf(model, resource.environmentId) } : null;
  if (!client || !resource) {
    const reason = !client ? `there is no client ${q.client}` : `there is no resource ${q.resource} (name it as environment/name, e.g. prod/orders-db)`;
    return { allow: false, client: c, resource: r, action: q.action, at, reason, path: { nodes: [], edges: [] } };
  }
  const d = model.can(client.id, resource.id, q.action, q.at);
  const ends = { nodes: [nodeId.client(client.id), nodeId.resource(resource.id)], edges: [] as string[] };
  if (!d.allow) return { allow: false, client: c, resource: r, action: q.action, at, reason: d.reason, path: ends };
  const grants = d.grants.map((g) => nameGrant(model, g));
  const path = { nodes: [...new Set(grants.flatMap((g) => g.path.nodes))], edges: [...new Set(grants.flatMap((g) => g.path.edges))] };
  return { allow: true, client: c!, resource: r!, action: q.action, at, grants, path };
}

export type BlastRadius = {
  client: Ref & { kind: string; status: string };
  at: string;
  totals: { resources: number; actions: number; protected: number };
  byEnvironment: { environment: string; protected: boolean; resources: number; actions: number; items: { resourceId: string; resource: string; criticality: string; actions: string[] }[] }[];
};

export function blastRadius(model: ReadModel, q: { client: string; at: Date }): BlastRadius | null {
  const client = model.resolveClient(q.client);
  if (!client) return null;
  const byEnv = model.blastRadius(client.id, q.at);
  const envProtected = new Map([...model.environments.values()].map((e) => [e.name, e.protection === "protected"]));
  const byEnvironment = [...byEnv.entries()]
    .map(([environment, resources]) => {
      const items = [...resources.entries()]
        .map(([resourceId, actions]) => {
          const r = model.resources.get(resourceId);
          return { resourceId, resource: r?.name ?? resourceId, criticality: r?.criticality ?? "medium", actions: [...actions].sort() };
        })
        .sort((a, b) => a.resource.localeCompare(b.resource));
      return { environment, protected: envProtected.get(environment) ?? false, resources: items.length, actions: items.reduce((n, i) => n + i.actions.length, 0), items };
    })
    .sort((a, b) => Number(b.protected) - Number(a.protected) || a.environment.localeCompare(b.environment));
  return {
    client: { id: client.id, name: client.name, kind: client.kind, status: client.status },
    at: q.at.toISOString(),
    totals: {
      resources: byEnvironment.reduce((n, e) => n + e.resources, 0),
      actions: byEnvironment.reduce((n, e) => n + e.actions, 0),
      protected: byEnvironment.filter((e) => e.protected).reduce((n, e) => n + e.resources, 0),
    },
    byEnvironment,
  };
}

export type WhoCanReach = {
  resource: Ref & { environment: string; criticality: string };
  at: string;
  clients: { id: string; name: string; kind: string; actions: string[]; grants: NamedGrant[] }[];
  byAction: Record<string, number>;
};

export function whoCanReach(model: ReadModel, q: { resource: string; at: Date; action?: string }): WhoCanReach | null {
  const resource = model.resolveResource(q.resource);
  if (!resource) return null;
  const grants = model.whoCanReach(resource.id, q.at).filter((g) => !q.action || g.action === q.action || g.action === "*");
  const byClient = new Map<string, NamedGrant[]>();
  for (const g of grants) (byClient.get(g.clientId) ?? byClient.set(g.clientId, []).get(g.clientId)!).push(nameGrant(model, g));
  const clients = [...byClient.entries()]
    .map(([id, gs]) => {
      const c = model.clients.get(id);
      return { id, name: c?.name ?? id, kind: c?.kind ?? "", actions: [...new Set(gs.map((g) => g.scope.action))].sort(), grants: gs };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const byAction: Record<string, number> = {};
  for (const c of clients) for (const a of c.actions) byAction[a] = (byAction[a] ?? 0) + 1;
  return {
    resource: { id: resource.id, name: resource.name, environment: envOf(model, resource.environmentId), criticality: resource.criticality },
    at: q.at.toISOString(),
    clients,
    byAction,
  };
}

export type GraphHit = { id: string; kind: "client" | "profile" | "resource" | "scope"; name: string; detail: string };

/** Names in the model matching the term: exact, then prefix, then contains; clients and resources first. */
export function searchModel(model: ReadModel, q: string, limit = 12): GraphHit[] {
  const term = q.trim().toLowerCase();
  if (!term) return [];
  const hits: (GraphHit & { rank: number; order: number })[] = [];
  const rank = (name: string) => (name === term ? 0 : name.startsWith(term) ? 1 : name.includes(term) ? 2 : -1);
  const consider = (hit: GraphHit, names: string[], order: number) => {
    const r = Math.min(...names.map((n) => rank(n.toLowerCase())).map((x) => (x < 0 ? 9 : x)));
    if (r < 9) hits.push({ ...hit, rank: r, order });
  };
  for (const c of model.clients.values()) consider({ id: nodeId.client(c.id), kind: "client", name: c.name, detail: `${c.kind} · ${c.status}` }, [c.name], 0);
  for (const r of model.resources.values()) {
    const env = envOf(model, r.environmentId);
    consider({ id: nodeId.resource(r.id), kind: "resource", name: `${env}/${r.name}`, detail: `${r.kind} · ${r.criticality}` }, [r.name, `${env}/${r.name}`], 1);
  }
  for (const p of model.profiles.values()) consider({ id: nodeId.profile(p.id), kind: "profile", name: p.name, detail: `profile v${p.version}` }, [p.name], 2);
  if (term.includes(":")) {
    for (const s of model.scopes.values()) {
      const r = model.resources.get(s.resourceId);
      if (!r) continue;
      const env = envOf(model, r.environmentId);
      consider({ id: nodeId.scope(s.id), kind: "scope", name: `${env}/${r.name}:${s.action}`, detail: "scope" }, [`${r.name}:${s.action}`, `${env}/${r.name}:${s.action}`], 3);
    }
  }
  return hits
    .sort((a, b) => a.rank - b.rank || a.order - b.order || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map(({ rank: _r, order: _o, ...h }) => h);
}
