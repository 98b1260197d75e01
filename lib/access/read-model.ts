// The compiled read model: an in-memory index of the catalog (client ->
// bindings/claim rules -> profiles -> scopes -> resources, and back). Token
// issuance, decisions, reachability queries and the graph all answer from it,
// so they agree with each other. Lookups are Map hits; no query scans the
// whole catalog. A committed change makes the next version by applying its
// delta (apply()), sharing every map entry it did not touch.
import { isModelEntity, rowTo, type Row } from "./catalog-rows";
import { Draft, LayeredMap } from "./layered-map";
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
type ProfileLink = Link & { clientId: string };

/** One object a committed change wrote: its row after the change (the write path's after-snapshot), or null when it was deleted. */
export type CatalogChange = { entity: string; id: string; row: Row | null };

/** A change the model cannot apply as a delta: the caller rebuilds instead. */
export class Unpatchable extends Error {}

/** An index another module derives from a model, carried to the next version by patching (see ReadModel.derived). */
export type DerivedIndex<T> = {
  build(model: ReadModel): T;
  patch(prev: T, from: ReadModel, to: ReadModel, changes: readonly CatalogChange[]): T;
  /** its layered maps, folded when the model compacts */
  layers(value: T): LayeredMap<unknown, unknown>[];
};

const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
};

const live = (expiresAt: Date | null, at: Date) => !expiresAt || expiresAt.getTime() > at.getTime();

// Lists inside the indexes are kept in one order, so a patched model answers
// exactly like one compiled from scratch (the first grant names the profile a decision reports).
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const byLink = (a: Link, b: Link) => (a.via.kind !== b.via.kind ? (a.via.kind < b.via.kind ? -1 : 1) : a.via.id < b.via.id ? -1 : a.via.id > b.via.id ? 1 : 0);
const byString = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** `list` (sorted by `order`) with `item` inserted, or with the element `same` matches removed (item undefined). */
function edit<T>(list: readonly T[] | undefined, same: (x: T) => boolean, item: T | undefined, order: (a: T, b: T) => number): T[] | undefined {
  const out = (list ?? []).filter((x) => !same(x));
  if (item !== undefined) {
    let i = out.length;
    while (i > 0 && order(out[i - 1]!, item) > 0) i--;
    out.splice(i, 0, item);
  }
  return out.length ? out : undefined;
}

const resourceKey = (envName: string | undefined, name: string) => `${envName}/${name}`;
const bindingLink = (b: SnapshotBinding): Link => ({ via: { kind: "binding", id: b.id, expiresAt: b.expiresAt }, profileId: b.profileId });
const ruleLink = (r: SnapshotClaimRule): Link => ({ via: { kind: "claimRule", id: r.id, name: r.name }, profileId: r.profileId });

/** Everything a model answers from: maps shared with the versions before and after it (./layered-map.ts). */
class Tables {
  constructor(
    readonly environments: LayeredMap<string, SnapshotEnvironment>,
    readonly domains: LayeredMap<string, SnapshotDomain>,
    readonly resources: LayeredMap<string, SnapshotResource>,
    readonly scopes: LayeredMap<string, SnapshotScope>,
    readonly profiles: LayeredMap<string, SnapshotProfile>,
    readonly clients: LayeredMap<string, SnapshotClient>,
    readonly bindings: LayeredMap<string, SnapshotBinding>,
    readonly claimRules: LayeredMap<string, SnapshotClaimRule>,
    readonly clientsByName: LayeredMap<string, SnapshotClient>,
    readonly resourcesByEnvAndName: LayeredMap<string, SnapshotResource>,
    readonly linksByClient: LayeredMap<string, readonly Link[]>,
    readonly linksByProfile: LayeredMap<string, readonly ProfileLink[]>,
    readonly scopesByResource: LayeredMap<string, readonly SnapshotScope[]>,
    readonly profilesByScope: LayeredMap<string, readonly string[]>,
  ) {}

