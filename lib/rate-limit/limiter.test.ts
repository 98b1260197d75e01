import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clientAddress, parseTrustedProxies } from "./client-address";
import { createLimiter } from "./limiter";

describe("createLimiter (memory store)", () => {
  it("allows the window's budget per key, then answers the seconds to wait", async () => {
    const l = createLimiter({ kind: "memory" }, { name: `t${Math.random()}`, points: 4, durationSeconds: 2 });
    for (let i = 0; i < 4; i++) expect(await l.take("c")).toBe(0);
    const wait = await l.take("c");
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(2);
    expect(await l.take("other")).toBe(0);
  });

  it("keeps a spent key refused while more than 100,000 other keys come and go (pruning drops only ended windows)", () => {
    const l = createLimiter({ kind: "memory" }, { name: `p${Math.random()}`, points: 1, durationSeconds: 60 });
    const now = 5_000_000;
    expect(l.take("spent", now)).toBe(0);
    expect(l.take("spent", now)).toBe(60);
    // keys whose windows ended long ago, then enough live ones to make the map prune
    for (let i = 0; i < 50_000; i++) l.take(`old${i}`, now - 120_000);
    for (let i = 0; i < 60_001; i++) l.take(`new${i}`, now + 1);
    expect(l.take("spent", now + 2)).toBe(60);
  });

  it("starts a new window when the clock steps back past the window's start, and refuses a window of 0 seconds", () => {
    const l = createLimiter({ kind: "memory" }, { name: `c${Math.random()}`, points: 1, durationSeconds: 2 });
    expect(l.take("k", 10_000_000)).toBe(0);
    expect(l.take("k", 10_000_500)).toBe(2);
    // an hour back: not an hour's wait
    expect(l.take("k", 10_000_000 - 3_600_000)).toBe(0);
    expect(() => createLimiter({ kind: "memory" }, { name: "zero", points: 1, durationSeconds: 0 })).toThrow(/longer than 0 seconds/);
  });

  it("answers as a fixed window per key from its first take (model: any keys, budgets and pauses)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 1, max: 3 }),
        // pauses that land exactly on a window's end as well as anywhere
        fc.array(fc.tuple(fc.constantFrom("a", "b", "c"), fc.oneof(fc.integer({ min: 0, max: 1_500 }), fc.constantFrom(0, 1_000, 2_000, 3_000))), { maxLength: 60 }),
        (points, durationSeconds, takes) => {
          const l = createLimiter({ kind: "memory" }, { name: `m${Math.random()}`, points, durationSeconds });
          const model = new Map<string, { start: number; used: number }>();
          let now = 1_000_000;
          for (const [key, pause] of takes) {
            now += pause;
            let w = model.get(key);
            if (!w || now >= w.start + durationSeconds * 1000) model.set(key, (w = { start: now, used: 0 }));
            const expected = w.used < points ? 0 : Math.max(1, Math.ceil((w.start + durationSeconds * 1000 - now) / 1000));
            if (expected === 0) w.used++;
            // answered synchronously: the memory store asks no one
            expect(l.take(key, now)).toBe(expected);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("clientAddress", () => {
  const trusted = parseTrustedProxies("10.0.0.0/8, ::1");

  it("is the socket's address unless the peer is a trusted proxy", () => {
    expect(clientAddress("203.0.113.9", "198.51.100.1", trusted)).toBe("203.0.113.9");
    expect(clientAddress("203.0.113.9", undefined, parseTrustedProxies(""))).toBe("203.0.113.9");
    expect(clientAddress("10.1.2.3", "198.51.100.1", parseTrustedProxies(undefined))).toBe("10.1.2.3");
  });

  it("behind trusted proxies, the nearest untrusted hop of X-Forwarded-For, read from the right", () => {
    expect(clientAddress("10.1.2.3", "198.51.100.1", trusted)).toBe("198.51.100.1");
    // a client cannot choose its address by sending its own X-Forwarded-For: the left part is ignored
    expect(clientAddress("10.1.2.3", "1.2.3.4, 198.51.100.1, 10.9.9.9", trusted)).toBe("198.51.100.1");
    expect(clientAddress("::ffff:10.1.2.3", ["198.51.100.7"], trusted)).toBe("198.51.100.7");
    expect(clientAddress("::1", "2001:db8::5", trusted)).toBe("2001:db8::5");
    // a malformed header from the proxy counts as the proxy itself
    expect(clientAddress("10.1.2.3", "not-an-address", trusted)).toBe("10.1.2.3");
  });

  it("refuses a malformed list, naming the entry", () => {
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(/10.0.0.0\/33/);
    expect(() => parseTrustedProxies("proxy.internal")).toThrow(/proxy.internal/);
  });
});
