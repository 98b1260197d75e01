// The name-level diff: exactly the edits made, in an order the write path can
// apply, with deletions only under prune.
import { describe, expect, it } from "vitest";
import { diffStates, planHash } from "./diff";
import { sampleState } from "../testing/ascode-state";
import { resolveOperations } from "./resolve";
import type { IdIndex } from "./live-state";

describe("diffStates", () => {
  it("plans nothing for identical states, and treats an omitted field as its default", () => {
    const live = sampleState();
    const desired = sampleState();
    desired.domains[0]!.displayName = "Payments";
    desired.resources[1]!.criticality = "medium";
    expect(diffStates(live, desired).operations).toEqual([]);
  });

  it("shows exactly one edit: a scope added to a profile", () => {
    const desired = sampleState();
    desired.profiles[0]!.scopes!.push("prod/orders-db:write");
    const { operations } = diffStates(sampleState(), desired);
    expect(operations).toEqual([
      {
        kind: "update",
        entity: "profile",
        key: "orders-read",
        data: { addScopeIds: [{ $ref: ["scope", "prod/orders-db:write"] }] },
        changes: [{ field: "scopes", from: ["prod/orders-db:read"], to: ["prod/orders-db:read", "prod/orders-db:write"] }],
      },
    ]);
  });

  it("creates in dependency order, referring by name", () => {
    const desired = sampleState();
    desired.resources.push({ name: "cache", environment: "dev", domain: "search", kind: "storage", scopes: [{ action: "read" }] });
    desired.profiles.push({ name: "cache-read", domain: "search", scopes: ["dev/cache:read"] });
    desired.clients[1]!.bindings!.push({ profile: "cache-read" });
    const ops = diffStates(sampleState(), desired).operations;
    expect(ops.map((o) => `${o.kind} ${o.entity} ${o.key}`)).toEqual(["create resource dev/cache", "create scope dev/cache:read", "create profile cache-read", "create binding indexer -> cache-read"]);
    expect(ops[1]!.data).toMatchObject({ resourceId: { $ref: ["resource", "dev/cache"] }, action: "read" });
  });

  it("deletes nothing without prune; with prune, deletes in reverse dependency order", () => {
    const desired = sampleState();
    desired.clients = desired.clients.filter((c) => c.name !== "indexer");
    desired.profiles = desired.profiles.filter((p) => p.name !== "search-read");
    const kept = diffStates(sampleState(), desired);
    expect(kept.operations).toEqual([]);
    expect(kept.unmanaged).toEqual([
      { entity: "profile", key: "search-read" },
      { entity: "client", key: "indexer" },
      { entity: "binding", key: "indexer -> search-read" },
    ]);
    const pruned = diffStates(sampleState(), desired, { prune: true }).operations.map((o) => `${o.kind} ${o.entity} ${o.key}`);
    expect(pruned).toEqual(["delete binding indexer -> search-read", "delete client indexer", "delete profile search-read"]);
  });

  it("refuses to change a client's kind", () => {
    const desired = sampleState();
    desired.clients[0]!.kind = "service";
    expect(diffStates(sampleState(), desired).errors).toEqual([expect.stringContaining("ci-orders: kind cannot change")]);
  });

  it("reports issuer differences as notes, never as operations", () => {
    const desired = sampleState();
    desired.issuers.push({ name: "gitlab", issuer: "https://gitlab.com", audience: "perimeter" });
    const plan = diffStates(sampleState(), desired);
    expect(plan.operations).toEqual([]);
    expect(plan.notes).toEqual([expect.stringContaining("issuer gitlab is not trusted yet")]);
  });

  it("hashes the same plan the same way, and a different plan differently", () => {
    const desired = sampleState();
    desired.resources[2]!.criticality = "high";
    const a = diffStates(sampleState(), desired).operations;
    expect(planHash(a)).toBe(planHash(diffStates(sampleState(), desired).operations));
    desired.resources[2]!.criticality = "low";
    expect(planHash(diffStates(sampleState(), desired).operations)).not.toBe(planHash(a));
  });
});

describe("resolveOperations", () => {
  const empty = (): IdIndex => ({
    environments: new Map([["dev", "env1"]]),
    domains: new Map([["search", "dom1"]]),
    resources: new Map(),
    scopes: new Map(),
    profiles: new Map(),
    clients: new Map([["indexer", "cl1"]]),
    bindings: new Map(),
    claimRules: new Map(),
    assertions: new Map(),
  });

  it("gives creates their ids and resolves later references to them", () => {
    let n = 0;
    const ops = resolveOperations(
      [
        { kind: "create", entity: "resource", key: "dev/cache", data: { name: "cache", environmentId: { $ref: ["environment", "dev"] }, domainId: { $ref: ["domain", "search"] } } },
        { kind: "create", entity: "scope", key: "dev/cache:read", data: { resourceId: { $ref: ["resource", "dev/cache"] }, action: "read" } },
        { kind: "create", entity: "profile", key: "p", data: { name: "p", scopeIds: [{ $ref: ["scope", "dev/cache:read"] }] } },
      ],
      empty(),
      () => `new${++n}`,
    );
    expect(ops).toEqual([
      { kind: "create", entity: "resource", id: "new1", data: { name: "cache", environmentId: "env1", domainId: "dom1" } },
      { kind: "create", entity: "scope", id: "new2", data: { resourceId: "new1", action: "read" } },
      { kind: "create", entity: "profile", id: "new3", data: { name: "p", scopeIds: ["new2"] } },
    ]);
  });

  it("names the missing object", () => {
    expect(() => resolveOperations([{ kind: "update", entity: "client", key: "ghost", data: {} }], empty())).toThrow(/client ghost does not exist/);
  });
});
