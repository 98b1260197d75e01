// The compiled read model: an in-memory index of the catalog (client ->
// bindings/claim rules -> profiles -> scopes -> resources, and back). Token
// issuance, decisions, reachability queries and the graph all answer from it,
// so they agree with each other. Lookups are Map hits; no query scans the
// whole catalog. A committed change makes the next version by applying its
// delta (apply()), sharing every map entry it did not touch; the tables and
// their upkeep live in ./read-model-tables.ts, the questions here.
import { lazySnapshot, Tables, Unpatchable, type CatalogChange, type Link, type ProfileLink, type Via } from "./read-model-tables";
import type { LayeredMap } from "./layered-map";
import type {
  CatalogSnapshot,
  SnapshotBinding,
  SnapshotClaimRule,
  SnapshotClient,
  SnapshotDomain,
  SnapshotEnvironment,
  SnapshotProfile,
  SnapshotResource,
  SnapshotScope,
} from "./snapshot";

export { Unpatchable, type CatalogChange, type Via };

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


/** An index another module derives from a model, carried to the next version by patching (see ReadModel.derived). */
export type DerivedIndex<T> = {
  build(model: ReadModel): T;
  patch(prev: T, from: ReadModel, to: ReadModel, changes: readonly CatalogChange[]): T;
  /** its layered maps, folded when the model compacts */
  layers(value: T): LayeredMap<unknown, unknown>[];
};

const live = (expiresAt: Date | null, at: Date) => !expiresAt || expiresAt.getTime() > at.getTime();


export class ReadModel {
  readonly clients: ReadonlyMap<string, SnapshotClient>;
  readonly clientsByName: ReadonlyMap<string, SnapshotClient>;
  readonly profiles: ReadonlyMap<string, SnapshotProfile>;
  readonly scopes: ReadonlyMap<string, SnapshotScope>;
  readonly resources: ReadonlyMap<string, SnapshotResource>;
  readonly environments: ReadonlyMap<string, SnapshotEnvironment>;
  readonly domains: ReadonlyMap<string, SnapshotDomain>;
  readonly bindings: ReadonlyMap<string, SnapshotBinding>;
  readonly claimRules: ReadonlyMap<string, SnapshotClaimRule>;
  private readonly linksByClient: ReadonlyMap<string, readonly Link[]>;
  private readonly linksByProfile: ReadonlyMap<string, readonly ProfileLink[]>;
  private readonly scopesByResource: ReadonlyMap<string, readonly SnapshotScope[]>;
  private readonly profilesByScope: ReadonlyMap<string, readonly string[]>;
  private readonly resourcesByEnvAndName: ReadonlyMap<string, SnapshotResource>;
  private readonly tables: Tables;
  private readonly derivedIndexes = new Map<DerivedIndex<unknown>, unknown>();
  private snapshotView: CatalogSnapshot | null;

  /** Compiles the model from a snapshot (or, internally, wraps patched tables). */
  constructor(
    source: CatalogSnapshot | Tables,
    readonly version: number,
  ) {
    const t = source instanceof Tables ? source : Tables.compile(source);
    this.snapshotView = source instanceof Tables ? null : source;
    this.tables = t;
    this.clients = t.clients;
    this.clientsByName = t.clientsByName;
    this.profiles = t.profiles;
    this.scopes = t.scopes;
    this.resources = t.resources;
    this.environments = t.environments;
    this.domains = t.domains;
    this.bindings = t.bindings;
    this.claimRules = t.claimRules;
    this.linksByClient = t.linksByClient;
    this.linksByProfile = t.linksByProfile;
    this.scopesByResource = t.scopesByResource;
    this.profilesByScope = t.profilesByScope;
    this.resourcesByEnvAndName = t.resourcesByEnvAndName;
  }

  /** The catalog as plain data (a patched model builds each array on first use). */
  get snapshot(): CatalogSnapshot {
    return (this.snapshotView ??= lazySnapshot(this.tables));
  }

  /**
   * The next version: this model with a committed version's changes applied,
   * sharing everything they did not touch. This model is unchanged (requests
   * answering from it keep their view). Throws Unpatchable when a change
   * cannot be applied as a delta: the caller rebuilds.
   */
  apply(changes: readonly CatalogChange[], version: number): ReadModel {
    const next = new ReadModel(this.tables.apply(changes), version);
    for (const [index, value] of this.derivedIndexes) {
      try {
        next.derivedIndexes.set(index, index.patch(value, this, next, changes));
      } catch (e) {
        if (!(e instanceof Unpatchable)) throw e;
        // built again from the model when next asked for
      }
    }
    return next;
  }

  /** An index derived from this model: built once, then patched along with every delta. */
  derived<T>(index: DerivedIndex<T>): T {
    let value = this.derivedIndexes.get(index as DerivedIndex<unknown>) as T | undefined;
    if (value === undefined) {
      value = index.build(this);
      this.derivedIndexes.set(index as DerivedIndex<unknown>, value);
    }
    return value;
  }

  /** Builds the derived indexes `other` holds (after a rebuild, so no request waits for them). */
  prepareLike(other: ReadModel): void {
    for (const index of other.derivedIndexes.keys()) this.derived(index);
  }

  private derivedLayers(): LayeredMap<unknown, unknown>[] {
    return [...this.derivedIndexes].flatMap(([index, value]) => index.layers(value));
  }

  /** Whether folding the maps' overlays would pay (after many deltas). */
  needsCompaction(): boolean {
    return this.tables.needsCompaction() || this.derivedLayers().some((m) => m.needsCompaction());
  }

  /** Folds the overlays into new bases: answers do not change. */
  compact(): void {
    this.tables.compact();
    for (const m of this.derivedLayers()) if (m.needsCompaction()) m.compact();
  }

  /** The client's bindings and claim rules as links to profiles (live or not). */
  linksOf(clientId: string): readonly Link[] {
    return this.linksByClient.get(clientId) ?? [];
  }

  /** Every client some binding or claim rule links. */
  linkedClients(): Iterable<string> {
    return this.linksByClient.keys();
  }

  /** The resource's scopes, by id. */
  scopesOf(resourceId: string): readonly SnapshotScope[] {
    return this.scopesByResource.get(resourceId) ?? [];
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
