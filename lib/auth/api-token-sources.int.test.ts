// One rule set, two readers: the machine endpoints verify API tokens through
// raw SQL on the token service's own connection (svc.apiTokens: off the event
// loop on SQLite, a prepared statement on PostgreSQL, last use batched); the
// console through Prisma (verifyApiToken). For random token states — revoked,
// expired or not, a creator disabled or demoted or with a role that no longer
// exists, read or write access, a legacy argon2id hash, a tampered token —
// both answer the same, on each database, and the raw-SQL side records the
// last use once the service flushes. A reader that decodes a time, a Boolean
// or a join differently fails here.
import { hash } from "@node-rs/argon2";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../api-tokens/manage-api-tokens";
import { startTokenService, type TokenService } from "../oauth/service";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { testServiceOptions } from "../testing/token-service";
import { createUser } from "../users/create-user";
import { roles, systemActor, type Role } from "./permissions";
import { verifyApiToken, verifyApiTokenWith } from "./api-tokens";

// a valid token, or one that breaks exactly one rule (each rule is then exercised, not masked by another)
const state = fc
  .record({
    access: fc.constantFrom("read", "write"),
    role: fc.constantFrom("viewer", "editor", "approver", "admin"),
    expires: fc.constantFrom("never", "future"),
    legacyHash: fc.boolean(),
    // about a third valid, so the role each access grants is checked too
    fault: fc.constantFrom("none", "none", "none", "revoked", "expired", "disabled", "retired-role", "tampered"),
  })
  .map(({ fault, ...s }) => ({
    ...s,
    role: fault === "retired-role" ? "retired-role" : s.role,
    expires: fault === "expired" ? "past" : s.expires,
    disabled: fault === "disabled",
    revoked: fault === "revoked",
    tampered: fault === "tampered",
  }));

describe.each(providersUnderTest)("API token verification on %s", (provider) => {
  let t: TestDatabase;
  let svc: TokenService;
  let n = 0;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    svc = await startTokenService(testServiceOptions(t));
  });
  afterAll(async () => {
    await svc?.stop();
    await t?.drop();
  });

  it("the raw-SQL reader and the Prisma reader agree on every token state", async () => {
    await fc.assert(
      fc.asyncProperty(state, async (s) => {
        const i = n++;
        const user = await createUser(t.db, { actor: systemActor, input: { email: `creator-${i}@test.local`, role: "admin" } });
        const created = await createApiToken(t.db, { actor: { id: user.id, label: user.email, role: "admin", kind: "user" }, input: { name: `token ${i}`, access: s.access } });
        const now = new Date();
        const original = s.legacyHash ? await hash(created.token) : (await t.db.apiToken.findUniqueOrThrow({ where: { id: created.id } })).hash;
        const expiresAt = s.expires === "never" ? null : new Date(now.getTime() + (s.expires === "past" ? -60_000 : 3_600_123));
        await t.db.user.update({ where: { id: user.id }, data: { role: s.role, disabled: s.disabled } });
        const reset = () => t.db.apiToken.update({ where: { id: created.id }, data: { hash: original, expiresAt, revokedAt: s.revoked ? new Date(now.getTime() - 1_000) : null, lastUsedAt: null } });
        const presented = s.tampered ? created.token.slice(0, -1) + (created.token.endsWith("A") ? "B" : "A") : created.token;

        await reset();
        const bySql = await verifyApiTokenWith(svc.apiTokens, presented, now);
        await reset();
        const byPrisma = await verifyApiToken(t.db, presented, now);
        expect(bySql).toEqual(byPrisma);
        // the rules themselves, not only agreement
        const valid = !s.revoked && s.expires !== "past" && !s.disabled && s.role !== "retired-role" && !s.tampered;
        expect(bySql !== null).toBe(valid);
        if (bySql) {
          expect(bySql.expiresAt).toBe(expiresAt?.getTime() ?? null);
          // a write token acts as an editor, a read token as a viewer, never above its creator
          const granted: Role = s.access === "write" ? "editor" : "viewer";
          expect(bySql.actor.role).toBe(roles.indexOf(s.role as Role) < roles.indexOf(granted) ? s.role : granted);
        }

        // the raw-SQL side: a legacy hash upgraded on use, the last use written by the next flush
        await reset();
        await verifyApiTokenWith(svc.apiTokens, presented, now);
        await svc.flush();
        const row = await t.db.apiToken.findUniqueOrThrow({ where: { id: created.id } });
        expect(row.lastUsedAt?.getTime() ?? null).toBe(valid ? now.getTime() : null);
        expect(row.hash.startsWith("$hmac-sha256$")).toBe(valid || !s.legacyHash);
      }),
      { numRuns: provider === "postgres" ? 20 : 40, seed: Number(process.env.PERIMETER_MODEL_SEED ?? 20261203) },
    );
  }, 240_000);

  // SQLite only: PostgreSQL's timestamp columns hold nothing else
  if (provider === "sqlite")
    it("a stored time the raw reader cannot read fails closed; epoch milliseconds are read as such", async () => {
    const user = await createUser(t.db, { actor: systemActor, input: { email: "raw-times@test.local", role: "admin" } });
    const actor = { id: user.id, label: user.email, role: "admin" as const, kind: "user" as const };
    const check = async (column: "revokedAt" | "expiresAt", stored: string | number) => {
      const created = await createApiToken(t.db, { actor, input: { name: `raw ${column} ${stored}`, access: "read" } });
      await t.db.$executeRawUnsafe(`UPDATE "ApiToken" SET "${column}" = ? WHERE "id" = ?`, stored, created.id);
      return verifyApiTokenWith(svc.apiTokens, created.token);
    };
    expect(await check("revokedAt", Date.now() - 1_000)).toBeNull();
    expect(await check("revokedAt", "not a time")).toBeNull();
    expect(await check("expiresAt", Date.now() - 1_000)).toBeNull();
    expect(await check("expiresAt", "not a time")).toBeNull();
    expect((await check("expiresAt", Date.now() + 3_600_000))?.expiresAt).toBeGreaterThan(Date.now());
  });
});
