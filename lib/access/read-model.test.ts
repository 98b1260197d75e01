// Property-based: the read model agrees with a brute-force walk over the raw
// catalog for every (client, resource, action) on randomised catalogs.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ReadModel } from "./read-model";
import type { CatalogSnapshot } from "./snapshot";

const T0 = Date.UTC(2026, 0, 1);
const actions = ["read", "write", "admin", "deploy"];

const catalog = fc
  .record({
    resources: fc.integer({ min: 1, max: 6 }),
    clients: fc.integer({ min: 1, max: 6 }),
    profiles: fc.integer({ min: 1, max: 5 }),
  })
  .chain(({ resources, clients, profiles }) =>
    fc.record({
      resources: fc.constant(resources),
      clients: fc.array(fc.constantFrom("active", "active", "suspended"), { minLength: clients, maxLength: clients }),
      scopes: fc.uniqueArray(fc.tuple(fc.nat(resources - 1), fc.constantFrom(...actions, "*")), { selector: ([r, a]) => `${r}|${a}`, maxLength: 15 }),
      profiles: fc.array(fc.record({ scopePicks: fc.array(fc.nat(30), { maxLength: 6 }), expires: fc.option(fc.integer({ min: -5, max: 5 })) }), { minLength: profiles, maxLength: profiles }),
      bindings: fc.array(fc.record({ client: fc.nat(clients - 1), profile: fc.nat(profiles - 1), expires: fc.option(fc.integer({ min: -5, max: 5 })) }), { maxLength: 12 }),
      rules: fc.array(fc.record({ client: fc.nat(clients - 1), profile: fc.nat(profiles - 1) }), { maxLength: 4 }),
    }),
  )
  .map((c): CatalogSnapshot => {
    const hour = (h: number | null) => (h === null ? null : new Date(T0 + h * 3_600_000));
    const scopes = c.scopes.map(([r, a], i) => ({ id: `s${i}`, resourceId: `r${r}`, action: a }));
    return {
      environments: [{ id: "e", name: "prod", protection: "protected" }],
      domains: [],
      resources: Array.from({ length: c.resources }, (_, i) => ({ id: `r${i}`, name: `res-${i}`, kind: "database", environmentId: "e", domainId: "d", criticality: "high" })),
      scopes,
      profiles: c.profiles.map((p, i) => ({
        id: `p${i}`,
        name: `profile-${i}`,
        environmentId: "e",
        domainId: null,
        version: 1,
        maxTokenLifetimeSeconds: 3600,
        expiresAt: hour(p.expires),
        scopeIds: [...new Set(p.scopePicks.filter((k) => k < scopes.length).map((k) => `s${k}`))],
      })),
      clients: c.clients.map((status, i) => ({ id: `c${i}`, name: `client-${i}`, kind: "service", status, domainId: null })),
      bindings: c.bindings.map((b, i) => ({ id: `b${i}`, clientId: `c${b.client}`, profileId: `p${b.profile}`, expiresAt: hour(b.expires) })),
      claimRules: c.rules.map((r, i) => ({ id: `k${i}`, name: `rule-${i}`, issuer: "https://issuer", conditions: {}, profileId: `p${r.profile}`, clientId: `c${r.client}` })),
    };
  });

/** The obvious, slow answer: walk every binding and claim rule. */
function bruteForce(s: CatalogSnapshot, clientId: string, resourceId: string, action: string, at: Date): boolean {
  const client = s.clients.find((c) => c.id === clientId);
  if (!client || client.status !== "active") return false;
  const live = (d: Date | null) => !d || d.getTime() > at.getTime();
  const links = [
    ...s.bindings.filter((b) => b.clientId === clientId && live(b.expiresAt)).map((b) => b.profileId),
    ...s.claimRules.filter((r) => r.clientId === clientId).map((r) => r.profileId),
  ];
  return links.some((pid) => {
    const p = s.profiles.find((x) => x.id === pid);
    return !!p && live(p.expiresAt) && p.scopeIds.some((sid) => {
      const sc = s.scopes.find((x) => x.id === sid);
      return !!sc && sc.resourceId === resourceId && (sc.action === action || sc.action === "*");
    });
  });
}

describe("ReadModel", () => {
  it("decides exactly as a brute-force walk of the catalog, at any instant", { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(catalog, fc.integer({ min: -6, max: 6 }), (snapshot, h) => {
        const model = new ReadModel(snapshot, 1);
        const at = new Date(T0 + h * 3_600_000);
        for (const c of snapshot.clients) {
          for (const r of snapshot.resources) {
            for (const a of actions) {
              const decision = model.can(c.id, r.id, a, at);
              expect(decision.allow).toBe(bruteForce(snapshot, c.id, r.id, a, at));
              if (decision.allow) for (const g of decision.grants) expect(g).toMatchObject({ clientId: c.id, resourceId: r.id });
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it("agrees with itself: who-can-reach and blast radius are the inverse views of grantsOf", { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(catalog, (snapshot) => {
        const model = new ReadModel(snapshot, 1);
        const at = new Date(T0);
        const forward = new Set(snapshot.clients.flatMap((c) => model.grantsOf(c.id, at).map((g) => `${g.clientId}|${g.resourceId}|${g.action}|${g.via.id}`)));
        const backward = new Set(snapshot.resources.flatMap((r) => model.whoCanReach(r.id, at).map((g) => `${g.clientId}|${g.resourceId}|${g.action}|${g.via.id}`)));
        expect(backward).toEqual(forward);
      }),
      { numRuns: 200 },
    );
  });

  it("names why it denies", () => {
    const s: CatalogSnapshot = {
      environments: [{ id: "e", name: "prod", protection: "protected" }],
      domains: [],
      resources: [{ id: "r", name: "orders-db", kind: "database", environmentId: "e", domainId: "d", criticality: "high" }],
      scopes: [{ id: "s", resourceId: "r", action: "write" }],
      profiles: [{ id: "p", name: "deploy", environmentId: "e", domainId: null, version: 3, maxTokenLifetimeSeconds: 600, expiresAt: null, scopeIds: ["s"] }],
      clients: [
        { id: "c", name: "ci-orders", kind: "pipeline", status: "active", domainId: null },
        { id: "x", name: "svc-x", kind: "service", status: "suspended", domainId: null },
      ],
      bindings: [{ id: "b", clientId: "c", profileId: "p", expiresAt: new Date(T0) }],
      claimRules: [],
    };
    const m = new ReadModel(s, 1);
    expect(m.can("c", "r", "write", new Date(T0 - 1))).toMatchObject({ allow: true, grants: [{ via: { kind: "binding", id: "b" }, profileVersion: 3, scopeId: "s" }] });
    expect(m.can("c", "r", "write", new Date(T0 + 1))).toEqual({ allow: false, reason: "the grant of write on orders-db to ci-orders has expired" });
    expect(m.can("c", "r", "read", new Date(T0 - 1))).toEqual({ allow: false, reason: "orders-db has no read scope" });
    expect(m.can("x", "r", "write", new Date(T0 - 1))).toEqual({ allow: false, reason: "client svc-x is suspended" });
    expect(m.resolveResource("prod/orders-db")?.id).toBe("r");
  });
});
