// The keyed-hash decision for machine secrets, on each database: client
// secrets and API tokens are stored as HMAC-SHA-256 under the server key and
// verify; legacy argon2id hashes still verify and are replaced by keyed hashes
// on their first successful use; human passwords stay argon2id; another
// server key makes the stored keyed hashes fail closed.
import { hash } from "@node-rs/argon2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../api-tokens/manage-api-tokens";
import { verifyApiToken } from "../auth/api-tokens";
import { systemActor } from "../auth/permissions";
import { signInWithPassword } from "../auth/sign-in";
import { machineKey, serverMachineKey } from "../crypto/secrets";
import { createUser } from "../users/create-user";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { basic, testServiceOptions } from "../testing/token-service";
import { tokenFixture } from "../testing/token-fixture";
import { introspect } from "./endpoints";
import { startTokenService, type TokenService } from "./service";
import { handleTokenRequest } from "./token-endpoint";

const keyed = /^\$hmac-sha256\$k=/;

describe.each(providersUnderTest)("machine secrets on %s", (provider) => {
  let t: TestDatabase;
  let svc: TokenService;
  let secret = "";
  const admin = { id: "", label: "admin@test", role: "admin" as const, kind: "user" as const };

  const grant = (s: TokenService, auth: string) => handleTokenRequest(s, { form: new URLSearchParams({ grant_type: "client_credentials" }), authorization: auth, address: "127.0.0.1" });

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    ({ secret } = await tokenFixture(t.db));
    const user = await createUser(t.db, { actor: systemActor, input: { email: "admin@test.local", role: "admin", password: "correct horse battery" } });
    admin.id = user.id;
    svc = await startTokenService(testServiceOptions(t));
  });
  afterAll(async () => {
    await svc?.stop();
    await t?.drop();
  });

  it("a client secret is stored as a keyed hash under the server key, and verifies", async () => {
    const row = await t.db.credential.findUniqueOrThrow({ where: { id: "k" } });
    expect(row.hash).toMatch(keyed);
    expect(row.hash).toContain(`k=${serverMachineKey()!.id}$`);
    expect((await grant(svc, basic("svc-orders", secret))).access_token).toBeTruthy();
  });

  it("a legacy argon2id client secret verifies, and is stored as a keyed hash after that use", async () => {
    await t.db.credential.update({ where: { id: "k" }, data: { hash: await hash(secret) } });
    svc.credentials.clear();
    expect((await grant(svc, basic("svc-orders", secret))).access_token).toBeTruthy();
    const row = await t.db.credential.findUniqueOrThrow({ where: { id: "k" } });
    expect(row.hash).toMatch(keyed);
    // and still verifies from the database (not only from this instance's index)
    svc.credentials.clear();
    expect((await grant(svc, basic("svc-orders", secret))).access_token).toBeTruthy();
  });

  it("a wrong secret against a legacy hash is refused and nothing is rewritten", async () => {
    const legacy = await hash(secret);
    await t.db.credential.update({ where: { id: "k" }, data: { hash: legacy } });
    svc.credentials.clear();
    const wrong = secret.slice(0, -1) + (secret.endsWith("A") ? "B" : "A");
    await expect(grant(svc, basic("svc-orders", wrong))).rejects.toMatchObject({ error: "invalid_client", status: 401 });
    expect((await t.db.credential.findUniqueOrThrow({ where: { id: "k" } })).hash).toBe(legacy);
    await grant(svc, basic("svc-orders", secret)); // upgrades it again
  });

  it("another server key fails closed: the stored keyed hashes no longer verify", async () => {
    const other = await startTokenService(testServiceOptions(t, { machineKey: machineKey("a-different-server-key-secret-0123456789") }));
    try {
      await expect(grant(other, basic("svc-orders", secret))).rejects.toMatchObject({ error: "invalid_client" });
      await expect(introspect(other, basic("svc-orders", secret), new URLSearchParams({ token: "x" }))).rejects.toMatchObject({ error: "invalid_client" });
    } finally {
      await other.stop();
    }
    // the hash was not touched by the failed attempts
    expect((await t.db.credential.findUniqueOrThrow({ where: { id: "k" } })).hash).toMatch(keyed);
  });

  it("API tokens: keyed hashes verify; a legacy argon2id one verifies and is upgraded on use", async () => {
    const created = await createApiToken(t.db, { actor: admin, input: { name: "ci reader", access: "read" } });
    const row = await t.db.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.hash).toMatch(keyed);
    expect(await verifyApiToken(t.db, created.token)).not.toBeNull();
    await t.db.apiToken.update({ where: { id: created.id }, data: { hash: await hash(created.token) } });
    expect(await verifyApiToken(t.db, created.token)).not.toBeNull();
    expect((await t.db.apiToken.findUniqueOrThrow({ where: { id: created.id } })).hash).toMatch(keyed);
    expect(await verifyApiToken(t.db, created.token.slice(0, -1) + (created.token.endsWith("A") ? "B" : "A"))).toBeNull();
  });

  it("human passwords stay argon2id", async () => {
    const user = await t.db.user.findUniqueOrThrow({ where: { email: "admin@test.local" } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await signInWithPassword(t.db, { email: "admin@test.local", password: "correct horse battery", address: null })).toMatchObject({ ok: true });
    expect(await signInWithPassword(t.db, { email: "admin@test.local", password: "wrong horse battery", address: null })).toMatchObject({ ok: false });
  });
});
