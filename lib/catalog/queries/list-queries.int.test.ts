import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../../testing/databases";
import { testActor } from "../../testing/actors";
import type { Actor } from "../../auth/permissions";
import { submitChange } from "../../testing/submit-change";
import { getResource } from "./get-resource";
import { listClients } from "./list-clients";
import { listDomains } from "./list-domains";
import { listProfiles } from "./list-profiles";
import { listResources } from "./list-resources";
import { listScopes } from "./list-scopes";
import type { Page } from "./paging";

const names = <T extends { name: string }>(page: Page<T>) => page.items.map((i) => i.name);

describe.each(providersUnderTest)("catalog list queries on %s", (provider) => {
  let t: TestDatabase;
  let editor: Actor;
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString();

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    editor = await testActor(t.db, "ed@example.test", "editor");
    await submitChange(t.db, {
      actor: editor,
      input: {
        title: "Small catalog",
        operations: [
          { entity: "environment", kind: "create", id: "env-prod", data: { name: "prod", protection: "protected" } },
          { entity: "environment", kind: "create", id: "env-stg", data: { name: "staging", rank: 1 } },
          { entity: "domain", kind: "create", id: "dom-pay", data: { name: "payments", displayName: "Payments", ownerEmails: ["ed@example.test"] } },
          { entity: "domain", kind: "create", id: "dom-search", data: { name: "search" } },
          { entity: "resource", kind: "create", id: "res-odb", data: { name: "orders-db", kind: "database", environmentId: "env-prod", domainId: "dom-pay", criticality: "critical", labels: { tier: "1" } } },
          { entity: "resource", kind: "create", id: "res-api", data: { name: "orders-api", kind: "ingress", environmentId: "env-prod", domainId: "dom-pay", criticality: "high" } },
          { entity: "resource", kind: "create", id: "res-ldb", data: { name: "ledger-db", kind: "database", environmentId: "env-stg", domainId: "dom-pay" } },
          { entity: "scope", kind: "create", id: "sc-odb-r", data: { resourceId: "res-odb", action: "read", description: "Read order rows" } },
          { entity: "scope", kind: "create", id: "sc-odb-w", data: { resourceId: "res-odb", action: "write" } },
          { entity: "scope", kind: "create", id: "sc-api-d", data: { resourceId: "res-api", action: "deploy" } },
          { entity: "scope", kind: "create", id: "sc-ldb-r", data: { resourceId: "res-ldb", action: "read" } },
          { entity: "scope", kind: "create", id: "sc-ldb-a", data: { resourceId: "res-ldb", action: "admin" } },
          { entity: "profile", kind: "create", id: "pr-rw", data: { name: "orders-rw", environmentId: "env-prod", domainId: "dom-pay", maxTokenLifetimeSeconds: 900, scopeIds: ["sc-odb-r", "sc-odb-w"] } },
          { entity: "profile", kind: "create", id: "pr-audit", data: { name: "ledger-audit", scopeIds: ["sc-ldb-r"] } },
          { entity: "client", kind: "create", id: "cl-ci", data: { name: "ci-orders", displayName: "Orders CI", kind: "pipeline", domainId: "dom-pay" } },
          { entity: "client", kind: "create", id: "cl-alice", data: { name: "alice", kind: "human", status: "suspended" } },
          { entity: "binding", kind: "create", data: { clientId: "cl-ci", profileId: "pr-rw", expiresAt: tomorrow } },
        ],
      },
    });
  });
  afterAll(async () => t?.drop());

  it("lists scopes with filters, search, sort and paging", async () => {
    expect(names(await listScopes(t.db, {}))).toEqual(["ledger-db:admin", "ledger-db:read", "orders-api:deploy", "orders-db:read", "orders-db:write"]);
    expect(names(await listScopes(t.db, { environment: "prod" }))).toEqual(["orders-api:deploy", "orders-db:read", "orders-db:write"]);
    expect(names(await listScopes(t.db, { resource: "res-ldb" }))).toEqual(["ledger-db:admin", "ledger-db:read"]);
    expect(names(await listScopes(t.db, { action: "read", domain: "payments" }))).toEqual(["ledger-db:read", "orders-db:read"]);
    expect(names(await listScopes(t.db, { q: "ORDERS-DB" }))).toEqual(["orders-db:read", "orders-db:write"]);
    expect(names(await listScopes(t.db, { q: "orders-db:w" }))).toEqual(["orders-db:write"]);
    expect(names(await listScopes(t.db, { q: "order rows" }))).toEqual(["orders-db:read"]);
    expect(names(await listScopes(t.db, { sort: "-name", environment: "staging" }))).toEqual(["ledger-db:read", "ledger-db:admin"]);
    const row = (await listScopes(t.db, { q: "orders-db:read" })).items[0];
    expect(row).toMatchObject({ action: "read", resource: { id: "res-odb", name: "orders-db" }, environment: "prod", domain: "payments", criticality: "critical", profiles: 1 });

    const first = await listScopes(t.db, { limit: 2, sort: "-profiles" });
    expect(first).toMatchObject({ total: 5 });
    expect(first.items).toHaveLength(2);
    expect(first.items.every((s) => s.profiles === 1)).toBe(true);
    const second = await listScopes(t.db, { limit: 2, sort: "-profiles", cursor: first.nextCursor });
    expect(second.total).toBe(5);
    const rest = await listScopes(t.db, { limit: 2, sort: "-profiles", cursor: second.nextCursor });
    expect(rest.nextCursor).toBeNull();
    expect(new Set([...first.items, ...second.items, ...rest.items].map((s) => s.id)).size).toBe(5);
  });

  it("lists profiles with filters, search, sort and paging", async () => {
    const all = await listProfiles(t.db, {});
    expect(names(all)).toEqual(["ledger-audit", "orders-rw"]);
    expect(all.items[0]).toMatchObject({ environment: "—", domain: "—", lifetime: "1 h", scopes: 1, bindings: 0, version: 1, expiresAt: null });
    expect(all.items[1]).toMatchObject({ environment: "prod", domain: "payments", maxTokenLifetimeSeconds: 900, lifetime: "15 min", scopes: 2, bindings: 1 });
    expect(names(await listProfiles(t.db, { environment: "prod" }))).toEqual(["orders-rw"]);
    expect(names(await listProfiles(t.db, { domain: "search" }))).toEqual([]);
    expect(names(await listProfiles(t.db, { q: "Ledger" }))).toEqual(["ledger-audit"]);
    expect(names(await listProfiles(t.db, { sort: "lifetime" }))).toEqual(["orders-rw", "ledger-audit"]);

    const first = await listProfiles(t.db, { limit: 1 });
    expect(first).toMatchObject({ total: 2, nextCursor: first.items[0]?.id });
    const second = await listProfiles(t.db, { limit: 1, cursor: first.nextCursor });
    expect(names(second)).toEqual(["orders-rw"]);
    expect(second).toMatchObject({ total: 2, nextCursor: null });
  });

  it("lists clients with filters, search, sort and paging", async () => {
    expect(names(await listClients(t.db, {}))).toEqual(["alice", "ci-orders"]);
    expect(names(await listClients(t.db, { kind: "pipeline" }))).toEqual(["ci-orders"]);
    expect(names(await listClients(t.db, { status: "suspended" }))).toEqual(["alice"]);
    expect(names(await listClients(t.db, { domain: "payments" }))).toEqual(["ci-orders"]);
    expect(names(await listClients(t.db, { q: "ci-" }))).toEqual(["ci-orders"]);
    expect(names(await listClients(t.db, { sort: "-name" }))).toEqual(["ci-orders", "alice"]);
    const ci = (await listClients(t.db, { q: "ci-orders" })).items[0];
    expect(ci).toMatchObject({ displayName: "Orders CI", kind: "pipeline", status: "active", domain: "payments", bindings: 1, temporary: 1 });
    expect((await listClients(t.db, { q: "alice" })).items[0]).toMatchObject({ domain: "—", bindings: 0, temporary: 0 });
    await expect(listClients(t.db, { kind: "robot" })).rejects.toMatchObject({ code: "validation", fields: [{ field: "kind" }] });

    const first = await listClients(t.db, { limit: 1, sort: "kind" });
    expect(names(first)).toEqual(["alice"]);
    const second = await listClients(t.db, { limit: 1, sort: "kind", cursor: first.nextCursor });
    expect(names(second)).toEqual(["ci-orders"]);
    expect(second).toMatchObject({ total: 2, nextCursor: null });
  });

  it("lists domains with owners and counts, search, sort and paging", async () => {
    const all = await listDomains(t.db, {});
    expect(names(all)).toEqual(["payments", "search"]);
    expect(all.items[0]).toMatchObject({ displayName: "Payments", owners: ["ed@example.test"], resources: 3, clients: 1, profiles: 1 });
    expect(all.items[1]).toMatchObject({ owners: [], resources: 0, clients: 0, profiles: 0 });
    expect(names(await listDomains(t.db, { q: "SEAR" }))).toEqual(["search"]);

    const first = await listDomains(t.db, { limit: 1, sort: "-resources" });
    expect(names(first)).toEqual(["payments"]);
    const second = await listDomains(t.db, { limit: 1, sort: "-resources", cursor: first.nextCursor });
    expect(names(second)).toEqual(["search"]);
    expect(second).toMatchObject({ total: 2, nextCursor: null });
  });

  it("matches descriptions and display names in any case", async () => {
    expect(names(await listClients(t.db, { q: "ORDERS ci" }))).toEqual(expect.arrayContaining(["ci-orders"]));
    expect((await listScopes(t.db, { q: "ORDER ROWS" })).items.map((s) => s.id)).toEqual(["sc-odb-r"]);
  });

  it("searches resources case-insensitively for identifiers", async () => {
    expect(names(await listResources(t.db, { q: "ORDERS", sort: "-name" }))).toEqual(["orders-db", "orders-api"]);
  });

  it("shows a resource with its scopes, their profiles and exactly the clients that can reach it", async () => {
    const r = await getResource(t.db, "res-odb");
    expect(r).toMatchObject({ name: "orders-db", labels: { tier: "1" }, environment: { name: "prod" }, domain: { name: "payments" } });
    expect(r?.scopes.map((s) => [s.name, s.profiles.map((p) => p.name)])).toEqual([
      ["orders-db:read", ["orders-rw"]],
      ["orders-db:write", ["orders-rw"]],
    ]);
    expect(r?.reach).toEqual([
      {
        client: { id: "cl-ci", name: "ci-orders", kind: "pipeline", status: "active" },
        profile: { id: "pr-rw", name: "orders-rw" },
        actions: ["read", "write"],
        expiresAt: new Date(tomorrow),
      },
    ]);
    expect((await getResource(t.db, "res-ldb"))?.reach).toEqual([]);
    expect(await getResource(t.db, "no-such-resource")).toBeNull();
  });
});
