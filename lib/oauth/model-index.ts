// Indexes the token service needs on top of the compiled read model: scope
// names as tokens spell them, each profile's scope set, and which clients hold
// which profiles (through a binding, or a claim rule naming the client). Built
// once for a model, then carried to each next version by patching only what
// the version's changes touched (ReadModel.derived / apply).
import { LayeredMap } from "../access/layered-map";
import type { CatalogChange, DerivedIndex, ReadModel } from "../access/read-model";
import type { SnapshotClient, SnapshotProfile } from "../access/snapshot";
import type { ScopeRef } from "./scopes";

type Link = { kind: "binding" | "claimRule"; expiresAt: Date | null };

export type ModelIndex = {
  model: ReadModel;
  scopeRef: ReadonlyMap<string, ScopeRef>;
  scopeByName: ReadonlyMap<string, ScopeRef>;
  resourceRef: ReadonlyMap<string, string>;
  profileScopes: ReadonlyMap<string, ReadonlySet<string>>;
  links: ReadonlyMap<string, ReadonlyMap<string, Link[]>>;
};

type Maps = {
  [K in Exclude<keyof ModelIndex, "model">]: ModelIndex[K] extends ReadonlyMap<infer A, infer B> ? LayeredMap<A, B> : never;
};
type Layered = { model: ReadModel } & Maps;

const refOf = (model: ReadModel, resourceId: string): string | undefined => {
  const r = model.resources.get(resourceId);
  return r && `${model.environments.get(r.environmentId)?.name ?? "?"}/${r.name}`;
};

function scopeRefOf(model: ReadModel, resourceRef: (id: string) => string | undefined, scopeId: string): ScopeRef | undefined {
  const s = model.scopes.get(scopeId);
  const resource = s && resourceRef(s.resourceId);
  return s && resource !== undefined ? { id: s.id, name: `${resource}:${s.action}`, resourceId: s.resourceId, resource, action: s.action } : undefined;
}

/** A client's links grouped by profile, from the model's bindings and claim rules. */
function linksOf(model: ReadModel, clientId: string): Map<string, Link[]> | undefined {
  const out = new Map<string, Link[]>();
  for (const g of model.linksOf(clientId)) {
    const link: Link = g.via.kind === "binding" ? { kind: "binding", expiresAt: g.via.expiresAt } : { kind: "claimRule", expiresAt: null };
    const list = out.get(g.profileId);
    if (list) list.push(link);
    else out.set(g.profileId, [link]);
  }
  return out.size ? out : undefined;
}

