import { describe, expect, it } from "vitest";
import { ReadModel } from "../access/read-model";
import type { CatalogSnapshot } from "../access/snapshot";
import { buildGraph, fullGraph } from "./build";
import { applyToSnapshot, catalogDiff, mergeOverlay } from "./overlay";
import { explainCan, searchModel } from "./queries";
import { syntheticCatalog, sizeForNodes } from "./synthetic";

const now = new Date("2026-03-10T12:00:00Z");
const inHours = (h: number) => new Date(now.getTime() + h * 3_600_000);

/**
 * Two domains, prod and dev:
 *   ci-orders (pipeline) --binding--> deploy-prod --> orders-db:write (prod, payments)
 *   ci-orders --claim rule--> deploy-prod
 *   alice (human) --temporary binding--> read-prod --> orders-db:read, search-index:read (prod)
 *   bob (human) --expired binding--> read-prod
 *   dev-bot (job) --binding--> dev-all --> orders-db:write (dev)
 *   lonely-profile (no clients) --> search-index:read
 */
function catalog(): CatalogSnapshot {
  return {
    environments: [
      { id: "prod", name: "prod", protection: "protected" },
      { id: "dev", name: "dev", protection: "none" },
    ],
    domains: [
      { id: "pay", name: "payments" },
      { id: "sea", name: "search" },
    ],
    resources: [
      { id: "odb", name: "orders-db", kind: "database", environmentId: "prod", domainId: "pay", criticality: "critical" },
      { id: "odb-dev", name: "orders-db", kind: "database", environmentId: "dev", domainId: "pay", criticality: "low" },
      { id: "idx", name: "search-index", kind: "database", environmentId: "prod", domainId: "sea", criticality: "high" },
      { id: "k8s", name: "k8s", kind: "cluster", environmentId: "prod", domainId: "pay", criticality: "high" },
    ],
    scopes: [
      { id: "odb-w", resourceId: "odb", action: "write" },
      { id: "odb-r", resourceId: "odb", action: "read" },
      { id: "dev-w", resourceId: "odb-dev", action: "write" },
      { id: "idx-r", resourceId: "idx", action: "read" },
      { id: "k8s-d", resourceId: "k8s", action: "deploy" },
    ],
    profiles: [
      { id: "deploy", name: "deploy-prod", environmentId: "prod", domainId: "pay", version: 2, maxTokenLifetimeSeconds: 900, expiresAt: null, scopeIds: ["odb-w", "k8s-d"] },
      { id: "read", name: "read-prod", environmentId: "prod", domainId: "pay", version: 1, maxTokenLifetimeSeconds: 3600, expiresAt: null, scopeIds: ["odb-r", "idx-r"] },
      { id: "devall", name: "dev-all", environmentId: "dev", domainId: "pay", version: 1, maxTokenLifetimeSeconds: 3600, expiresAt: null, scopeIds: ["dev-w"] },
      { id: "lonely", name: "lonely-profile", environmentId: "prod", domainId: "sea", version: 1, maxTokenLifetimeSeconds: 3600, expiresAt: inHours(24), scopeIds: ["idx-r"] },
    ],
    clients: [
      { id: "ci", name: "ci-orders", kind: "pipeline", status: "active", domainId: "pay" },
      { id: "alice", name: "alice", kind: "human", status: "active", domainId: "pay" },
      { id: "bob", name: "bob", kind: "human", status: "active", domainId: "pay" },
      { id: "bot", name: "dev-bot", kind: "job", status: "active", domainId: "pay" },
    ],
    bindings: [
      { id: "b-ci", clientId: "ci", profileId: "deploy", expiresAt: null },
      { id: "b-alice", clientId: "alice", profileId: "read", expiresAt: inHours(6) },
      { id: "b-bob", clientId: "bob", profileId: "read", expiresAt: inHours(-1) },
      { id: "b-bot", clientId: "bot", profileId: "devall", expiresAt: null },
    ],
    claimRules: [{ id: "rule", name: "gha-main", issuer: "https://gha", conditions: {}, profileId: "deploy", clientId: "ci" }],
  };
}

