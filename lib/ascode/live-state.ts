// The live catalog as a catalog-files state (names, never ids), plus the
// name -> id index the planner needs to turn name-level operations into a
// change request's operations. Credentials are left out: secrets never
// appear in the files, and credentials are issued through their own command.
import type { Db, Tx } from "../db/client";
import { loadAssertions } from "./assertion-store";
import { emptyState, type CatalogState } from "./format";

export type IdIndex = {
  environments: Map<string, string>;
  domains: Map<string, string>;
  /** "<env>/<resource>" */
  resources: Map<string, string>;
  /** "<env>/<resource>:<action>" */
  scopes: Map<string, string>;
  profiles: Map<string, string>;
  clients: Map<string, string>;
  /** "<client> -> <profile>" */
  bindings: Map<string, string>;
  claimRules: Map<string, string>;
  assertions: Map<string, string>;
};

export { bindingKey } from "./keys";
import { bindingKey } from "./keys";
const iso = (d: Date | null) => (d ? d.toISOString() : undefined);
const parseJson = <T>(s: string, fallback: T): T => {
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
};

export async function loadLiveState(db: Db | Tx): Promise<{ state: CatalogState; ids: IdIndex; catalogVersion: number }> {
  const [envs, domains, resources, profiles, clients, rules, issuers, assertions, cs] = await Promise.all([
    db.environment.findMany({ orderBy: { name: "asc" } }),
    db.domain.findMany({ orderBy: { name: "asc" }, include: { owners: { select: { user: { select: { email: true } } } } } }),
    db.resource.findMany({ include: { scopes: { select: { id: true, action: true, description: true } } } }),
    db.profile.findMany({ include: { scopes: { select: { scope: { select: { name: true, environmentId: true } } } } } }),
    db.client.findMany({ include: { bindings: { select: { id: true, profileId: true, expiresAt: true, reason: true } } } }),
    db.claimRule.findMany(),
    db.trustedIssuer.findMany({ orderBy: { name: "asc" } }),
    loadAssertions(db),
    db.catalogState.findUnique({ where: { id: 1 } }),
  ]);
  const state = emptyState();
  const ids: IdIndex = {
    environments: new Map(),
    domains: new Map(),
    resources: new Map(),
    scopes: new Map(),
    profiles: new Map(),
    clients: new Map(),
    bindings: new Map(),
    claimRules: new Map(),
    assertions: new Map(),
  };
  const envName = new Map(envs.map((e) => [e.id, e.name]));
  const domainName = new Map(domains.map((d) => [d.id, d.name]));
  const profileName = new Map(profiles.map((p) => [p.id, p.name]));
  const clientName = new Map(clients.map((c) => [c.id, c.name]));

  for (const e of envs) {
    ids.environments.set(e.name, e.id);
    state.environments.push({
      name: e.name,
      displayName: e.displayName === e.name ? undefined : e.displayName,
      protection: e.protection as "none" | "protected",
      blockingChecks: parseJson<string[]>(e.blockingChecks, []),
      rank: e.rank,
    });
  }
  for (const d of domains) {
    ids.domains.set(d.name, d.id);
    state.domains.push({ name: d.name, displayName: d.displayName === d.name ? undefined : d.displayName, description: d.description, owners: d.owners.map((o) => o.user.email).sort() });
  }
  for (const r of resources) {
    const env = envName.get(r.environmentId)!;
    ids.resources.set(`${env}/${r.name}`, r.id);
    for (const s of r.scopes) ids.scopes.set(`${env}/${r.name}:${s.action}`, s.id);
    state.resources.push({
      name: r.name,
      environment: env,
      domain: domainName.get(r.domainId) ?? null,
      kind: r.kind as CatalogState["resources"][number]["kind"],
      criticality: r.criticality as CatalogState["resources"][number]["criticality"],
      owner: r.owner,
      description: r.description,
      labels: parseJson<Record<string, string>>(r.labels, {}),
      scopes: r.scopes.map((s) => ({ action: s.action, description: s.description })),
    });
  }
  for (const p of profiles) {
    ids.profiles.set(p.name, p.id);
    state.profiles.push({
      name: p.name,
      domain: p.domainId ? (domainName.get(p.domainId) ?? null) : null,
      environment: p.environmentId ? envName.get(p.environmentId) : undefined,
      description: p.description,
      owner: p.owner,
      maxTokenLifetimeSeconds: p.maxTokenLifetimeSeconds,
      expiresAt: iso(p.expiresAt),
      scopes: p.scopes.map((s) => `${envName.get(s.scope.environmentId)}/${s.scope.name}`).sort(),
    });
  }
  for (const c of clients) {
    ids.clients.set(c.name, c.id);
    for (const b of c.bindings) ids.bindings.set(bindingKey(c.name, profileName.get(b.profileId)!), b.id);
    state.clients.push({
      name: c.name,
      domain: c.domainId ? (domainName.get(c.domainId) ?? null) : null,
      kind: c.kind as CatalogState["clients"][number]["kind"],
      displayName: c.displayName,
      status: c.status as CatalogState["clients"][number]["status"],
      owner: c.owner,
      description: c.description,
      bindings: c.bindings.map((b) => ({ profile: profileName.get(b.profileId)!, expiresAt: iso(b.expiresAt), reason: b.reason })),
    });
  }
  const profileDomain = new Map(state.profiles.map((p) => [p.name, p.domain]));
  for (const r of rules) {
    ids.claimRules.set(r.name, r.id);
    const profile = profileName.get(r.profileId)!;
    state.claimRules.push({
      name: r.name,
      domain: profileDomain.get(profile) ?? null,
      issuer: r.issuer,
      conditions: parseJson<Record<string, string>>(r.conditions, {}),
      profile,
      client: r.clientId ? clientName.get(r.clientId) : undefined,
      description: r.description,
    });
  }
  for (const i of issuers) state.issuers.push({ name: i.name, issuer: i.issuer, audience: i.audience, jwksUri: i.jwksUri ?? undefined });
  for (const a of assertions) {
    ids.assertions.set(a.spec.name, a.id);
    state.assertions.push(a.spec);
  }
  return { state, ids, catalogVersion: cs?.catalogVersion ?? 0 };
}
