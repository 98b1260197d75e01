import { describe, expect, it } from "vitest";
import { PEER_ADDRESS_HEADER, clientAddress, normaliseAddress, parseTrustedProxies } from "./client-address";

const h = (peer: string | undefined, xff?: string) => ({ ...(peer !== undefined ? { [PEER_ADDRESS_HEADER]: peer } : {}), ...(xff ? { "x-forwarded-for": xff } : {}) });

describe("client address", () => {
  it("is the socket's address, and X-Forwarded-For is ignored without trusted proxies", () => {
    expect(clientAddress(h("203.0.113.7", "198.51.100.1"), undefined)).toBe("203.0.113.7");
    expect(clientAddress(h("::ffff:127.0.0.1"), undefined)).toBe("127.0.0.1");
    expect(clientAddress(new Headers(h("2001:DB8::1")), undefined)).toBe("2001:db8::1");
  });

  it("is unknown when the request did not come through the server (no peer header)", () => {
    expect(clientAddress(h(undefined, "198.51.100.1"), "0.0.0.0/0")).toBeNull();
    expect(clientAddress(h("not-an-ip"), undefined)).toBeNull();
  });

  it("follows X-Forwarded-For hop by hop only through trusted proxies", () => {
    const trusted = "10.0.0.0/8, 127.0.0.1";
    expect(clientAddress(h("127.0.0.1", "198.51.100.1"), trusted)).toBe("198.51.100.1");
    expect(clientAddress(h("10.1.2.3", "198.51.100.1, 10.9.9.9"), trusted)).toBe("198.51.100.1");
    // a client cannot push a forged hop past an untrusted one
    expect(clientAddress(h("10.1.2.3", "1.2.3.4, 198.51.100.1"), trusted)).toBe("198.51.100.1");
    // an untrusted peer's X-Forwarded-For is its own invention
    expect(clientAddress(h("203.0.113.7", "198.51.100.1"), trusted)).toBe("203.0.113.7");
    // garbage stops the walk at the last trustworthy hop
    expect(clientAddress(h("127.0.0.1", "junk"), trusted)).toBe("127.0.0.1");
  });

  it("parses addresses and CIDR ranges, naming a bad entry", () => {
    expect(parseTrustedProxies("10.0.0.0/8,::1,fd00::/8").check("10.200.0.1")).toBe(true);
    expect(() => parseTrustedProxies("10.0.0.0/33")).toThrow(/10\.0\.0\.0\/33/);
    expect(() => parseTrustedProxies("proxy.internal")).toThrow(/proxy\.internal/);
    expect(normaliseAddress(" ::ffff:192.0.2.1 ")).toBe("192.0.2.1");
  });
});