const model = () => new ReadModel(catalog(), 1);
const ids = (g: { nodes: { id: string }[] }) => g.nodes.map((n) => n.id).sort();
const edge = (g: { edges: { id: string }[] }, id: string) => g.edges.find((e) => e.id === id);

describe("buildGraph", () => {
  it("draws every object with the four layers and the four edge kinds", () => {
    const g = buildGraph(model(), { at: now });
    expect(g.nodes).toHaveLength(4 + 4 + 5 + 4);
    expect(new Set(g.edges.map((e) => e.kind))).toEqual(new Set(["binding", "claimRule", "holds", "actsOn"]));
    expect(g.nodes.find((n) => n.id === "c:ci")).toMatchObject({ kind: "client", layer: 0, label: "ci-orders", detail: "pipeline" });
    expect(g.nodes.find((n) => n.id === "s:odb-w")).toMatchObject({ kind: "scope", layer: 2, label: "orders-db:write", environment: "prod", protected: true, criticality: "critical" });
    expect(edge(g, "k:rule")).toMatchObject({ source: "c:ci", target: "p:deploy", kind: "claimRule" });
    expect(g.meta.aggregated).toBe(false);
  });

  it("flags temporary grants and drops expired ones", () => {
    const g = buildGraph(model(), { at: now });
    expect(edge(g, "b-alice".replace(/^/, "b:"))).toMatchObject({ temporary: true, expiresAt: inHours(6).toISOString() });
    expect(edge(g, "b:b-ci")).toMatchObject({ temporary: false, expiresAt: null });
    expect(edge(g, "b:b-bob")).toBeUndefined();
    // a profile with an expiry is temporary, and so is what it holds
    expect(g.nodes.find((n) => n.id === "p:lonely")).toMatchObject({ temporary: true });
    expect(edge(g, "h:lonely:idx-r")).toMatchObject({ temporary: true });
    // seven hours later alice's grant has expired too
    expect(edge(buildGraph(model(), { at: inHours(7) }), "b:b-alice")).toBeUndefined();
  });

  it("keeps whole paths under an environment filter", () => {
    const g = buildGraph(model(), { at: now, filters: { environment: "dev" } });
    expect(ids(g)).toEqual(["c:bot", "p:devall", "r:odb-dev", "s:dev-w"]);
  });

  it("filters by action and keeps only clients that reach it", () => {
    const g = buildGraph(model(), { at: now, filters: { action: "write", environment: "prod" } });
    expect(ids(g)).toEqual(["c:ci", "p:deploy", "r:odb", "s:odb-w"]);
  });

  it("filters by domain and resource kind", () => {
    const byDomain = buildGraph(model(), { at: now, filters: { domain: "search" } });
    expect(ids(byDomain)).toEqual(["c:alice", "p:lonely", "p:read", "r:idx", "s:idx-r"]);
    const byKind = buildGraph(model(), { at: now, filters: { resourceKind: "cluster" } });
    expect(ids(byKind)).toEqual(["c:ci", "p:deploy", "r:k8s", "s:k8s-d"]);
  });

  it("filters by client kind, keeping only what those clients reach", () => {
    const g = buildGraph(model(), { at: now, filters: { clientKind: "human" } });
    // bob's binding expired: he is still a human client, but reaches nothing
    expect(ids(g)).toEqual(["c:alice", "c:bob", "p:read", "r:idx", "r:odb", "s:idx-r", "s:odb-r"]);
    expect(g.edges.some((e) => e.source === "c:bob")).toBe(false);
  });

  it("focuses on a node's paths, and expands a neighbour", () => {
    const g = buildGraph(model(), { at: now, focus: "r:idx" });
    expect(ids(g)).toEqual(["c:alice", "p:lonely", "p:read", "r:idx", "s:idx-r"]);
    const shallow = buildGraph(model(), { at: now, focus: "c:alice", depth: 1 });
    expect(ids(shallow)).toEqual(["c:alice", "p:read"]);
    const expanded = buildGraph(model(), { at: now, focus: "c:alice", depth: 2, expand: ["s:odb-r"] });
    expect(ids(expanded)).toContain("r:odb");
  });

  it("collapses a node's exclusive children", () => {
    const g = buildGraph(model(), { at: now, collapse: ["p:deploy"] });
    expect(ids(g)).not.toContain("s:odb-w");
    expect(ids(g)).not.toContain("r:k8s");
    // orders-db is still reached through read-prod
    expect(ids(g)).toContain("r:odb");
  });

  it("aggregates by domain over the budget, and opens a domain on demand", () => {
    const g = buildGraph(model(), { at: now, budget: 5 });
    expect(g.meta).toMatchObject({ aggregated: true, totalNodes: 17 });
    expect(g.nodes.every((n) => n.kind === "group")).toBe(true);
    const payClients = g.nodes.find((n) => n.id === "g:client:pay")!;
    expect(payClients).toMatchObject({ count: 4, label: "payments", detail: "4 clients" });
    // bindings and claim rules into payments profiles, summed
    const links = g.edges.filter((e) => e.source === "g:client:pay" && e.target === "g:profile:pay");
    expect(links.map((e) => [e.kind, e.count]).sort()).toEqual([
      ["binding", 3],
      ["claimRule", 1],
    ]);
    const opened = buildGraph(model(), { at: now, budget: 5, open: ["sea"] });
    expect(ids(opened)).toContain("r:idx");
    expect(ids(opened)).toContain("g:resource:pay");
    expect(buildGraph(model(), { at: now, aggregate: "off", budget: 5 }).meta.aggregated).toBe(false);
  });

  it("keeps the focus node itself out of its group", () => {
    const g = buildGraph(model(), { at: now, aggregate: "on", focus: "c:ci" });
    expect(ids(g)).toContain("c:ci");
  });

  it("is deterministic", () => {
    const snap = syntheticCatalog(sizeForNodes(600));
    const a = buildGraph(new ReadModel(snap, 1), { at: now, aggregate: "off" });
    const b = buildGraph(new ReadModel(syntheticCatalog(sizeForNodes(600)), 1), { at: now, aggregate: "off" });
    expect(a).toEqual(b);
  });
});

