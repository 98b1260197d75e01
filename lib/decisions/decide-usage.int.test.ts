// Denied decisions count against the catalog scope they asked for and, where
// the catalog can tell, the profile they were evaluated against; usage then
// shows them per scope: on a granted row, or among the scopes denied outside
// the grants.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ReadModel } from "../access/read-model";
import { systemActor } from "../auth/permissions";
import { submitChange } from "../testing/submit-change";
import { revokeTokens } from "../oauth/revocations";
import { startTokenService, type TokenService } from "../oauth/service";
import { handleTokenRequest } from "../oauth/token-endpoint";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { basic, modelOf } from "../testing/token-service";
import { usageForClient, usageForProfile } from "../usage/load-usage";
import { decide } from "./decide";

const caller = { ...systemActor, label: "api-token:test" };

describe.each(providersUnderTest)("denials in the aggregates and in usage on %s", (provider) => {
  let t: TestDatabase;
  let svc: TokenService;
  let model: () => Promise<ReadModel>;
  let secret = "";

  const tokenFor = async (scope: string) =>
    (await handleTokenRequest(svc, { form: new URLSearchParams({ grant_type: "client_credentials", scope }), authorization: basic("svc", secret), address: "127.0.0.1" })).access_token;
  const deniedStats = async () =>
    (await t.db.decisionStat.findMany({ where: { outcome: "deny" }, orderBy: [{ clientId: "asc" }, { scopeId: "asc" }, { profileId: "asc" }] })).map((s) => [s.clientId, s.profileId, s.scopeId, s.count]);

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    const done = await submitChange(t.db, {
      actor: systemActor,
      input: {
        title: "Fixture",
        operations: [
          { entity: "environment", kind: "create", id: "prod", data: { name: "prod" } },
          { entity: "domain", kind: "create", id: "pay", data: { name: "payments" } },
          { entity: "resource", kind: "create", id: "odb", data: { name: "orders-db", kind: "database", environmentId: "prod", domainId: "pay" } },
          { entity: "scope", kind: "create", id: "read", data: { resourceId: "odb", action: "read" } },
          { entity: "scope", kind: "create", id: "write", data: { resourceId: "odb", action: "write" } },
          { entity: "scope", kind: "create", id: "admin", data: { resourceId: "odb", action: "admin" } },
          { entity: "profile", kind: "create", id: "ro", data: { name: "orders-ro", environmentId: "prod", scopeIds: ["read"], maxTokenLifetimeSeconds: 600 } },
          { entity: "profile", kind: "create", id: "rw", data: { name: "orders-rw", environmentId: "prod", scopeIds: ["read", "write"], maxTokenLifetimeSeconds: 600 } },
          { entity: "client", kind: "create", id: "svc", data: { name: "svc", kind: "service" } },
          { entity: "client", kind: "create", id: "multi", data: { name: "multi", kind: "service" } },
          { entity: "binding", kind: "create", data: { clientId: "svc", profileId: "ro" } },
          { entity: "binding", kind: "create", data: { clientId: "multi", profileId: "ro" } },
          { entity: "binding", kind: "create", data: { clientId: "multi", profileId: "rw" } },
          { entity: "credential", kind: "create", data: { clientId: "svc", kind: "secret" } },
        ],
      },
    });
    secret = done.results.find((r) => r.entity === "credential")!.secret!;
    model = modelOf(t);
    svc = await startTokenService({ db: t.db, url: t.url, issuer: "https://perimeter.test", keySecret: "decide-usage-secret-0123456789abcdef", readModel: model, passive: true });
  });
  afterAll(async () => {
    await svc?.stop();
    await t?.drop();
  });

  it("counts each denial against the scope asked for, and the profile where only one could answer", async () => {
    // by client: svc holds only orders-ro in prod, which lacks write
    expect(await decide(svc, caller, { client: "svc", resource: "prod/orders-db", action: "write" })).toMatchObject({ allow: false });
    // by client: multi holds two prod profiles, neither with admin: ambiguous
    expect(await decide(svc, caller, { client: "multi", resource: "prod/orders-db", action: "admin" })).toMatchObject({ allow: false });
    // by token: bound to orders-ro; asks beyond its scope, then is revoked and asks within it
    const token = await tokenFor("prod/orders-db:read");
    expect(await decide(svc, caller, { token, resource: "prod/orders-db", action: "write" })).toMatchObject({ allow: false });
    await revokeTokens(t.db, { clientId: "svc" }, { actor: systemActor, reason: "test", target: { type: "client", id: "svc", name: "svc" } });
    await svc.revocations.sync(true);
    expect(await decide(svc, caller, { token, resource: "prod/orders-db", action: "read" })).toMatchObject({ allow: false, reason: "the token was revoked" });
    // an unknown resource has no scope to count against
    expect(await decide(svc, caller, { client: "svc", resource: "prod/nowhere", action: "read" })).toMatchObject({ allow: false });
    await svc.flush();
    expect(await deniedStats()).toEqual([
      ["multi", "", "admin", 1],
      ["svc", "", "", 1],
      ["svc", "ro", "read", 1],
      ["svc", "ro", "write", 2],
    ]);
  });

  it("shows the denials in usage: on the granted scope, and among the scopes denied outside the grants", async () => {
    const m = await model();
    const client = await usageForClient(t.db, "svc", { model: m });
    expect(client.rows).toEqual([expect.objectContaining({ profileId: "ro", scopeName: "prod/orders-db:read", allowedCount: 0, deniedCount: 1, used: false })]);
    expect(client.denied).toEqual([expect.objectContaining({ scopeName: "prod/orders-db:write", profileId: "ro", profileName: "orders-ro", deniedCount: 2 })]);

    const profile = await usageForProfile(t.db, "ro", { model: m });
    expect(profile.rows.find((r) => r.scopeId === "read")).toMatchObject({ deniedCount: 1 });
    expect(profile.denied).toEqual([expect.objectContaining({ scopeName: "prod/orders-db:write", deniedCount: 2 })]);

    const ambiguous = await usageForClient(t.db, "multi", { model: m });
    expect(ambiguous.denied).toEqual([expect.objectContaining({ scopeName: "prod/orders-db:admin", profileId: null, deniedCount: 1 })]);
    expect(ambiguous.rows.every((r) => r.deniedCount === 0)).toBe(true);
  });
});
