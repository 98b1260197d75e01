// Everything the product reads from a read model and the token service's
// index, in a comparable form (order removed where it carries no meaning):
// the tests that prove a patched model equals one compiled from scratch
// compare these.
import type { ReadModel } from "../access/read-model";
import { boundProfiles, heldUntil, type ModelIndex } from "../oauth/model-index";

const sortBy = <T>(list: Iterable<T>, key: (x: T) => string) => [...list].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
const byId = <T extends { id: string }>(list: Iterable<T>) => sortBy(list, (x) => x.id);

export function answers(m: ReadModel, ix: ModelIndex, { instants, actions }: { instants: Date[]; actions: string[] }) {
  const s = m.snapshot;
  const out: Record<string, unknown> = {
    snapshot: Object.fromEntries(Object.entries(s).map(([k, v]) => [k, byId(v as { id: string }[])])),
    sizes: [m.clients.size, m.clientsByName.size, m.profiles.size, m.scopes.size, m.resources.size, m.environments.size, m.domains.size, m.bindings.size, m.claimRules.size],
    byName: sortBy(m.clientsByName.entries(), ([k]) => k),
    resourceRef: sortBy(ix.resourceRef.entries(), ([k]) => k),
    scopeRef: sortBy(ix.scopeRef.entries(), ([k]) => k),
    scopeByName: sortBy(ix.scopeByName.entries(), ([k]) => k),
    profileScopes: sortBy(ix.profileScopes.entries(), ([k]) => k).map(([k, v]) => [k, [...v].sort()]),
    links: sortBy(ix.links.entries(), ([k]) => k).map(([k, v]) => [k, sortBy(v.entries(), ([p]) => p).map(([p, l]) => [p, sortBy(l, (x) => `${x.kind}${x.expiresAt?.toISOString()}`)])]),
  };
  for (const at of instants) {
    const t = at.getTime();
    for (const r of [...s.resources.map((x) => x.id), "missing"]) {
      out[`reach ${r} ${t}`] = m.whoCanReach(r, at);
      const res = m.resources.get(r);
      const env = res && m.environments.get(res.environmentId);
      if (res && env) out[`resolve ${r}`] = m.resolveResource(`${env.name}/${res.name}`)?.id;
    }
    for (const c of [...s.clients.map((x) => x.id), "missing"]) {
      out[`grants ${c} ${t}`] = m.grantsOf(c, at);
      out[`blast ${c} ${t}`] = [...m.blastRadius(c, at)].map(([env, rs]) => [env, [...rs].map(([r, a]) => [r, [...a].sort()])]);
      for (const r of s.resources) for (const a of actions) out[`can ${c} ${r.id} ${a} ${t}`] = m.can(c, r.id, a, at);
      const client = m.clients.get(c);
      if (client) {
        out[`bound ${c} ${t}`] = boundProfiles(ix, client, t).map((p) => p.id);
        for (const p of s.profiles) out[`held ${c} ${p.id} ${t}`] = [heldUntil(ix, c, p.id, t), heldUntil(ix, c, p.id, t, "binding"), heldUntil(ix, c, p.id, t, "claimRule")];
      }
    }
  }
  return out;
}

