// Rate limits that hold across instances: two token services on one
// PostgreSQL database (and on one Redis, when TEST_REDIS_URL names one) spend
// one budget, at the limiter and at the token endpoint. On SQLite the budget
// is per process (the single-node default), which the last case shows.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, pgAdminUrl, type TestDatabase } from "../testing/databases";
import { basic, testServiceOptions } from "../testing/token-service";
import { tokenFixture } from "../testing/token-fixture";
import { OAuthError } from "../oauth/errors";
import { startTokenService, type TokenService } from "../oauth/service";
import { handleTokenRequest } from "../oauth/token-endpoint";
import { createLimiter } from "./limiter";
import { openLimitStore } from "./store";

const redisUrl = process.env.TEST_REDIS_URL;

type Shared = { name: string; open: (t: TestDatabase) => { databaseUrl: string; redisUrl?: string } };
const stores: Shared[] = [
  ...(pgAdminUrl ? [{ name: "PostgreSQL", open: (t: TestDatabase) => ({ databaseUrl: t.url }) }] : []),
  ...(redisUrl && pgAdminUrl ? [{ name: "Redis", open: (t: TestDatabase) => ({ databaseUrl: t.url, redisUrl }) }] : []),
];
if (!redisUrl) console.warn("TEST_REDIS_URL is not set: the Redis rate-limit case is skipped.");

describe.runIf(stores.length > 0).each(stores)("one rate-limit budget across instances ($name)", (store) => {
  let t: TestDatabase;
  let a: TokenService;
  let b: TokenService;
  let secret = "";

  beforeAll(async () => {
    t = await createTestDatabase("postgres");
    ({ secret } = await tokenFixture(t.db));
    const { redisUrl: r } = store.open(t);
    // 5 per second per address over a 60 s window: a budget of 300 would hide nothing, so the rate is per window here
    const opts = testServiceOptions(t, { redisUrl: r ?? null, ratePerAddress: 0.1, rateWindowSeconds: 60 });
    a = await startTokenService(opts);
    b = await startTokenService(opts);
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await t?.drop();
  });

  it("two limiters on one store share the budget; leasing never lets more through", async () => {
    const name = `shared-${randomUUID()}`;
    for (const lease of [1, 3]) {
      const s1 = openLimitStore(store.open(t));
      const s2 = openLimitStore(store.open(t));
      const l1 = createLimiter(s1.store, { name: `${name}-${lease}`, points: 10, durationSeconds: 60, lease });
      const l2 = createLimiter(s2.store, { name: `${name}-${lease}`, points: 10, durationSeconds: 60, lease });
      await Promise.all([l1.ready, l2.ready]);
      const answers: number[] = [];
      for (let i = 0; i < 15; i++) answers.push(await (i % 2 ? l2 : l1).take("client-1"));
      const allowed = answers.filter((w) => w === 0).length;
      // exactly the budget with lease 1; with leases, never more (a lease held by one instance is spent)
      if (lease === 1) expect(allowed).toBe(10);
      else expect(allowed).toBeLessThanOrEqual(10);
      expect(allowed).toBeGreaterThan(5); // more than one instance's share: the budget is one
      expect(answers.filter((w) => w > 0).every((w) => w >= 1 && w <= 60)).toBe(true);
      await Promise.all([s1.close(), s2.close()]);
    }
  });

  it("the token endpoint: what one instance spent, the other refuses (429 with Retry-After)", async () => {
    const grant = (svc: TokenService) => handleTokenRequest(svc, { form: new URLSearchParams({ grant_type: "client_credentials" }), authorization: basic("svc-orders", secret), address: "198.51.100.23" });
    // the budget: 0.1/s x 60 s = 6 requests per window for this address, leased one at a time
    for (let i = 0; i < 6; i++) expect((await grant(a)).access_token).toBeTruthy();
    const refused = await grant(b).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(OAuthError);
    expect(refused).toMatchObject({ status: 429, error: "temporarily_unavailable" });
    expect(Number((refused as OAuthError).headers["retry-after"])).toBeGreaterThanOrEqual(1);
    // another address has its own budget
    expect((await handleTokenRequest(b, { form: new URLSearchParams({ grant_type: "client_credentials" }), authorization: basic("svc-orders", secret), address: "198.51.100.24" })).access_token).toBeTruthy();
  });
});

describe("on SQLite the budget is per process", () => {
  it("two instances each allow their own budget (memory store)", async () => {
    const s1 = openLimitStore({ databaseUrl: "file:./x.db" });
    const s2 = openLimitStore({ databaseUrl: "file:./x.db" });
    expect(s1.store.kind).toBe("memory");
    const l1 = createLimiter(s1.store, { name: "sqlite", points: 2, durationSeconds: 60 });
    const l2 = createLimiter(s2.store, { name: "sqlite", points: 2, durationSeconds: 60 });
    expect([await l1.take("k"), await l1.take("k"), await l2.take("k"), await l2.take("k")]).toEqual([0, 0, 0, 0]);
    expect(await l1.take("k")).toBeGreaterThan(0);
  });
});
