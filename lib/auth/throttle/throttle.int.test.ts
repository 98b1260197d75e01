// The sign-in throttle against a real database, on both providers: per account,
// per address, across two "instances" (two clients on one database), under
// parallel attempts, and alike for accounts that exist and accounts that do not.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as secrets from "../../crypto/secrets";
import { systemActor } from "../permissions";
import { createDb, type Db } from "../../db/client";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../../testing/databases";
import { createUser } from "../../users/create-user";
import { signInWithPassword, type PasswordSignIn } from "../sign-in";
import { accountPolicy, addressPolicy, waitAfter, type ThrottlePolicy } from "./policy";
import { attemptSucceeded, reserveAttempt, sweepThrottle, throttleKeys, type ThrottleKey } from "./throttle";

/** The throttle as a plain in-memory model of its rules, for the model-based test. */
class ThrottleModel {
  private state = new Map<string, { failures: number; last: number; blockedUntil: number }>();
  reserve(keys: ThrottleKey[], now: number): number {
    const blocked = Math.max(0, ...keys.map((k) => (this.state.get(k.key)?.blockedUntil ?? 0) - now));
    if (blocked > 0) return blocked;
    for (const k of keys) this.count(k.key, k.policy, now);
    return 0;
  }
  private count(key: string, policy: ThrottlePolicy, now: number) {
    const s = this.state.get(key);
    const failures = (s && now - s.last < policy.forgetAfterMs ? s.failures : 0) + 1;
    const wait = waitAfter(policy, failures);
    this.state.set(key, { failures, last: now, blockedUntil: wait ? now + wait : 0 });
  }
  succeeded(keys: ThrottleKey[]) {
    for (const k of keys) {
      const s = this.state.get(k.key);
      if (k.kind === "account") this.state.delete(k.key);
      else if (s && s.failures > 0) s.failures -= 1;
    }
  }
}

// every argon2id verification, counted (passed through to the real one)
vi.mock("../../crypto/secrets", async (original) => {
  const real = await original<typeof import("../../crypto/secrets")>();
  return { ...real, verifySecret: vi.fn(real.verifySecret) };
});

const password = "correct-horse-battery";
const at = (base: Date, ms: number) => new Date(base.getTime() + ms);
const outcome = (r: PasswordSignIn) => (r.ok ? "ok" : r.reason === "throttled" ? `throttled ${r.retryAfterSeconds}s` : r.reason);

