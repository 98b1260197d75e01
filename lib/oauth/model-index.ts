// Indexes the token service needs on top of the compiled read model, built
// once per read model version (a WeakMap keyed by the model): scope names as
// tokens spell them, each profile's scope set, and which clients hold which
// profiles (through a binding, or a claim rule naming the client).
import type { ReadModel } from "../access/read-model";
import type { SnapshotClient, SnapshotProfile } from "../access/snapshot";
import type { ScopeRef } from "./scopes";

type Link = { kind: "binding" | "claimRule"; expiresAt: Date | null };

export type ModelIndex = {
  model: ReadModel;
  scopeRef: Map<string, ScopeRef>;
  scopeByName: Map<string, ScopeRef>;
  resourceRef: Map<string, string>;
  profileScopes: Map<string, Set<string>>;
  links: Map<string, Map<string, Link[]>>;
};

const indexes = new WeakMap<ReadModel, ModelIndex>();

export function indexOf(model: ReadModel): ModelIndex {
  let ix = indexes.get(model);
  if (ix) return ix;
  const snap = model.snapshot;
  const envName = new Map(snap.environments.map((e) => [e.id, e.name]));
  const resourceRef = new Map(snap.resources.map((r) => [r.id, `${envName.get(r.environmentId) ?? "?"}/${r.name}`]));
  const scopeRef = new Map<string, ScopeRef>();
  const scopeByName = new Map<string, ScopeRef>();
  for (const s of snap.scopes) {
    const resource = resourceRef.get(s.resourceId);
    if (!resource) continue;
    const ref = { id: s.id, name: `${resource}:${s.action}`, resourceId: s.resourceId, resource, action: s.action };
    scopeRef.set(s.id, ref);
    scopeByName.set(ref.name, ref);
  }
  const profileScopes = new Map(snap.profiles.map((p) => [p.id, new Set(p.scopeIds)]));
  const links = new Map<string, Map<string, Link[]>>();
  const add = (clientId: string, profileId: string, link: Link) => {
    let byProfile = links.get(clientId);
    if (!byProfile) links.set(clientId, (byProfile = new Map()));
    const list = byProfile.get(profileId);
    if (list) list.push(link);
    else byProfile.set(profileId, [link]);
  };
  for (const b of snap.bindings) add(b.clientId, b.profileId, { kind: "binding", expiresAt: b.expiresAt });
  for (const r of snap.claimRules) if (r.clientId) add(r.clientId, r.profileId, { kind: "claimRule", expiresAt: null });
  ix = { model, scopeRef, scopeByName, resourceRef, profileScopes, links };
  indexes.set(model, ix);
  return ix;
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