describe("explainCan", () => {
  it("names each grant on the path and gives the edges to highlight", () => {
    const a = explainCan(model(), { client: "ci-orders", resource: "prod/orders-db", action: "write", at: now });
    expect(a.allow).toBe(true);
    if (!a.allow) return;
    expect(a.grants.map((g) => g.via.kind).sort()).toEqual(["binding", "claimRule"]);
    expect(a.grants[0]).toMatchObject({ profile: { name: "deploy-prod", version: 2 }, scope: { name: "prod/orders-db:write" } });
    expect(a.path.edges.sort()).toEqual(["a:odb-w", "b:b-ci", "h:deploy:odb-w", "k:rule"]);
  });

  it("says why not", () => {
    const a = explainCan(model(), { client: "ci-orders", resource: "prod/orders-db", action: "read", at: now });
    expect(a).toMatchObject({ allow: false, reason: "no profile bound to ci-orders holds orders-db:read" });
    const expired = explainCan(model(), { client: "bob", resource: "prod/orders-db", action: "read", at: now });
    expect(expired).toMatchObject({ allow: false, reason: expect.stringContaining("expired") });
    expect(explainCan(model(), { client: "nobody", resource: "prod/orders-db", action: "read", at: now })).toMatchObject({ allow: false, reason: "there is no client nobody" });
  });

  it("finds nodes by name", () => {
    expect(searchModel(model(), "orders-db").map((h) => h.name)).toEqual(["dev/orders-db", "prod/orders-db"]);
    expect(searchModel(model(), "ci-")[0]).toMatchObject({ id: "c:ci", kind: "client" });
  });
});

