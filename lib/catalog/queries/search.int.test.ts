import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../../auth/permissions";
import { submitChange } from "../../testing/submit-change";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../../testing/databases";
import { searchCatalog } from "./search";

describe.each(providersUnderTest)("global search on %s", (provider) => {
  let t: TestDatabase;
  let firstCr = 0;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    const res = (id: string, name: string, env: string, description = "") => ({
      entity: "resource",
      kind: "create",
      id,
      data: { name, kind: "database", environmentId: env, domainId: "dom-pay", description },
    });
    const scope = (id: string, resourceId: string, action: string) => ({ entity: "scope", kind: "create", id, data: { resourceId, action } });
    const first = await submitChange(t.db, {
      actor: systemActor,
      input: {
        title: "Register the payments databases",
        operations: [
          { entity: "environment", kind: "create", id: "env-prod", data: { name: "prod", displayName: "Production", protection: "protected", rank: 0 } },
          { entity: "environment", kind: "create", id: "env-staging", data: { name: "staging", displayName: "Staging", rank: 1 } },
          { entity: "domain", kind: "create", id: "dom-pay", data: { name: "payments", displayName: "Payments", description: "Money movement" } },
          res("res-odb-prod", "orders-db", "env-prod", "Order state"),
          res("res-odb-staging", "orders-db", "env-staging"),
          res("res-odb-replica", "orders-db-replica", "env-prod"),
          res("res-settle", "settlement-store", "env-prod", "Holds settlement batches"),
          scope("sc-odb-read", "res-odb-prod", "read"),
          scope("sc-odb-write", "res-odb-prod", "write"),
          scope("sc-odb-stg-read", "res-odb-staging", "read"),
          { entity: "profile", kind: "create", id: "pr-orders-ro", data: { name: "orders-readonly", description: "Read orders", scopeIds: ["sc-odb-read"] } },
          { entity: "client", kind: "create", id: "cl-ci", data: { name: "ci-orders", displayName: "Orders pipeline", kind: "pipeline" } },
          {
            entity: "claimRule",
            kind: "create",
            id: "cr-gh",
            data: { name: "github-orders-main", issuer: "https://token.actions.githubusercontent.com", profileId: "pr-orders-ro", conditions: { ref: "refs/heads/main" } },
          },
        ],
      },
    });
    firstCr = first.changeRequest.number;
    await submitChange(t.db, {
      actor: systemActor,
      input: { title: "Describe the replica", operations: [{ entity: "resource", kind: "update", id: "res-odb-replica", data: { description: "Read replica" } }] },
    });
  });
  afterAll(async () => t?.drop());

  it("finds resources by identifier, exact matches first, then their scopes", async () => {
    const hits = await searchCatalog(t.db, "orders-db");
    expect(hits.slice(0, 2)).toEqual([
      { kind: "resource", id: "res-odb-prod", name: "orders-db", description: "database in prod · Order state", href: "/resources/res-odb-prod" },
      { kind: "resource", id: "res-odb-staging", name: "orders-db", description: "database in staging", href: "/resources/res-odb-staging" },
    ]);
    const kinds = hits.map((h) => `${h.kind}:${h.name}`);
    expect(kinds).toContain("resource:orders-db-replica");
    expect(kinds).toContain("scope:orders-db:read");
    // scopes open their own page
    expect(hits.find((h) => h.kind === "scope")?.href).toMatch(/^\/scopes\/sc-odb-/);
    // the term is lowercased: identifiers are lowercase on both providers
    expect((await searchCatalog(t.db, "  ORDERS-DB ")).map((h) => h.id)).toEqual(hits.map((h) => h.id));
  });

  it("finds scopes as resource:action", async () => {
    const hits = await searchCatalog(t.db, "orders-db:re");
    expect(hits.map((h) => [h.kind, h.name, h.id])).toEqual([
      ["scope", "orders-db:read", "sc-odb-read"],
      ["scope", "orders-db:read", "sc-odb-stg-read"],
    ]);
    expect(hits[0]?.description).toBe("in prod");
  });

  it("finds profiles, clients, domains, environments and claim rules", async () => {
    const byKind = async (q: string) => (await searchCatalog(t.db, q)).map((h) => [h.kind, h.name, h.href]);
    expect(await byKind("orders-readonly")).toEqual([["profile", "orders-readonly", "/profiles/pr-orders-ro"]]);
    expect(await byKind("ci-orders")).toEqual([["client", "ci-orders", "/clients/cl-ci"]]);
    expect(await byKind("payments")).toContainEqual(["domain", "payments", "/domains?q=payments"]);
    expect(await byKind("staging")).toContainEqual(["environment", "staging", "/environments?q=staging"]);
    expect(await byKind("github")).toEqual([["claimRule", "github-orders-main", "/claim-rules?q=github-orders-main"]]);
  });

  it("matches descriptions and display names, also when they are capitalised", async () => {
    expect((await searchCatalog(t.db, "holds")).map((h) => h.id)).toEqual(["res-settle"]);
    expect((await searchCatalog(t.db, "pipeline")).map((h) => h.id)).toContain("cl-ci");
    // any letter's case, anywhere in the text (ILIKE on PostgreSQL)
    expect((await searchCatalog(t.db, "SETTLEMENT BATCHES")).map((h) => h.id)).toEqual(["res-settle"]);
    expect((await searchCatalog(t.db, "orders PIPELINE")).map((h) => h.id)).toContain("cl-ci");
    expect((await searchCatalog(t.db, "read replica")).map((h) => h.id)).toEqual(["res-odb-replica"]);
  });

  it("finds change requests by CR number and by title", async () => {
    const byNumber = await searchCatalog(t.db, `CR-${firstCr}`);
    expect(byNumber[0]).toMatchObject({ kind: "change", name: `CR-${firstCr}`, href: `/changes/${firstCr}` });
    expect(byNumber[0]?.description).toContain("Register the payments databases");
    expect((await searchCatalog(t.db, String(firstCr)))[0]?.name).toBe(`CR-${firstCr}`);
    const byTitle = await searchCatalog(t.db, "describe the");
    expect(byTitle.map((h) => h.name)).toEqual([`CR-${firstCr + 1}`]);
  });

  it("respects the limit and ignores an empty term", async () => {
    expect(await searchCatalog(t.db, "   ")).toEqual([]);
    expect(await searchCatalog(t.db, "o", 3)).toHaveLength(3);
    expect(await searchCatalog(t.db, "no-such-thing")).toEqual([]);
  });
});
