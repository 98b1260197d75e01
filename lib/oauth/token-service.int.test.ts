// The token service in-process on each provider: issuance, introspection,
// revocation, narrowing, key rotation, decisions and the signals that carry
// revocations between two service instances sharing one database.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, SignJWT } from "jose";
import { systemActor } from "../auth/permissions";
import { verifyAuditChain } from "../audit/verify";
import { submitChange } from "../testing/submit-change";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { basic, modelOf } from "../testing/token-service";
import { decide } from "../decisions/decide";
import { inspectAccessToken } from "./access-tokens";
import { introspect, revoke } from "./endpoints";
import { runIncidentAction } from "./incidents";
import { OAuthError } from "./errors";
import { rotateSigningKey } from "./key-store";
import { signingWorkers } from "./jwt-sign";
import { probeWithoutKey } from "../testing/signing-threads";
import { startTokenService, type TokenService } from "./service";
import { handleTokenRequest } from "./token-endpoint";

const SECRET = "integration-secret-integration-secret-0123";

describe.each(providersUnderTest)("the token service on %s", (provider) => {
  let t: TestDatabase;
  let a: TokenService;
  let b: TokenService;
  let secret = "";

  const token = (svc: TokenService, form: Record<string, string>, auth = basic("svc-orders", secret)) =>
    handleTokenRequest(svc, { form: new URLSearchParams(form), authorization: auth, address: "127.0.0.1" });
  const active = async (svc: TokenService, jwt: string) => (await introspect(svc, basic("svc-orders", secret), new URLSearchParams({ token: jwt }))).active;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    const done = await submitChange(t.db, {
      actor: systemActor,
      input: {
        title: "Fixture",
        operations: [
          { entity: "environment", kind: "create", id: "env-prod", data: { name: "prod" } },
          { entity: "domain", kind: "create", id: "dom", data: { name: "payments" } },
          { entity: "resource", kind: "create", id: "res", data: { name: "orders-db", kind: "database", environmentId: "env-prod", domainId: "dom" } },
          { entity: "scope", kind: "create", id: "s-read", data: { resourceId: "res", action: "read" } },
          { entity: "scope", kind: "create", id: "s-write", data: { resourceId: "res", action: "write" } },
          { entity: "profile", kind: "create", id: "p", data: { name: "orders-rw", scopeIds: ["s-read", "s-write"], maxTokenLifetimeSeconds: 600 } },
          { entity: "client", kind: "create", id: "c", data: { name: "svc-orders", kind: "service" } },
          { entity: "binding", kind: "create", id: "b", data: { clientId: "c", profileId: "p" } },
          { entity: "credential", kind: "create", id: "k", data: { clientId: "c", kind: "secret" } },
        ],
      },
    });
    secret = done.results.find((r) => r.entity === "credential")!.secret!;
    const opts = { db: t.db, url: t.url, issuer: "https://perimeter.test", keySecret: SECRET, readModel: modelOf(t) };
    a = await startTokenService(opts);
    // b stands for another process: it learns of a's revocations only through the signals
    b = await startTokenService({ ...opts, isolated: true });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await t?.drop();
  });

  it("two instances starting together share one active key", async () => {
    expect(await t.db.signingKey.count({ where: { retiredAt: null } })).toBe(1);
    expect(a.keys.signingKey()?.kid).toBe(b.keys.signingKey()?.kid);
  });

  it("issues a profile-bound token that the other instance introspects as active", async () => {
    const sentAt = Date.now();
    const res = await token(a, { grant_type: "client_credentials" });
    expect(res.scope).toBe("prod/orders-db:read prod/orders-db:write");
    const { exp, iat } = decodeJwt(res.access_token);
    expect(exp! - iat!).toBe(600);
    // expires_in is what is left of it, never more than exp allows (iat is floored to the second)
    expect(res.expires_in).toBeLessThanOrEqual(exp! - sentAt / 1000);
    expect(res.expires_in).toBeGreaterThanOrEqual(598);
    expect(decodeJwt(res.access_token)).toMatchObject({ client_id: "svc-orders", profile_id: "p", profile_version: 1, aud: ["urn:perimeter:resource:prod/orders-db"] });
    expect(await active(b, res.access_token)).toBe(true);
    expect(await t.db.token.count()).toBe(1);
  });

  it("a token verified before does not vouch for another carrying its signature (the cache keys on the signature's end)", async () => {
    const res = await token(a, { grant_type: "client_credentials" });
    expect(await active(b, res.access_token)).toBe(true);
    const [header, payload, signature] = res.access_token.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, exp: Number(claims.exp) + 3600, scope: "prod/orders-db:admin" })).toString("base64url");
    expect(await active(b, `${header}.${forged}.${signature}`)).toBe(false);
    // and the real one is still known as verified
    expect(await active(b, res.access_token)).toBe(true);
  });

  it("refuses a wider scope and a wrong secret with RFC errors", async () => {
    // a 1 s token would be answered with less than a second left (exp counts whole seconds)
    await expect(token(a, { grant_type: "client_credentials", expires_in: "1" })).rejects.toMatchObject({ error: "invalid_request" });
    await expect(token(a, { grant_type: "client_credentials", scope: "prod/orders-db:admin" })).rejects.toMatchObject({ error: "invalid_scope" });
    const wrong = secret.slice(0, -1) + (secret.endsWith("A") ? "B" : "A");
    await expect(token(a, { grant_type: "client_credentials" }, basic("svc-orders", wrong))).rejects.toMatchObject({ error: "invalid_client", status: 401 });
    await expect(token(a, { grant_type: "implicit" })).rejects.toBeInstanceOf(OAuthError);
  });

  it("a revocation through one instance reaches the other within a second", async () => {
    const res = await token(a, { grant_type: "client_credentials" });
    expect(await active(b, res.access_token)).toBe(true);
    const start = Date.now();
    await revoke(a, basic("svc-orders", secret), new URLSearchParams({ token: res.access_token }));
    expect(await active(a, res.access_token)).toBe(false);
    while ((await active(b, res.access_token)) && Date.now() - start < 3_000) await new Promise((r) => setTimeout(r, 20));
    const delay = Date.now() - start;
    expect(await active(b, res.access_token)).toBe(false);
    expect(delay).toBeLessThan(1_000);
  });

  it("an incident revocation committed in this process is honoured before it returns", async () => {
    const res = await token(a, { grant_type: "client_credentials" });
    expect(await active(a, res.access_token)).toBe(true);
    const done = await runIncidentAction(t.db, systemActor, { action: "revoke_tokens", clientId: "svc-orders", reason: "drill" });
    expect(done.revoked).toBeGreaterThanOrEqual(1);
    // no wait: the revoking call published to this process's token service
    expect(a.revocations.has(decodeJwt(res.access_token).jti!)).toBe(true);
    expect(await active(a, res.access_token)).toBe(false);
  });

  it("private_key_jwt: an assertion used on one instance is refused on every other (jti once)", async () => {
    const pair = await generateKeyPair("ES256", { extractable: true });
    await submitChange(t.db, {
      actor: systemActor,
      input: { title: "A key for svc-orders", operations: [{ entity: "credential", kind: "create", data: { clientId: "c", kind: "public_key", jwk: await exportJWK(pair.publicKey) } }] },
    });
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: "ES256" })
      .setIssuer("svc-orders")
      .setSubject("svc-orders")
      .setAudience(a.tokenEndpoint)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime("2m")
      .sign(pair.privateKey);
    const form = { grant_type: "client_credentials", client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: assertion };
    expect((await token(a, form, "")).access_token).toBeTruthy();
    // b has never seen it in memory: the database refuses it
    const replayed = { error: "invalid_client", description: expect.stringContaining("already used") };
    await expect(token(b, form, "")).rejects.toMatchObject(replayed);
    await expect(token(a, form, "")).rejects.toMatchObject(replayed);
    expect(await t.db.usedAssertion.count()).toBe(1);
  });

  it("narrowing the profile makes the tokens it narrowed inactive, not the others", async () => {
    const full = await token(a, { grant_type: "client_credentials" });
    const readOnly = await token(a, { grant_type: "client_credentials", scope: "prod/orders-db:read" });
    await submitChange(t.db, { actor: systemActor, input: { title: "Narrow", operations: [{ entity: "profile", kind: "update", id: "p", data: { removeScopeIds: ["s-write"] } }] } });
    const r = await inspectAccessToken(a, full.access_token);
    expect(r).toMatchObject({ active: false });
    expect(!r.active && r.reason).toContain("no longer holds prod/orders-db:write");
    expect(await active(a, readOnly.access_token)).toBe(true);
    const next = await token(a, { grant_type: "client_credentials" });
    expect(decodeJwt(next.access_token)).toMatchObject({ profile_version: 2, scope: "prod/orders-db:read" });
  });

  it("rotation: new tokens use the new key; the old key's tokens stay valid on both instances", async () => {
    const before = await token(a, { grant_type: "client_credentials" });
    // the thread that signed it keeps the active key
    expect((await Promise.all(signingWorkers().map(probeWithoutKey))).some((r) => typeof r.sig === "string")).toBe(true);
    const rotated = await rotateSigningKey(t.db, { secret: SECRET, actor: systemActor, reason: "test" });
    await a.keys.reload();
    // the signing threads no longer hold the retired key
    for (const r of await Promise.all(signingWorkers().map(probeWithoutKey))) expect(r.error).toBe("no signing key was handed to this thread");
    const after = await token(a, { grant_type: "client_credentials" });
    expect(decodeProtectedHeader(after.access_token).kid).toBe(rotated!.kid);
    expect(decodeProtectedHeader(before.access_token).kid).not.toBe(rotated!.kid);
    // b has not reloaded yet: an unknown kid makes it look the key up
    expect(await active(b, after.access_token)).toBe(true);
    expect(await active(b, before.access_token)).toBe(true);
    expect(JSON.parse(b.keys.jwksBody).keys).toHaveLength(2);
  });

  it("decides from the read model and counts the decisions", async () => {
    const caller = { ...systemActor, label: "api-token:test" };
    expect(await decide(a, caller, { client: "svc-orders", resource: "prod/orders-db", action: "read" })).toMatchObject({ allow: true, profile: { name: "orders-rw" }, scope: { name: "prod/orders-db:read" } });
    const denied = await decide(a, caller, { client: "svc-orders", resource: "prod/orders-db", action: "write" });
    expect(denied).toMatchObject({ allow: false });
    await a.flush();
    const stats = await t.db.decisionStat.findMany({ orderBy: { outcome: "asc" } });
    expect(stats.map((s) => [s.outcome, s.count])).toEqual([
      ["allow", 1],
      ["deny", 1],
    ]);
    expect(await t.db.auditEvent.count({ where: { action: "decision.denied" } })).toBe(1);
    expect(await t.db.auditEvent.count({ where: { action: "token.issued" } })).toBeGreaterThan(0);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("stores the private key encrypted, and never in the audit log", async () => {
    const row = await t.db.signingKey.findFirst({ where: { retiredAt: null } });
    expect(row!.privateJwk.split(".")).toHaveLength(5);
    expect(row!.privateJwk).not.toContain('"d"');
    const retired = await t.db.signingKey.findFirst({ where: { retiredAt: { not: null } } });
    expect(retired!.privateJwk).toBe("");
    const events = await t.db.auditEvent.findMany({ where: { action: "signingKey.rotated" } });
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => !(e.after ?? "").includes('"d"'))).toBe(true);
  });
});
