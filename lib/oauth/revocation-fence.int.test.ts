// No stale allow after a revocation, on each database: an instance that hears
// no signal at all (no LISTEN, no poll, deaf to this process's own commits)
// still answers "revoked" for every token revoked before the request arrived,
// because its catalog fence reads the revocation sequence with the catalog
// version and the inspection reads the revocations when it moved. A model
// test (fast-check): random grants, revocations through each form of the
// write path (one token, several, a whole client) and inspections, each
// inspection in a request that arrives after everything before it committed.
// Some revocations carry a time two minutes old (a slow transaction, a
// skewed clock): loading by time would skip them; by sequence it cannot.
// Without the fence the first inspection after a revocation answers active.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../auth/permissions";
import { nextMoment } from "../ops/moments";
import { runInRequest } from "../ops/request-context";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { tokenFixture } from "../testing/token-fixture";
import { basic } from "../testing/token-service";
import { inspectAccessToken } from "./access-tokens";
import { revokeTokens, type RevokeWhere } from "./revocations";
import { startTokenService, type TokenService } from "./service";
import { handleTokenRequest } from "./token-endpoint";

type Cmd = { kind: "grant" } | { kind: "revoke"; pick: number[]; how: "jti" | "jtis" | "client"; late: boolean } | { kind: "inspect"; pick: number };

const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  fc.constant<Cmd>({ kind: "grant" }),
  fc.record({ kind: fc.constant("revoke" as const), pick: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }), how: fc.constantFrom("jti" as const, "jti" as const, "jtis" as const, "client" as const), late: fc.boolean() }),
  fc.record({ kind: fc.constant("inspect" as const), pick: fc.nat() }),
);

describe.each(providersUnderTest)("revocations are fenced on %s", (provider) => {
  let t: TestDatabase;
  let deaf: TokenService;
  let secret = "";
  let n = 0;
  const inRequest = <T>(fn: () => Promise<T>) => runInRequest({ requestId: `req-${++n}`, arrival: nextMoment() }, fn);

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    ({ secret } = await tokenFixture(t.db));
    // another instance as far as this process goes, and one that hears no signal: only its fence tells it
    deaf = await startTokenService({ db: t.db, url: t.url, issuer: "https://perimeter.test", keySecret: "integration-secret-integration-secret-0123", isolated: true, passive: true, ratePerClient: 1_000_000, ratePerAddress: 1_000_000 });
  });
  afterAll(async () => {
    await deaf?.stop();
    await t?.drop();
  });

  it("an inspection never answers active for a token revoked before the request arrived", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(cmd, { minLength: 3, maxLength: 14 }), async (cmds) => {
        const issued: string[] = [];
        const jtis: string[] = [];
        const revoked = new Set<string>();
        for (const c of cmds) {
          if (c.kind === "grant" || issued.length === 0) {
            const r = await inRequest(() => handleTokenRequest(deaf, { form: new URLSearchParams({ grant_type: "client_credentials" }), authorization: basic("svc-orders", secret), address: "127.0.0.1" }));
            const token = r.access_token;
            issued.push(token);
            jtis.push(JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).jti as string);
            continue;
          }
          if (c.kind === "revoke") {
            const picked = [...new Set(c.pick.map((i) => jtis[i % jtis.length]!))];
            const where: RevokeWhere = c.how === "client" ? { clientId: "c" } : c.how === "jtis" ? { jtis: picked } : { jti: picked[0]! };
            // late: stamped two minutes before it commits (a slow writer, a skewed clock), after newer ones were loaded
            const now = c.late ? new Date(Date.now() - 120_000) : undefined;
            await revokeTokens(t.db, where, { actor: systemActor, reason: "model test", target: { type: "client", id: "c", name: "svc-orders" }, now });
            for (const j of c.how === "client" ? jtis : c.how === "jtis" ? picked : [picked[0]!]) revoked.add(j);
            continue;
          }
          const i = c.pick % issued.length;
          const answer = await inRequest(() => inspectAccessToken(deaf, issued[i]!));
          if (revoked.has(jtis[i]!)) expect(answer).toMatchObject({ active: false, reason: "the token was revoked" });
          else expect(answer.active).toBe(true);
        }
      }),
      { numRuns: provider === "postgres" ? 10 : 25, seed: Number(process.env.PERIMETER_MODEL_SEED ?? 20261203) },
    );
  }, 240_000);
});