const modelIndex: DerivedIndex<Layered> = {
  build(model) {
    const resourceRef = new Map<string, string>();
    for (const id of model.resources.keys()) resourceRef.set(id, refOf(model, id)!);
    const scopeRef = new Map<string, ScopeRef>();
    const scopeByName = new Map<string, ScopeRef>();
    for (const id of model.scopes.keys()) {
      const ref = scopeRefOf(model, (r) => resourceRef.get(r), id);
      if (!ref) continue;
      scopeRef.set(id, ref);
      scopeByName.set(ref.name, ref);
    }
    const profileScopes = new Map<string, ReadonlySet<string>>();
    for (const p of model.profiles.values()) profileScopes.set(p.id, new Set(p.scopeIds));
    const links = new Map<string, ReadonlyMap<string, Link[]>>();
    for (const clientId of model.linkedClients()) {
      const l = linksOf(model, clientId);
      if (l) links.set(clientId, l);
    }
    return {
      model,
      resourceRef: LayeredMap.of(resourceRef),
      scopeRef: LayeredMap.of(scopeRef),
      scopeByName: LayeredMap.of(scopeByName),
      profileScopes: LayeredMap.of(profileScopes),
      links: LayeredMap.of(links),
    };
  },
  // recompute exactly the keys the changes touched, from the patched model
  patch(prev, from, to, changes: readonly CatalogChange[]) {
    const resources = new Set<string>();
    const scopes = new Set<string>();
    const profiles = new Set<string>();
    const clients = new Set<string>();
    for (const c of changes) {
      if (c.entity === "resource") resources.add(c.id);
      else if (c.entity === "scope") scopes.add(c.id);
      else if (c.entity === "profile") profiles.add(c.id);
      else if (c.entity === "client") clients.add(c.id);
      else if (c.entity === "binding" || c.entity === "claimRule") {
        const old = c.entity === "binding" ? from.bindings.get(c.id) : from.claimRules.get(c.id);
        if (old?.clientId) clients.add(old.clientId);
        if (typeof c.row?.clientId === "string") clients.add(c.row.clientId);
      }
    }
    const resourceRef = new Map<string, string | undefined>();
    for (const id of resources) {
      resourceRef.set(id, refOf(to, id));
      // a renamed resource renames its scopes
      for (const m of [from, to]) for (const s of m.scopesOf(id)) scopes.add(s.id);
    }
    const refNow = (id: string) => (resourceRef.has(id) ? resourceRef.get(id) : prev.resourceRef.get(id));
    const scopeRef = new Map<string, ScopeRef | undefined>();
    const scopeByName = new Map<string, ScopeRef | undefined>();
    const named: ScopeRef[] = [];
    for (const id of scopes) {
      const old = prev.scopeRef.get(id);
      if (old && prev.scopeByName.get(old.name)?.id === id) scopeByName.set(old.name, undefined);
      const ref = scopeRefOf(to, refNow, id);
      scopeRef.set(id, ref);
      if (ref) named.push(ref);
    }
    for (const ref of named) scopeByName.set(ref.name, ref);
    const profileScopes = new Map<string, ReadonlySet<string> | undefined>();
    for (const id of profiles) {
      const p = to.profiles.get(id);
      profileScopes.set(id, p && new Set(p.scopeIds));
    }
    const links = new Map<string, ReadonlyMap<string, Link[]> | undefined>();
    for (const id of clients) links.set(id, linksOf(to, id));
    return {
      model: to,
      resourceRef: prev.resourceRef.with(resourceRef),
      scopeRef: prev.scopeRef.with(scopeRef),
      scopeByName: prev.scopeByName.with(scopeByName),
      profileScopes: prev.profileScopes.with(profileScopes),
      links: prev.links.with(links),
    };
  },
  layers: (ix) => [ix.resourceRef, ix.scopeRef, ix.scopeByName, ix.profileScopes, ix.links] as LayeredMap<unknown, unknown>[],
};

export function indexOf(model: ReadModel): ModelIndex {
  return model.derived(modelIndex);
}

const live = (expiresAt: Date | null, at: number) => !expiresAt || expiresAt.getTime() > at;

/**
 * Until when the client holds the profile (a live link to a live profile):
 * undefined when it does not now, null when nothing ends it, else the epoch ms
 * when the profile or the last of its live links expires.
 */
export function heldUntil(ix: ModelIndex, clientId: string, profileId: string, at: number, via?: "binding" | "claimRule"): number | null | undefined {
  const profile = ix.model.profiles.get(profileId);
  if (!profile || !live(profile.expiresAt, at)) return undefined;
  let until: number | null | undefined;
  for (const l of ix.links.get(clientId)?.get(profileId) ?? []) {
    if ((via && l.kind !== via) || !live(l.expiresAt, at)) continue;
    if (!l.expiresAt) until = null;
    else if (until !== null) until = Math.max(until ?? 0, l.expiresAt.getTime());
  }
  if (until === undefined) return undefined;
  const p = profile.expiresAt?.getTime() ?? null;
  if (p === null) return until;
  return until === null ? p : Math.min(p, until);
}

/** Does the client hold the profile at this instant? */
export function holdsProfile(ix: ModelIndex, clientId: string, profileId: string, at: number, via?: "binding" | "claimRule"): boolean {
  return heldUntil(ix, clientId, profileId, at, via) !== undefined;
}

/** The profiles a client holds through bindings at this instant, smallest first. */
export function boundProfiles(ix: ModelIndex, client: SnapshotClient, at: number): SnapshotProfile[] {
  const out: SnapshotProfile[] = [];
  for (const profileId of ix.links.get(client.id)?.keys() ?? []) {
    if (holdsProfile(ix, client.id, profileId, at, "binding")) out.push(ix.model.profiles.get(profileId)!);
  }
  return out.sort((a, b) => a.scopeIds.length - b.scopeIds.length || (a.name < b.name ? -1 : 1));
}

/** The scopes of a profile, named as tokens name them. */
export function heldScopes(ix: ModelIndex, profile: SnapshotProfile): ScopeRef[] {
  const out: ScopeRef[] = [];
  for (const id of profile.scopeIds) {
    const ref = ix.scopeRef.get(id);
    if (ref) out.push(ref);
  }
  return out;
}
