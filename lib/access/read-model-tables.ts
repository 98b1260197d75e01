// The read model's tables (./read-model.ts): the catalog's entities by id and
// the indexes between them (client -> links -> profiles -> scopes ->
// resources, and back), compiled once from a snapshot and then carried from
// version to version by applying each committed change's rows (apply()):
// every map is a LayeredMap, so a new version shares every entry the change
// did not touch. ReadModel answers the questions; this file only keeps the
// tables right.
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

export type Link = { via: Via; profileId: string };
export type ProfileLink = Link & { clientId: string };

/** One object a committed change wrote: its row after the change (the write path's after-snapshot), or null when it was deleted. */
export type CatalogChange = { entity: string; id: string; row: Row | null };

/** A change the model cannot apply as a delta: the caller rebuilds instead. */
export class Unpatchable extends Error {}

const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
};

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
export class Tables {
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
export function lazySnapshot(t: Tables): CatalogSnapshot {
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