  static compile(snapshot: CatalogSnapshot): Tables {
    const environments = new Map(snapshot.environments.map((e) => [e.id, e]));
    const clients = new Map<string, SnapshotClient>();
    const clientsByName = new Map<string, SnapshotClient>();
    for (const c of snapshot.clients) {
      clients.set(c.id, c);
      clientsByName.set(c.name, c);
    }
    const resources = new Map<string, SnapshotResource>();
    const resourcesByEnvAndName = new Map<string, SnapshotResource>();
    for (const r of snapshot.resources) {
      resources.set(r.id, r);
      resourcesByEnvAndName.set(resourceKey(environments.get(r.environmentId)?.name, r.name), r);
    }
    const scopes = new Map<string, SnapshotScope>();
    const scopesByResource = new Map<string, SnapshotScope[]>();
    for (const s of snapshot.scopes) {
      scopes.set(s.id, s);
      push(scopesByResource, s.resourceId, s);
    }
    const profiles = new Map<string, SnapshotProfile>();
    const profilesByScope = new Map<string, string[]>();
    for (const p of snapshot.profiles) {
      profiles.set(p.id, p);
      for (const s of p.scopeIds) push(profilesByScope, s, p.id);
    }
    const linksByClient = new Map<string, Link[]>();
    const linksByProfile = new Map<string, ProfileLink[]>();
    const bindings = new Map<string, SnapshotBinding>();
    for (const b of snapshot.bindings) {
      bindings.set(b.id, b);
      const link = bindingLink(b);
      push(linksByClient, b.clientId, link);
      push(linksByProfile, b.profileId, { ...link, clientId: b.clientId });
    }
    const claimRules = new Map<string, SnapshotClaimRule>();
    for (const r of snapshot.claimRules) {
      claimRules.set(r.id, r);
      if (!r.clientId) continue;
      const link = ruleLink(r);
      push(linksByClient, r.clientId, link);
      push(linksByProfile, r.profileId, { ...link, clientId: r.clientId });
    }
    for (const l of scopesByResource.values()) l.sort(byId);
    for (const l of profilesByScope.values()) l.sort(byString);
    for (const l of linksByClient.values()) l.sort(byLink);
    for (const l of linksByProfile.values()) l.sort(byLink);
    const of = LayeredMap.of;
    return new Tables(
      of(environments),
      of(new Map(snapshot.domains.map((d) => [d.id, d]))),
      of(resources),
      of(scopes),
      of(profiles),
      of(clients),
      of(bindings),
      of(claimRules),
      of(clientsByName),
      of(resourcesByEnvAndName),
      of<string, readonly Link[]>(linksByClient),
      of<string, readonly ProfileLink[]>(linksByProfile),
      of<string, readonly SnapshotScope[]>(scopesByResource),
      of<string, readonly string[]>(profilesByScope),
    );
  }