describe.each(providersUnderTest)("console sign-in throttle on %s", (provider) => {
  let t: TestDatabase;
  let other: Db; // a second instance on the same database

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    other = createDb(t.url);
    for (const email of ["ana@throttle.test", "ben@throttle.test", "cy@throttle.test", "di@throttle.test"]) {
      await createUser(t.db, { actor: systemActor, input: { email, role: "viewer", password } });
    }
  });
  afterAll(async () => {
    await other?.$disconnect();
    await t?.drop();
  });

  it("delays an account progressively after five failures, then locks it for 15 minutes, and says so alike whether the account exists", async () => {
    const t0 = new Date("2030-01-01T10:00:00Z");
    // wrong passwords from ever new addresses, each as soon as allowed, on alternating instances;
    // whenever one is refused, the right password at that instant is refused too
    const run = async (email: string) => {
      const seen: string[] = [];
      let now = t0;
      for (let i = 0; i < 16; i++) {
        const r = await signInWithPassword(i % 2 ? t.db : other, { email, password: "wrong", address: `198.51.100.${i + 1}` }, now);
        seen.push(outcome(r));
        if (!r.ok && r.reason === "throttled") {
          seen.push(`right password: ${outcome(await signInWithPassword(t.db, { email, password, address: "192.0.2.1" }, now))}`);
          if (r.retryAfterSeconds > 60) break;
          now = at(now, r.retryAfterSeconds * 1000);
        } else now = at(now, 1);
      }
      return seen;
    };
    const existing = await run("ana@throttle.test");
    expect(existing).toEqual([
      ...Array(5).fill("invalid"),
      ...[1, 2, 4, 8, 16].flatMap((s) => [`throttled ${s}s`, `right password: throttled ${s}s`, "invalid"]),
      "throttled 900s",
      "right password: throttled 900s",
    ]);
    expect(await run("nobody@throttle.test")).toEqual(existing);
    const events = await t.db.auditEvent.findMany({ where: { action: "user.sign_in_locked" }, orderBy: { seq: "asc" } });
    expect(events.map((e) => [e.targetType, e.targetName, e.actorId])).toEqual([
      ["account", "ana@throttle.test", null],
      ["account", "nobody@throttle.test", null],
    ]);
  });

  it("lets the account in again after the lockout, and a success starts it afresh", async () => {
    const t0 = new Date("2030-01-02T10:00:00Z");
    for (let i = 0; i < 4; i++) await signInWithPassword(t.db, { email: "ben@throttle.test", password: "wrong", address: null }, at(t0, i));
    expect(await t.db.signInThrottle.findUnique({ where: { key: "account:ben@throttle.test" } })).toMatchObject({ failures: 4 });
    expect(await signInWithPassword(t.db, { email: "BEN@throttle.test ", password, address: null }, at(t0, 10))).toMatchObject({ ok: true });
    expect(await t.db.signInThrottle.findUnique({ where: { key: "account:ben@throttle.test" } })).toBeNull();
    // ana was locked at some point of the day before: long after, she signs in
    expect(await signInWithPassword(t.db, { email: "ana@throttle.test", password, address: null }, new Date("2030-01-01T12:00:00Z"))).toMatchObject({ ok: true });
  });

  it("limits one address across accounts, and other addresses are not affected", async () => {
    const t0 = new Date("2030-01-03T10:00:00Z");
    const address = "203.0.113.9";
    for (let i = 0; i < addressPolicy.free; i++) {
      // a different (made-up) account each time, so only the address counts up
      expect(await signInWithPassword(i % 2 ? t.db : other, { email: `guess${i}@throttle.test`, password: "wrong", address }, at(t0, i))).toMatchObject({ reason: "invalid" });
    }
    const next = await signInWithPassword(t.db, { email: "cy@throttle.test", password, address }, at(t0, 100));
    expect(next).toMatchObject({ ok: false, reason: "throttled", retryAfterSeconds: 1 });
    // the refusal did not count against cy's account
    expect(await t.db.signInThrottle.findUnique({ where: { key: "account:cy@throttle.test" } })).toBeNull();
    // nor does hammering a locked address count against the accounts it names, or the address further
    const row = await t.db.signInThrottle.findUniqueOrThrow({ where: { key: `address:${address}` } });
    for (let i = 0; i < 5; i++) await signInWithPassword(t.db, { email: "cy@throttle.test", password: "wrong", address }, at(t0, 200 + i));
    expect(await t.db.signInThrottle.findUniqueOrThrow({ where: { key: `address:${address}` } })).toEqual(row);
    expect(await t.db.signInThrottle.findUnique({ where: { key: "account:cy@throttle.test" } })).toBeNull();
    expect(await signInWithPassword(t.db, { email: "cy@throttle.test", password, address: "203.0.113.10" }, at(t0, 100))).toMatchObject({ ok: true });
  });

  it("counts an IPv6 client by its /64: fresh addresses from one subscriber's prefix share one budget", async () => {
    const t0 = new Date("2030-01-04T10:00:00Z");
    for (let i = 0; i < addressPolicy.free; i++) {
      const address = `2001:db8:77:1:${(i + 1).toString(16)}::${i}`;
      expect(await signInWithPassword(i % 2 ? t.db : other, { email: `v6guess${i}@throttle.test`, password: "wrong", address }, at(t0, i))).toMatchObject({ reason: "invalid" });
    }
    const next = await signInWithPassword(t.db, { email: "di@throttle.test", password, address: "2001:0DB8:0077:0001:ffff::1" }, at(t0, 100));
    expect(next).toMatchObject({ ok: false, reason: "throttled" });
    expect(await t.db.signInThrottle.findUnique({ where: { key: "address:2001:db8:77:1::/64" } })).toMatchObject({ failures: addressPolicy.free });
    // the next /64 is another subscriber
    expect(await signInWithPassword(t.db, { email: "di@throttle.test", password, address: "2001:db8:77:2::1" }, at(t0, 100))).toMatchObject({ ok: true });
  });

  it("refuses input no account could have at once: no argon2id run, nothing counted, nothing audited", async () => {
    const address = "203.0.113.77";
    const malformed = [
      { email: `${"a".repeat(320)}@throttle.test`, password },
      { email: "ana\u0000@throttle.test", password },
      { email: "   ", password },
      { email: "ana@throttle.test", password: "x".repeat(1025) },
    ];
    const [rows, events] = [await t.db.signInThrottle.count(), await t.db.auditEvent.count()];
    const verify = vi.mocked(secrets.verifySecret);
    verify.mockClear();
    for (const m of malformed) expect(await signInWithPassword(t.db, { ...m, address })).toEqual({ ok: false, reason: "invalid" });
    expect(verify).not.toHaveBeenCalled();
    expect([await t.db.signInThrottle.count(), await t.db.auditEvent.count()]).toEqual([rows, events]);
    // a well-formed attempt still pays the full check (the spy sees it)
    expect(await signInWithPassword(t.db, { email: "well-formed@throttle.test", password, address })).toEqual({ ok: false, reason: "invalid" });
    expect(verify).toHaveBeenCalledTimes(1);
  });

  it("admits at most the free attempts when many arrive at once on two instances", async () => {
    const now = new Date("2030-01-04T10:00:00Z");
    const keys = throttleKeys("di@throttle.test", null);
    // two clients in one process deadlock on SQLite's file lock (better-sqlite3 waits synchronously); there the
    // instances are processes, and one client's parallel attempts stand for them
    const instance = (i: number) => (provider === "postgres" && i % 2 ? other : t.db);
    const results = await Promise.all(Array.from({ length: 24 }, (_, i) => reserveAttempt(instance(i), keys, now)));
    const admitted = results.filter((r) => r.ok).length;
    expect(admitted).toBeGreaterThanOrEqual(1);
    expect(admitted).toBeLessThanOrEqual(accountPolicy.free);
    const row = await t.db.signInThrottle.findUniqueOrThrow({ where: { key: "account:di@throttle.test" } });
    expect(row.failures).toBe(admitted);
  });

  it("agrees with a model of its rules over any sequence of attempts, waits and successes", async () => {
    let run = 0;
    const op = fc.record({
      account: fc.integer({ min: 0, max: 2 }),
      address: fc.integer({ min: 0, max: 1 }),
      advanceMs: fc.constantFrom(0, 300, 1_000, 2_000, 8_000, 60_000, 16 * 60_000),
      // a verified password: only an admitted attempt can succeed
      correct: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 40 }), async (ops) => {
        run += 1;
        const model = new ThrottleModel();
        let now = new Date("2031-01-01T00:00:00Z").getTime();
        for (const o of ops) {
          now += o.advanceMs;
          const keys = throttleKeys(`m${o.account}-run${run}@throttle.test`, `10.9.${run % 250}.${o.address}`);
          const expected = model.reserve(keys, now);
          const got = await reserveAttempt(t.db, keys, new Date(now));
          expect(got.ok ? 0 : got.retryAfterMs).toBe(expected);
          if (got.ok && o.correct) {
            model.succeeded(keys);
            await attemptSucceeded(t.db, keys);
          }
        }
      }),
      { numRuns: provider === "postgres" ? 15 : 30 },
    );
  });

  it("forgets keys nobody has tried for a day, but not one still locked", async () => {
    const then = new Date("2032-06-01T00:00:00Z");
    await reserveAttempt(t.db, throttleKeys("stale@throttle.test", null), then);
    await t.db.signInThrottle.create({ data: { key: "account:locked@throttle.test", failures: 10, lastFailureAt: then, blockedUntil: new Date("2032-06-03T00:00:00Z") } });
    const dayAndMore = new Date(then.getTime() + 86_400_000 + 1);
    expect(await sweepThrottle(t.db, dayAndMore)).toBeGreaterThan(0);
    expect((await t.db.signInThrottle.findMany({ select: { key: true } })).map((r) => r.key)).toEqual(["account:locked@throttle.test"]);
  });
});
