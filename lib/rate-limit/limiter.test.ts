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
