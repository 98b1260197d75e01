// Client authentication remembers, per keep-alive connection, the secret that
// verified and the stored hash it verified against (./client-auth.ts). Model:
// a presented secret authenticates exactly when it is the credential's current
// secret and the credential is neither revoked nor expired — whatever the same
// connection, or another one, presented before. Random sequences of
// presentations on two connections, revocations, expiries and hash
// replacements, on each database; and a service under another server key
// refuses what the same connection verified under the first.
import fc from "fast-check";
import { randomBytes } from "node:crypto";
import { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keyedHash, machineKey, prefixOf } from "../crypto/secrets";
import { runInRequest } from "../ops/request-context";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { basic, testServiceOptions } from "../testing/token-service";
import { tokenFixture } from "../testing/token-fixture";
import { introspect } from "./endpoints";
import { startTokenService, type TokenService } from "./service";


type Step =
  | { kind: "present"; connection: 0 | 1; which: "current" | "previous" | "wrong" }
  | { kind: "revoke" }
  | { kind: "expire" }
  | { kind: "restore" }
  | { kind: "rehash" };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("present" as const), connection: fc.constantFrom(0 as const, 1 as const), which: fc.constantFrom("current" as const, "previous" as const, "wrong" as const) }) },
  { weight: 1, arbitrary: fc.constant({ kind: "revoke" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "expire" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "restore" as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: "rehash" as const }) },
);

describe.each(providersUnderTest)("client authentication on a keep-alive connection, on %s", (provider) => {
  let t: TestDatabase;
  let svc: TokenService;
  let original = "";

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    ({ secret: original } = await tokenFixture(t.db));
    svc = await startTokenService(testServiceOptions(t));
  });
  afterAll(async () => {
    await svc?.stop();
    await t?.drop();
  });

  /** Does the secret authenticate at introspection, as a request on `connection`? */
  const authenticates = (connection: Socket, secret: string, on = svc) =>
    runInRequest({ requestId: "memo-test", connection }, () => introspect(on, basic("svc-orders", secret), new URLSearchParams({ token: "not-a-token" }))).then(
      () => true,
      (e: { error?: string }) => {
        if (e.error !== "invalid_client") throw e;
        return false;
      },
    );
  // what the credentials signal does on every instance when a credential changes
  const changed = () => svc.credentials.clear();

  it("a secret authenticates exactly when it is the credential's current one, not revoked and not expired", async () => {
    const prefix = prefixOf(original)!;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
        const connections = [new Socket(), new Socket()];
        let current = original;
        let previous = original;
        let revoked = false;
        let expired = false;
        try {
          for (const s of steps) {
            if (s.kind === "revoke" || s.kind === "expire" || s.kind === "restore") {
              if (s.kind === "restore") revoked = expired = false;
              else if (s.kind === "revoke") revoked = true;
              else expired = true;
              await t.db.credential.update({ where: { id: "k" }, data: { revokedAt: revoked ? new Date() : null, expiresAt: expired ? new Date(Date.now() - 1_000) : null } });
              changed();
            } else if (s.kind === "rehash") {
              // the same prefix, another secret: the stored hash is replaced
              previous = current;
              current = `${prefix}_${randomBytes(32).toString("base64url")}`;
              await t.db.credential.update({ where: { id: "k" }, data: { hash: keyedHash(current, svc.machineKey!) } });
              changed();
            } else {
              const secret = s.which === "current" ? current : s.which === "previous" ? previous : `${prefix}_${randomBytes(32).toString("base64url")}`;
              const expected = secret === current && !revoked && !expired;
              expect(await authenticates(connections[s.connection]!, secret)).toBe(expected);
            }
          }
        } finally {
          await t.db.credential.update({ where: { id: "k" }, data: { revokedAt: null, expiresAt: null, hash: keyedHash(original, svc.machineKey!) } });
          changed();
        }
      }),
      { numRuns: 40 },
    );
  });

  it("a service under another server key refuses the secret the same connection verified under the first", async () => {
    const other = await startTokenService(testServiceOptions(t, { machineKey: machineKey("another-server-key-secret-0123456789abcdef") }));
    try {
      const connection = new Socket();
      expect(await authenticates(connection, original)).toBe(true);
      expect(await authenticates(connection, original, other)).toBe(false);
    } finally {
      await other.stop();
    }
  });
});
