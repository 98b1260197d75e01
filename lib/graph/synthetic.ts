// Synthetic catalogs for tests and benchmarks: deterministic (seeded), shaped
// like a real one (domains, three environments, clients bound to a few
// profiles of their domain, profiles holding a few scopes).
import type { CatalogSnapshot } from "../access/snapshot";

/** mulberry32: a small seeded PRNG, so every run builds the same catalog. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type SyntheticSize = {
  domains: number;
  resources: number;
  /** scopes per resource (read, write, admin, deploy …) */
  actionsPerResource: number;
  profiles: number;
  scopesPerProfile: number;
  clients: number;
  profilesPerClient: number;
  /** share of bindings with an expiry (temporary grants) */
  temporaryShare?: number;
  seed?: number;
};

const actions = ["read", "write", "admin", "deploy", "rotate", "reindex"];
const kinds = ["database", "compute", "storage", "network", "cluster", "ingress"];
const clientKinds = ["human", "pipeline", "job", "service", "key"];
const crit = ["low", "medium", "high", "critical"];

export function syntheticCatalog(size: SyntheticSize, now = new Date("2026-01-01T00:00:00Z")): CatalogSnapshot {
  const rand = rng(size.seed ?? 42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const environments = [
    { id: "env-prod", name: "prod", protection: "protected" },
    { id: "env-staging", name: "staging", protection: "none" },
    { id: "env-dev", name: "dev", protection: "none" },
  ];
  const domains = Array.from({ length: size.domains }, (_, i) => ({ id: `dom-${i}`, name: `domain-${i}` }));
  const resources = Array.from({ length: size.resources }, (_, i) => ({
    id: `res-${i}`,
    name: `res-${i}`,
    kind: pick(kinds),
    environmentId: environments[i % 3]!.id,
    domainId: domains[i % size.domains]!.id,
    criticality: pick(crit),
  }));
  const scopes = resources.flatMap((r, i) =>
    actions.slice(0, size.actionsPerResource).map((a) => ({ id: `sc-${i}-${a}`, resourceId: r.id, action: a })),
  );
  // scopes by domain, so a profile bundles scopes of its own domain (mostly)
  const scopesByDomain = new Map<string, string[]>();
  for (const s of scopes) {
    const d = resources[Number(s.resourceId.slice(4))]!.domainId;
    (scopesByDomain.get(d) ?? scopesByDomain.set(d, []).get(d)!).push(s.id);
  }
  const profiles = Array.from({ length: size.profiles }, (_, i) => {
    const domainId = domains[i % size.domains]!.id;
    const pool = scopesByDomain.get(domainId) ?? scopes.map((s) => s.id);
    const picked = new Set<string>();
    for (let k = 0; k < size.scopesPerProfile; k++) picked.add(rand() < 0.9 ? pick(pool) : pick(scopes).id);
    return {
      id: `pro-${i}`,
      name: `profile-${i}`,
      environmentId: environments[i % 3]!.id,
      domainId,
      version: 1,
      maxTokenLifetimeSeconds: 3600,
      expiresAt: i % 17 === 0 ? new Date(now.getTime() + 86_400_000) : null,
      scopeIds: [...picked],
    };
  });
  const profilesByDomain = new Map<string, string[]>();
  for (const p of profiles) (profilesByDomain.get(p.domainId) ?? profilesByDomain.set(p.domainId, []).get(p.domainId)!).push(p.id);
  const clients = Array.from({ length: size.clients }, (_, i) => ({
    id: `cli-${i}`,
    name: `client-${i}`,
    kind: pick(clientKinds),
    status: i % 50 === 49 ? "suspended" : "active",
    domainId: domains[i % size.domains]!.id,
  }));
  const bindings: CatalogSnapshot["bindings"] = [];
  for (const c of clients) {
    const pool = profilesByDomain.get(c.domainId!) ?? profiles.map((p) => p.id);
    const seen = new Set<string>();
    for (let k = 0; k < size.profilesPerClient; k++) {
      const profileId = rand() < 0.9 ? pick(pool) : pick(profiles).id;
      if (seen.has(profileId)) continue;
      seen.add(profileId);
      const temporary = rand() < (size.temporaryShare ?? 0.05);
      bindings.push({ id: `bnd-${bindings.length}`, clientId: c.id, profileId, expiresAt: temporary ? new Date(now.getTime() + 6 * 3_600_000) : null });
    }
  }
  const claimRules = clients
    .filter((c) => c.kind === "pipeline")
    .slice(0, Math.ceil(size.clients / 20))
    .map((c, i) => ({ id: `rule-${i}`, name: `rule-${i}`, issuer: "https://token.actions.example", conditions: { repository: `acme/${c.name}` }, profileId: pick(profiles).id, clientId: c.id }));
  return { environments, domains, resources, scopes, profiles, clients, bindings, claimRules };
}

/**
 * Roughly `total` graph nodes split over the four layers like a real catalog
 * (clients : profiles : scopes : resources ≈ 4.2 : 1 : 3.6 : 1.2): "dense"
 * has about four edges per node (5,000 nodes, ~20,000 edges: the render
 * target), "sparse" about 1.6 (each client bound to two profiles, each
 * profile holding four scopes).
 */
export function sizeForNodes(total: number, seed = 42, density: "dense" | "sparse" = "dense"): SyntheticSize {
  const sparse = density === "sparse";
  const resources = Math.max(3, Math.round(total * 0.12));
  return {
    domains: Math.max(2, Math.round(total / 250)),
    resources,
    actionsPerResource: 3,
    profiles: Math.max(2, Math.round(total * 0.1)),
    scopesPerProfile: sparse ? 4 : 16,
    clients: Math.max(2, total - resources * 4 - Math.round(total * 0.1)),
    profilesPerClient: sparse ? 2 : 5,
    seed,
  };
}
