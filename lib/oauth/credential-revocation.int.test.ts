// Introspection and decisions cache verified client secrets and API tokens
// for a few seconds; a credential withdrawn through the write path must stop
// at once on this instance (same-process notice after commit) and within a
// second on another one (the "credentials" signal), and an expiring one must
// not be trusted past its expiry.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken, revokeApiToken } from "../api-tokens/manage-api-tokens";
import { systemActor, type Actor } from "../auth/permissions";
import { submitChange } from "../testing/submit-change";
import { handleDecisions } from "../decisions/decide";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { basic, modelOf } from "../testing/token-service";
import { testActor } from "../testing/actors";
import { introspect } from "./endpoints";
import { runIncidentAction } from "./incidents";
import { startTokenService, type TokenService } from "./service";
import { handleTokenRequest } from "./token-endpoint";

const SECRET = "credential-revocation-secret-0123456789";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits (at most 3 s) until `refused` holds; returns how long it took. */
async function until(refused: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  while (!(await refused()) && Date.now() - start < 3_000) await sleep(20);
  return Date.now() - start;
}

describe.each(providersUnderTest)("withdrawn credentials on %s", (provider) => {
  let t: TestDatabase;
  let a: TokenService;
  let b: TokenService;
  let admin: Actor;
  let accessToken = "";

  const newSecret = async (expiresAt?: Date) => {
    const done = await submitChange(t.db, {
      actor: systemActor,
      input: { title: "New secret", operations: [{ entity: "credential", kind: "create", data: { clientId: "c", kind: "secret", ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}) } }] },
    });
    const r = done.results[0]!;
    return { id: r.id, secret: r.secret! };
  };
  /** Introspection authenticated by the client secret: "ok", or the OAuth error code. */
  const introspectWith = async (svc: TokenService, secret: string) => {
    try {
      await introspect(svc, basic("svc-orders", secret), new URLSearchParams({ token: accessToken }));
      return "ok";
    } catch (e) {
      return (e as { error?: string }).error ?? String(e);
    }
  };
  const decideWith = async (svc: TokenService, apiToken: string) =>
    (await handleDecisions(svc, `Bearer ${apiToken}`, { client: "svc-orders", resource: "prod/orders-db", action: "read" })).status;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    await submitChange(t.db, {
      actor: systemActor,
      input: {
        title: "Fixture",
        operations: [
          { entity: "environment", kind: "create", id: "env-prod", data: { name: "prod" } },
          { entity: "domain", kind: "create", id: "dom", data: { name: "payments" } },
          { entity: "resource", kind: "create", id: "res", data: { name: "orders-db", kind: "database", environmentId: "env-prod", domainId: "dom" } },
          { entity: "scope", kind: "create", id: "s-read", data: { resourceId: "res", action: "read" } },
          { entity: "profile", kind: "create", id: "p", data: { name: "orders-ro", scopeIds: ["s-read"], maxTokenLifetimeSeconds: 600 } },
          { entity: "client", kind: "create", id: "c", data: { name: "svc-orders", kind: "service" } },
          { entity: "binding", kind: "create", id: "b", data: { clientId: "c", profileId: "p" } },
        ],
      },
    });
    admin = await testActor(t.db, "admin@perimeter.test", "admin");
    const opts = { db: t.db, url: t.url, issuer: "https://perimeter.test", keySecret: SECRET, readModel: modelOf(t) };
    a = await startTokenService(opts);
    // b stands for another process: it learns of the change only through the signal
    b = await startTokenService({ ...opts, isolated: true });
    const { secret } = await newSecret();
    accessToken = (await handleTokenRequest(a, { form: new URLSearchParams({ grant_type: "client_credentials" }), authorization: basic("svc-orders", secret), address: "127.0.0.1" })).access_token;
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await t?.drop();
  });

  it("a client secret revoked through the write path is refused by introspection at once", async () => {
    const { id, secret } = await newSecret();
    // verified once on each instance: cached from now on
    expect(await introspectWith(a, secret)).toBe("ok");
    expect(await introspectWith(b, secret)).toBe("ok");
    await submitChange(t.db, { actor: systemActor, input: { title: "Revoke", operations: [{ entity: "credential", kind: "update", id, data: { revoke: true } }] } });
    expect(await introspectWith(a, secret)).toBe("invalid_client");
    expect(await until(async () => (await introspectWith(b, secret)) === "invalid_client")).toBeLessThan(1_000);
    expect(await introspectWith(b, secret)).toBe("invalid_client");
  });

  it("a revoked API token is refused by the decision API at once", async () => {
    const api = await createApiToken(t.db, { actor: admin, input: { name: "resource-server", access: "read" } });
    expect(await decideWith(a, api.token)).toBe(200);
    expect(await decideWith(b, api.token)).toBe(200);
    await revokeApiToken(t.db, { actor: admin, id: api.id });
    expect(await decideWith(a, api.token)).toBe(401);
    expect(await until(async () => (await decideWith(b, api.token)) === 401)).toBeLessThan(1_000);
    expect(await decideWith(b, api.token)).toBe(401);
  });

  it("an expiring client secret is not trusted past its expiry", async () => {
    const { secret } = await newSecret(new Date(Date.now() + 1_500));
    expect(await introspectWith(a, secret)).toBe("ok");
    await sleep(1_600);
    expect(await introspectWith(a, secret)).toBe("invalid_client");
  });

  it("a client suspended by an incident action is refused at once", async () => {
    const { secret } = await newSecret();
    expect(await introspectWith(a, secret)).toBe("ok");
    const admin = await testActor(t.db, "incident-admin@cred.test", "admin");
    await runIncidentAction(t.db, admin, { action: "suspend_client", clientId: "svc-orders", reason: "drill" });
    expect(await introspectWith(a, secret)).toBe("invalid_client");
    expect(await until(async () => (await introspectWith(b, secret)) === "invalid_client")).toBeLessThan(1_000);
  });
});
