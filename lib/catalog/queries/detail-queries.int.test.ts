import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../../testing/databases";
import { testActor } from "../../testing/actors";
import type { Actor } from "../../auth/permissions";
import { submitChange } from "../../testing/submit-change";
import type { OperationInput } from "../../changes/operations";
import { getClient } from "./get-client";
import { getProfile } from "./get-profile";
import { listBindings } from "./list-bindings";
import { listClaimRules } from "./list-claim-rules";
import { listCredentials } from "./list-credentials";
import { listEnvironments } from "./list-environments";
import type { Page } from "./paging";

const names = <T extends { name: string }>(page: Page<T>) => page.items.map((i) => i.name);
const pairs = (page: Page<{ client: { name: string }; profile: { name: string } }>) => page.items.map((b) => `${b.client.name}→${b.profile.name}`);
const day = 86_400_000;
const gh = "https://token.actions.githubusercontent.com";

describe.each(providersUnderTest)("catalog detail queries on %s", (provider) => {
  let t: TestDatabase;
  let editor: Actor;
  const crNumbers: number[] = [];
  const tomorrow = new Date(Date.now() + day).toISOString();
  const change = async (title: string, operations: OperationInput[], now?: Date) => {
    const r = await submitChange(t.db, { actor: editor, input: { title, operations }, ...(now ? { now } : {}) });
    crNumbers.push(r.changeRequest.number);
    return r;
  };

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    editor = await testActor(t.db, "ed@example.test", "editor");
    await change("Catalog", [
      { entity: "environment", kind: "create", id: "env-prod", data: { name: "prod", displayName: "Production", protection: "protected", blockingChecks: ["catch-all-scope"] } },
      { entity: "environment", kind: "create", id: "env-stg", data: { name: "staging", rank: 1 } },
      { entity: "environment", kind: "create", id: "env-dev", data: { name: "dev", rank: 2 } },
      { entity: "domain", kind: "create", id: "dom-pay", data: { name: "payments" } },
      { entity: "resource", kind: "create", id: "res-odb", data: { name: "orders-db", kind: "database", environmentId: "env-prod", domainId: "dom-pay", criticality: "critical" } },
      { entity: "resource", kind: "create", id: "res-api", data: { name: "orders-api", kind: "ingress", environmentId: "env-prod", domainId: "dom-pay" } },
      { entity: "resource", kind: "create", id: "res-ldb", data: { name: "ledger-db", kind: "database", environmentId: "env-stg", domainId: "dom-pay" } },
      { entity: "scope", kind: "create", id: "sc-odb-r", data: { resourceId: "res-odb", action: "read" } },
      { entity: "scope", kind: "create", id: "sc-odb-w", data: { resourceId: "res-odb", action: "write" } },
      { entity: "scope", kind: "create", id: "sc-api-d", data: { resourceId: "res-api", action: "deploy" } },
      { entity: "scope", kind: "create", id: "sc-ldb-r", data: { resourceId: "res-ldb", action: "read" } },
      { entity: "scope", kind: "create", id: "sc-ldb-a", data: { resourceId: "res-ldb", action: "admin" } },
      { entity: "profile", kind: "create", id: "pr-rw", data: { name: "orders-rw", environmentId: "env-prod", maxTokenLifetimeSeconds: 900, scopeIds: ["sc-odb-r", "sc-odb-w"] } },
      { entity: "profile", kind: "create", id: "pr-ledger", data: { name: "ledger-read", scopeIds: ["sc-ldb-r", "sc-odb-r"] } },
      { entity: "profile", kind: "create", id: "pr-old", data: { name: "ledger-admin", environmentId: "env-stg", scopeIds: ["sc-ldb-a"] } },
      { entity: "client", kind: "create", id: "cl-ci", data: { name: "ci-orders", kind: "pipeline" } },
      { entity: "client", kind: "create", id: "cl-bob", data: { name: "bob", kind: "human" } },
      { entity: "binding", kind: "create", id: "b-ci-rw", data: { clientId: "cl-ci", profileId: "pr-rw", reason: "deploys" } },
      { entity: "binding", kind: "create", id: "b-ci-ledger", data: { clientId: "cl-ci", profileId: "pr-ledger", expiresAt: tomorrow, reason: "incident 42" } },
      { entity: "binding", kind: "create", id: "b-bob-rw", data: { clientId: "cl-bob", profileId: "pr-rw" } },
      { entity: "claimRule", kind: "create", id: "cr-gh", data: { name: "gh-orders-main", issuer: gh, conditions: { repository: "acme/orders", ref: "refs/heads/main" }, profileId: "pr-rw", clientId: "cl-ci" } },
      { entity: "claimRule", kind: "create", id: "cr-gl", data: { name: "gl-ledger", issuer: "https://gitlab.example.test", conditions: { project_path: "acme/ledger" }, profileId: "pr-ledger" } },
      { entity: "credential", kind: "create", id: "k-live", data: { clientId: "cl-ci", label: "deploy secret" } },
      { entity: "credential", kind: "create", id: "k-gone", data: { clientId: "cl-ci", kind: "provisioning_key" } },
      { entity: "credential", kind: "create", id: "k-bob", data: { clientId: "cl-bob" } },
    ]);
    // a temporary grant and a credential that were valid when made, and have expired since
    const past = new Date(Date.now() - 3 * day);
    const expired = new Date(Date.now() - 2 * day).toISOString();
    await change(
      "Last week's grant",
      [
        { entity: "binding", kind: "create", id: "b-ci-old", data: { clientId: "cl-ci", profileId: "pr-old", expiresAt: expired } },
        { entity: "credential", kind: "create", id: "k-old", data: { clientId: "cl-ci", label: "old", expiresAt: expired } },
      ],
      past,
    );
    await change("Revoke a key", [{ entity: "credential", kind: "update", id: "k-gone", data: { revoke: true } }]);
    await change("Widen orders-rw", [
      { entity: "profile", kind: "update", id: "pr-rw", data: { addScopeIds: ["sc-api-d"], removeScopeIds: ["sc-odb-w"], maxTokenLifetimeSeconds: 1800 } },
    ]);
    // a description-only change makes no new version
    await change("Describe orders-rw", [{ entity: "profile", kind: "update", id: "pr-rw", data: { description: "Orders deploys" } }]);
  });
  afterAll(async () => t?.drop());

  it("shows a profile with its scopes, version history, bindings and claim rules", async () => {
    const p = await getProfile(t.db, "pr-rw");
    expect(p).toMatchObject({ name: "orders-rw", version: 2, lifetime: "30 min", environment: { name: "prod" }, domain: null, description: "Orders deploys" });
    expect(p?.scopes.map((s) => [s.name, s.environment, s.criticality])).toEqual([
      ["orders-api:deploy", "prod", "medium"],
      ["orders-db:read", "prod", "critical"],
    ]);
    expect(p?.versions.map((v) => ({ ...v, createdAt: undefined }))).toEqual([
      {
        version: 2,
        createdAt: undefined,
        scopeCount: 2,
        added: [{ id: "sc-api-d", name: "orders-api:deploy", deleted: false }],
        removed: [{ id: "sc-odb-w", name: "orders-db:write", deleted: false }],
        maxTokenLifetimeSeconds: 1800,
        lifetime: { from: 900, to: 1800 },
        expiresAt: null,
        expiry: null,
        changeNumber: crNumbers[3],
      },
      {
        version: 1,
        createdAt: undefined,
        scopeCount: 2,
        added: [
          { id: "sc-odb-r", name: "orders-db:read", deleted: false },
          { id: "sc-odb-w", name: "orders-db:write", deleted: false },
        ],
        removed: [],
        maxTokenLifetimeSeconds: 900,
        lifetime: null,
        expiresAt: null,
        expiry: null,
        changeNumber: crNumbers[0],
      },
    ]);
    expect(p?.bindings.map((b) => [b.client.name, b.client.kind, b.expiresAt])).toEqual([
      ["bob", "human", null],
      ["ci-orders", "pipeline", null],
    ]);
    expect(p?.claimRules).toEqual([{ id: "cr-gh", name: "gh-orders-main", issuer: gh, client: { id: "cl-ci", name: "ci-orders" } }]);
    expect(await getProfile(t.db, "no-such-profile")).toBeNull();
  });

  it("shows a client's bindings, claim rules, credential metadata and effective scopes by environment", async () => {
    const c = await getClient(t.db, "cl-ci");
    expect(c).toMatchObject({ name: "ci-orders", kind: "pipeline", status: "active", domain: null });
    expect(c?.bindings.map((b) => [b.profile.name, b.expiresAt?.toISOString() ?? null, b.expired])).toEqual([
      ["ledger-admin", expect.any(String), true],
      ["ledger-read", tomorrow, false],
      ["orders-rw", null, false],
    ]);
    expect(c?.claimRules).toEqual([
      {
        id: "cr-gh",
        name: "gh-orders-main",
        issuer: gh,
        conditions: [
          { claim: "ref", value: "refs/heads/main" },
          { claim: "repository", value: "acme/orders" },
        ],
        profile: { id: "pr-rw", name: "orders-rw" },
      },
    ]);
    const byId = new Map(c?.credentials.map((k) => [k.id, k]));
    expect([...byId.keys()].sort()).toEqual(["k-gone", "k-live", "k-old"]);
    expect(byId.get("k-live")).toMatchObject({ kind: "secret", label: "deploy secret", status: "active", revokedAt: null, lastUsedAt: null });
    expect(byId.get("k-gone")).toMatchObject({ kind: "provisioning_key", status: "revoked" });
    expect(byId.get("k-old")).toMatchObject({ status: "expired" });
    for (const k of c?.credentials ?? []) expect(k).not.toHaveProperty("hash");

    // ledger-admin's binding has expired: ledger-db:admin is not effective
    expect(c?.effectiveScopes.map((g) => [g.environment.name, g.scopes.map((s) => [s.name, s.profiles.map((p) => p.name)])])).toEqual([
      [
        "prod",
        [
          ["orders-api:deploy", ["orders-rw"]],
          ["orders-db:read", ["ledger-read", "orders-rw"]],
        ],
      ],
      ["staging", [["ledger-db:read", ["ledger-read"]]]],
    ]);
    expect(c?.effectiveScopes[0]?.environment).toEqual({ name: "prod", displayName: "Production" });
    // once the temporary grant ends too, only orders-rw remains
    const later = await getClient(t.db, "cl-ci", new Date(Date.now() + 2 * day));
    expect(later?.effectiveScopes.map((g) => [g.environment.name, g.scopes.map((s) => s.name)])).toEqual([["prod", ["orders-api:deploy", "orders-db:read"]]]);
    expect(await getClient(t.db, "no-such-client")).toBeNull();
  });

  it("lists environments with protection, blocking checks and counts", async () => {
    const all = await listEnvironments(t.db, {});
    expect(names(all)).toEqual(["prod", "staging", "dev"]);
    expect(all.items[0]).toMatchObject({ displayName: "Production", protection: "protected", blockingChecks: ["catch-all-scope"], resources: 2, profiles: 1 });
    expect(all.items[1]).toMatchObject({ protection: "none", blockingChecks: [], resources: 1, profiles: 1 });
    expect(names(await listEnvironments(t.db, { protection: "protected" }))).toEqual(["prod"]);
    expect(names(await listEnvironments(t.db, { q: "PROD" }))).toEqual(["prod"]);
    expect(names(await listEnvironments(t.db, { q: "stag" }))).toEqual(["staging"]);
    expect(names(await listEnvironments(t.db, { sort: "-resources" }))[0]).toBe("prod");
    await expect(listEnvironments(t.db, { protection: "maybe" })).rejects.toMatchObject({ code: "validation", fields: [{ field: "protection" }] });

    const first = await listEnvironments(t.db, { limit: 2 });
    expect(names(first)).toEqual(["prod", "staging"]);
    const second = await listEnvironments(t.db, { limit: 2, cursor: first.nextCursor });
    expect(names(second)).toEqual(["dev"]);
    expect(second).toMatchObject({ total: 3, nextCursor: null });
  });

  it("lists bindings with temporary, client kind, environment and search filters", async () => {
    expect(pairs(await listBindings(t.db, {}))).toEqual(["bob→orders-rw", "ci-orders→ledger-admin", "ci-orders→ledger-read", "ci-orders→orders-rw"]);
    expect(pairs(await listBindings(t.db, { temporary: "true" }))).toEqual(["ci-orders→ledger-admin", "ci-orders→ledger-read"]);
    expect(pairs(await listBindings(t.db, { temporary: "false", sort: "-profile" }))).toEqual(["ci-orders→orders-rw", "bob→orders-rw"]);
    expect(pairs(await listBindings(t.db, { clientKind: "human" }))).toEqual(["bob→orders-rw"]);
    // by the profile's environment, or an environment it holds scopes in
    expect(pairs(await listBindings(t.db, { environment: "staging" }))).toEqual(["ci-orders→ledger-admin", "ci-orders→ledger-read"]);
    expect(pairs(await listBindings(t.db, { environment: "prod", clientKind: "pipeline" }))).toEqual(["ci-orders→ledger-read", "ci-orders→orders-rw"]);
    expect(pairs(await listBindings(t.db, { q: "incident" }))).toEqual(["ci-orders→ledger-read"]);
    expect(pairs(await listBindings(t.db, { client: "bob" }))).toEqual(["bob→orders-rw"]);
    const old = (await listBindings(t.db, { profile: "ledger-admin" })).items[0];
    expect(old).toMatchObject({ expired: true, profile: { environment: "staging" }, client: { kind: "pipeline", status: "active" } });
    await expect(listBindings(t.db, { temporary: "yes" })).rejects.toMatchObject({ code: "validation" });

    const first = await listBindings(t.db, { limit: 3 });
    expect(first.items).toHaveLength(3);
    const second = await listBindings(t.db, { limit: 3, cursor: first.nextCursor });
    expect(pairs(second)).toEqual(["ci-orders→orders-rw"]);
    expect(second).toMatchObject({ total: 4, nextCursor: null });
  });

  it("lists claim rules with their conditions, filters and paging", async () => {
    const all = await listClaimRules(t.db, {});
    expect(names(all)).toEqual(["gh-orders-main", "gl-ledger"]);
    expect(all.items[0]).toMatchObject({
      issuer: gh,
      conditions: [
        { claim: "ref", value: "refs/heads/main" },
        { claim: "repository", value: "acme/orders" },
      ],
      profile: { name: "orders-rw" },
      client: { name: "ci-orders" },
    });
    expect(all.items[1]?.client).toBeNull();
    expect(names(await listClaimRules(t.db, { issuer: gh }))).toEqual(["gh-orders-main"]);
    expect(names(await listClaimRules(t.db, { profile: "ledger-read" }))).toEqual(["gl-ledger"]);
    expect(names(await listClaimRules(t.db, { client: "ci-orders" }))).toEqual(["gh-orders-main"]);
    expect(names(await listClaimRules(t.db, { q: "gitlab" }))).toEqual(["gl-ledger"]);
    expect(names(await listClaimRules(t.db, { q: "acme/ledger" }))).toEqual(["gl-ledger"]);

    const first = await listClaimRules(t.db, { limit: 1, sort: "-name" });
    expect(names(first)).toEqual(["gl-ledger"]);
    const second = await listClaimRules(t.db, { limit: 1, sort: "-name", cursor: first.nextCursor });
    expect(names(second)).toEqual(["gh-orders-main"]);
    expect(second).toMatchObject({ total: 2, nextCursor: null });
  });

  it("lists credential metadata by status, kind and client, newest first, without hashes", async () => {
    const ids = (page: Page<{ id: string }>) => page.items.map((k) => k.id).sort();
    const all = await listCredentials(t.db, {});
    expect(all.total).toBe(4);
    const created = all.items.map((k) => k.createdAt.getTime());
    expect(created).toEqual([...created].sort((a, b) => b - a));
    for (const k of all.items) expect(k).not.toHaveProperty("hash");
    expect(ids(await listCredentials(t.db, { status: "active" }))).toEqual(["k-bob", "k-live"]);
    expect(ids(await listCredentials(t.db, { status: "revoked" }))).toEqual(["k-gone"]);
    expect(ids(await listCredentials(t.db, { status: "expired" }))).toEqual(["k-old"]);
    expect(ids(await listCredentials(t.db, { kind: "provisioning_key" }))).toEqual(["k-gone"]);
    expect(ids(await listCredentials(t.db, { client: "bob" }))).toEqual(["k-bob"]);
    expect(ids(await listCredentials(t.db, { q: "deploy" }))).toEqual(["k-live"]);
    const live = (await listCredentials(t.db, { client: "ci-orders", status: "active" })).items[0];
    expect(live).toMatchObject({ client: { id: "cl-ci", name: "ci-orders" }, kind: "secret", label: "deploy secret", status: "active" });
    expect(ids(await listCredentials(t.db, { q: live?.prefix.toUpperCase() }))).toEqual(["k-live"]);
    const oldest = (await listCredentials(t.db, { sort: "createdAt" })).items.map((k) => k.createdAt.getTime());
    expect(oldest).toEqual([...oldest].sort((a, b) => a - b));

    const first = await listCredentials(t.db, { limit: 3 });
    const second = await listCredentials(t.db, { limit: 3, cursor: first.nextCursor });
    expect(second).toMatchObject({ total: 4, nextCursor: null });
    expect(new Set([...first.items, ...second.items].map((k) => k.id)).size).toBe(4);
    for (const sort of ["expiresAt", "-expiresAt", "-lastUsedAt"]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await listCredentials(t.db, { limit: 1, sort, cursor });
        seen.push(...page.items.map((k) => k.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      expect(seen.sort(), sort).toEqual(["k-bob", "k-gone", "k-live", "k-old"]);
    }
  });
});