  /** These tables with the changes applied, in order (throws Unpatchable). */
  apply(changes: readonly CatalogChange[]): Tables {
    const d = {
      environments: new Draft(this.environments),
      domains: new Draft(this.domains),
      resources: new Draft(this.resources),
      scopes: new Draft(this.scopes),
      profiles: new Draft(this.profiles),
      clients: new Draft(this.clients),
      bindings: new Draft(this.bindings),
      claimRules: new Draft(this.claimRules),
      clientsByName: new Draft(this.clientsByName),
      resourcesByEnvAndName: new Draft(this.resourcesByEnvAndName),
      linksByClient: new Draft(this.linksByClient),
      linksByProfile: new Draft(this.linksByProfile),
      scopesByResource: new Draft(this.scopesByResource),
      profilesByScope: new Draft(this.profilesByScope),
    };
    const setLink = (clientId: string, link: Link, present: boolean) => {
      const same = (x: Link) => x.via.kind === link.via.kind && x.via.id === link.via.id;
      d.linksByClient.set(clientId, edit(d.linksByClient.get(clientId), same, present ? link : undefined, byLink));
      d.linksByProfile.set(link.profileId, edit(d.linksByProfile.get(link.profileId), same, present ? { ...link, clientId } : undefined, byLink));
    };
    const dropBinding = (b: SnapshotBinding) => {
      d.bindings.delete(b.id);
      setLink(b.clientId, bindingLink(b), false);
    };
    const dropRule = (r: SnapshotClaimRule) => {
      d.claimRules.delete(r.id);
      if (r.clientId) setLink(r.clientId, ruleLink(r), false);
    };
    for (const c of changes) {
      if (c.entity === "credential" || c.entity === "assertion") continue;
      if (!isModelEntity(c.entity)) throw new Unpatchable(`unknown entity ${c.entity}`);
      switch (c.entity) {
        case "environment": {
          const old = d.environments.get(c.id);
          const next = c.row && rowTo.environment(c.row);
          // resources are keyed by their environment's name: a rename re-keys them all
          if (old && next && old.name !== next.name) throw new Unpatchable(`environment ${old.name} renamed`);
          d.environments.set(c.id, next ?? undefined);
          break;
        }
        case "domain":
          d.domains.set(c.id, c.row ? rowTo.domain(c.row) : undefined);
          break;
        case "resource": {
          const old = d.resources.get(c.id);
          const next = c.row ? rowTo.resource(c.row) : undefined;
          d.resources.set(c.id, next);
          if (old) {
            const k = resourceKey(d.environments.get(old.environmentId)?.name, old.name);
            if (d.resourcesByEnvAndName.get(k)?.id === c.id) d.resourcesByEnvAndName.delete(k);
          }
          if (next) d.resourcesByEnvAndName.set(resourceKey(d.environments.get(next.environmentId)?.name, next.name), next);
          break;
        }
        case "scope": {
          const old = d.scopes.get(c.id);
          const next = c.row ? rowTo.scope(c.row) : undefined;
          d.scopes.set(c.id, next);
          const same = (x: SnapshotScope) => x.id === c.id;
          if (old) d.scopesByResource.set(old.resourceId, edit(d.scopesByResource.get(old.resourceId), same, undefined, byId));
          if (next) d.scopesByResource.set(next.resourceId, edit(d.scopesByResource.get(next.resourceId), same, next, byId));
          break;
        }
        case "profile": {
          const old = d.profiles.get(c.id);
          const next = c.row ? rowTo.profile(c.row) : undefined;
          d.profiles.set(c.id, next);
          const before = new Set(old?.scopeIds ?? []);
          const after = new Set(next?.scopeIds ?? []);
          const same = (x: string) => x === c.id;
          for (const s of before) if (!after.has(s)) d.profilesByScope.set(s, edit(d.profilesByScope.get(s), same, undefined, byString));
          for (const s of after) if (!before.has(s)) d.profilesByScope.set(s, edit(d.profilesByScope.get(s), same, c.id, byString));
          break;
        }
        case "client": {
          const old = d.clients.get(c.id);
          const next = c.row ? rowTo.client(c.row) : undefined;
          d.clients.set(c.id, next);
          if (old && d.clientsByName.get(old.name)?.id === c.id) d.clientsByName.delete(old.name);
          if (next) d.clientsByName.set(next.name, next);
          if (!next) {
            // its bindings and claim rules went with it (cascade)
            for (const link of d.linksByClient.get(c.id) ?? []) {
              const row = link.via.kind === "binding" ? d.bindings.get(link.via.id) : d.claimRules.get(link.via.id);
              if (!row) throw new Unpatchable(`${link.via.kind} ${link.via.id} of client ${c.id} is not in the model`);
              if (link.via.kind === "binding") dropBinding(row as SnapshotBinding);
              else dropRule(row as SnapshotClaimRule);
            }
          }
          break;
        }
        case "binding": {
          const old = d.bindings.get(c.id);
          if (old) dropBinding(old);
          if (c.row) {
            const next = rowTo.binding(c.row);
            d.bindings.set(c.id, next);
            setLink(next.clientId, bindingLink(next), true);
          }
          break;
        }
        case "claimRule": {
          const old = d.claimRules.get(c.id);
          if (old) dropRule(old);
          if (c.row) {
            const next = rowTo.claimRule(c.row);
            d.claimRules.set(c.id, next);
            if (next.clientId) setLink(next.clientId, ruleLink(next), true);
          }
          break;
        }
      }
    }
    return new Tables(
      d.environments.done(),
      d.domains.done(),
      d.resources.done(),
      d.scopes.done(),
      d.profiles.done(),
      d.clients.done(),
      d.bindings.done(),
      d.claimRules.done(),
      d.clientsByName.done(),
      d.resourcesByEnvAndName.done(),
      d.linksByClient.done(),
      d.linksByProfile.done(),
      d.scopesByResource.done(),
      d.profilesByScope.done(),
    );
  }

  private all(): LayeredMap<string, unknown>[] {
    return Object.values(this) as LayeredMap<string, unknown>[];
  }

  needsCompaction(): boolean {
    return this.all().some((m) => m.needsCompaction());
  }

  compact(): void {
    for (const m of this.all()) if (m.needsCompaction()) m.compact();
  }
}

/** The catalog as plain arrays, built from the tables the first time a field is read. */
function lazySnapshot(t: Tables): CatalogSnapshot {
  const cache: Partial<CatalogSnapshot> = {};
  const field = <K extends keyof CatalogSnapshot>(k: K, values: () => CatalogSnapshot[K]) =>
    Object.defineProperty(out, k, { enumerable: true, get: () => (cache[k] ??= values()) });
  const out = {} as CatalogSnapshot;
  field("environments", () => [...t.environments.values()]);
  field("domains", () => [...t.domains.values()]);
  field("resources", () => [...t.resources.values()]);
  field("scopes", () => [...t.scopes.values()]);
  field("profiles", () => [...t.profiles.values()]);
  field("clients", () => [...t.clients.values()]);
  field("bindings", () => [...t.bindings.values()]);
  field("claimRules", () => [...t.claimRules.values()]);
  return out;
}

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
