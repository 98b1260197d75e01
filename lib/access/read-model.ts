// The compiled read model: an in-memory index of the catalog (client ->
// bindings/claim rules -> profiles -> scopes -> resources, and back). Token
// issuance, decisions, reachability queries and the graph all answer from it,
// so they agree with each other. Lookups are Map hits; no query scans the
// whole catalog.
import type { CatalogSnapshot, SnapshotClient, SnapshotProfile, SnapshotResource, SnapshotScope } from "./snapshot";

export type Via = { kind: "binding"; id: string; expiresAt: Date | null } | { kind: "claimRule"; id: string; name: string };

/** One way a client holds an action on a resource, with every grant on the path named. */
export type Grant = {
  clientId: string;
  via: Via;
  profileId: string;
  profileName: string;
  profileVersion: number;
  scopeId: string;
  resourceId: string;
  action: string;
};

export type Decision =
  | { allow: true; grants: Grant[] }
  | { allow: false; reason: string };

type Link = { via: Via; profileId: string };

const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
};

const live = (expiresAt: Date | null, at: Date) => !expiresAt || expiresAt.getTime() > at.getTime();

export class ReadModel {
  readonly clients = new Map<string, SnapshotClient>();
  readonly clientsByName = new Map<string, SnapshotClient>();
  readonly profiles = new Map<string, SnapshotProfile>();
  readonly scopes = new Map<string, SnapshotScope>();
  readonly resources = new Map<string, SnapshotResource>();
  readonly environments: Map<string, { id: string; name: string; protection: string }>;
  private readonly linksByClient = new Map<string, Link[]>();
  private readonly linksByProfile = new Map<string, (Link & { clientId: string })[]>();
  private readonly scopesByResource = new Map<string, SnapshotScope[]>();
  private readonly profilesByScope = new Map<string, string[]>();
  private readonly resourcesByEnvAndName = new Map<string, SnapshotResource>();

  constructor(
    readonly snapshot: CatalogSnapshot,
    readonly version: number,
  ) {
    this.environments = new Map(snapshot.environments.map((e) => [e.id, e]));
    const envName = new Map(snapshot.environments.map((e) => [e.id, e.name]));
    for (const c of snapshot.clients) {
      this.clients.set(c.id, c);
      this.clientsByName.set(c.name, c);
    }
    for (const r of snapshot.resources) {
      this.resources.set(r.id, r);
      this.resourcesByEnvAndName.set(`${envName.get(r.environmentId)}/${r.name}`, r);
    }
    for (const s of snapshot.scopes) {
      this.scopes.set(s.id, s);
      push(this.scopesByResource, s.resourceId, s);
    }
    for (const p of snapshot.profiles) {
      this.profiles.set(p.id, p);
      for (const s of p.scopeIds) push(this.profilesByScope, s, p.id);
    }
    for (const b of snapshot.bindings) {
      const link = { via: { kind: "binding" as const, id: b.id, expiresAt: b.expiresAt }, profileId: b.profileId };
      push(this.linksByClient, b.clientId, link);
      push(this.linksByProfile, b.profileId, { ...link, clientId: b.clientId });
    }
    for (const r of snapshot.claimRules) {
      if (!r.clientId) continue;
      const link = { via: { kind: "claimRule" as const, id: r.id, name: r.name }, profileId: r.profileId };
      push(this.linksByClient, r.clientId, link);
      push(this.linksByProfile, r.profileId, { ...link, clientId: r.clientId });
    }
  }

  /** "prod/orders-db" or a resource id. */
  resolveResource(ref: string): SnapshotResource | undefined {
    return this.resources.get(ref) ?? this.resourcesByEnvAndName.get(ref);
  }

  resolveClient(ref: string): SnapshotClient | undefined {
    return this.clients.get(ref) ?? this.clientsByName.get(ref);
  }

  private linkLive(link: Link, at: Date): boolean {
    const p = this.profiles.get(link.profileId);
    return !!p && live(p.expiresAt, at) && (link.via.kind !== "binding" || live(link.via.expiresAt, at));
  }

  private grant(clientId: string, link: Link, scope: SnapshotScope): Grant {
    const p = this.profiles.get(link.profileId)!;
    return { clientId, via: link.via, profileId: p.id, profileName: p.name, profileVersion: p.version, scopeId: scope.id, resourceId: scope.resourceId, action: scope.action };
  }

  /** Every grant a client holds at an instant (none when it is not active). */
  grantsOf(clientId: string, at: Date): Grant[] {
    const client = this.clients.get(clientId);
    if (!client || client.status !== "active") return [];
    const out: Grant[] = [];
    for (const link of this.linksByClient.get(clientId) ?? []) {
      if (!this.linkLive(link, at)) continue;
      for (const scopeId of this.profiles.get(link.profileId)!.scopeIds) {
        const scope = this.scopes.get(scopeId);
        if (scope) out.push(this.grant(clientId, link, scope));
      }
    }
    return out;
  }

  /** Can the client do the action on the resource? With the grants that allow it, or why not. */
  can(clientId: string, resourceId: string, action: string, at: Date): Decision {
    const client = this.clients.get(clientId);
    if (!client) return { allow: false, reason: "unknown client" };
    if (client.status !== "active") return { allow: false, reason: `client ${client.name} is ${client.status}` };
    const resource = this.resources.get(resourceId);
    if (!resource) return { allow: false, reason: "unknown resource" };
    const scopes = (this.scopesByResource.get(resourceId) ?? []).filter((s) => s.action === action || s.action === "*");
    if (scopes.length === 0) return { allow: false, reason: `${resource.name} has no ${action} scope` };
    const grants: Grant[] = [];
    let expired = false;
    for (const link of this.linksByClient.get(clientId) ?? []) {
      const p = this.profiles.get(link.profileId);
      const holds = p && scopes.filter((s) => p.scopeIds.includes(s.id));
      if (!holds?.length) continue;
      if (!this.linkLive(link, at)) {
        expired = true;
        continue;
      }
      for (const s of holds) grants.push(this.grant(clientId, link, s));
    }
    if (grants.length) return { allow: true, grants };
    return {
      allow: false,
      reason: expired
        ? `the grant of ${action} on ${resource.name} to ${client.name} has expired`
        : `no profile bound to ${client.name} holds ${resource.name}:${action}`,
    };
  }

  /** Every client that holds some action on the resource, with the grants. */
  whoCanReach(resourceId: string, at: Date): Grant[] {
    const out: Grant[] = [];
    for (const scope of this.scopesByResource.get(resourceId) ?? []) {
      for (const profileId of this.profilesByScope.get(scope.id) ?? []) {
        for (const link of this.linksByProfile.get(profileId) ?? []) {
          if (this.clients.get(link.clientId)?.status !== "active" || !this.linkLive(link, at)) continue;
          out.push(this.grant(link.clientId, link, scope));
        }
      }
    }
    return out;
  }

  /** Everything a client reaches, grouped by environment name. */
  blastRadius(clientId: string, at: Date): Map<string, Map<string, Set<string>>> {
    const byEnv = new Map<string, Map<string, Set<string>>>();
    for (const g of this.grantsOf(clientId, at)) {
      const r = this.resources.get(g.resourceId);
      const env = (r && this.environments.get(r.environmentId)?.name) ?? "unknown";
      const resources = byEnv.get(env) ?? new Map<string, Set<string>>();
      byEnv.set(env, resources);
      const actions = resources.get(g.resourceId) ?? new Set<string>();
      resources.set(g.resourceId, actions);
      actions.add(g.action);
    }
    return byEnv;
  }
}