describe("pending change overlay", () => {
  it("marks the edges a change adds and removes", () => {
    const before = catalog();
    const after = applyToSnapshot(before, [
      { kind: "update", entity: "profile", id: "read", data: { addScopeIds: ["odb-w"], removeScopeIds: ["idx-r"] } },
      { kind: "create", entity: "binding", id: "b-new", data: { clientId: "bot", profileId: "deploy", expiresAt: null } },
    ]);
    expect(after.profiles.find((p) => p.id === "read")).toMatchObject({ scopeIds: ["odb-r", "odb-w"], version: 2 });
    expect(before.profiles.find((p) => p.id === "read")!.scopeIds).toEqual(["odb-r", "idx-r"]); // untouched
    const merged = mergeOverlay(buildGraph(new ReadModel(before, 1), { at: now }), buildGraph(new ReadModel(after, 1), { at: now }));
    const marked = (o: string) => merged.edges.filter((e) => e.overlay === o).map((e) => e.id).sort();
    expect(marked("gained")).toEqual(["b:b-new", "h:read:odb-w"]);
    expect(marked("lost")).toEqual(["h:read:idx-r"]);
    expect(merged.counts).toMatchObject({ edgesGained: 2, edgesLost: 1 });
  });

  it("marks only what the change itself adds in a focused view", () => {
    const before = new ReadModel(catalog(), 1);
    const after = new ReadModel(applyToSnapshot(catalog(), [{ kind: "update", entity: "profile", id: "read", data: { addScopeIds: ["k8s-d"] } }]), 1);
    const opts = { at: now, focus: "p:read" };
    const diff = catalogDiff(fullGraph(before, now), fullGraph(after, now));
    const merged = mergeOverlay(buildGraph(before, opts), buildGraph(after, opts), diff);
    // the scope and its resource now show in the focus, but only the holds edge is the change's
    expect(merged.nodes.map((n) => n.id)).toContain("r:k8s");
    expect(merged.edges.filter((e) => e.overlay).map((e) => `${e.overlay} ${e.id}`)).toEqual(["gained h:read:k8s-d"]);
    expect(merged.nodes.filter((n) => n.overlay)).toEqual([]);
  });

  it("marks aggregated edges that carry more grants", () => {
    const before = new ReadModel(catalog(), 1);
    const after = new ReadModel(applyToSnapshot(catalog(), [{ kind: "create", entity: "binding", id: "b-x", data: { clientId: "bot", profileId: "read" } }]), 1);
    const opts = { at: now, aggregate: "on" as const };
    const merged = mergeOverlay(buildGraph(before, opts), buildGraph(after, opts), catalogDiff(fullGraph(before, now), fullGraph(after, now)));
    expect(merged.edges.filter((e) => e.overlay).map((e) => `${e.overlay} ${e.id} ${e.count}`)).toEqual(["gained x:binding:g:client:pay:g:profile:pay 4"]);
  });

  it("applies suspensions and deletions with their cascades", () => {
    const after = applyToSnapshot(catalog(), [
      { kind: "update", entity: "client", id: "ci", data: { status: "suspended" } },
      { kind: "delete", entity: "scope", id: "idx-r" },
      { kind: "delete", entity: "profile", id: "devall" },
    ]);
    const m = new ReadModel(after, 1);
    expect(m.can("ci", "odb", "write", now)).toMatchObject({ allow: false, reason: "client ci-orders is suspended" });
    expect(after.profiles.find((p) => p.id === "read")!.scopeIds).toEqual(["odb-r"]);
    expect(after.bindings.some((b) => b.profileId === "devall")).toBe(false);
  });
});
