import { describe, expect, it } from "vitest";
import { TtlCache } from "./ttl-cache";

describe("TtlCache", () => {
  it("forgets entries after the TTL", () => {
    const c = new TtlCache<string>(1_000);
    c.set("k", "v", 0);
    expect(c.get("k", 999)).toBe("v");
    expect(c.get("k", 1_000)).toBeUndefined();
  });

  it("never keeps a value past its own end", () => {
    const c = new TtlCache<{ end: number | null }>(1_000, 10, (v) => v.end);
    c.set("expiring", { end: 300 }, 0);
    c.set("lasting", { end: null }, 0);
    expect(c.get("expiring", 299)).toBeDefined();
    expect(c.get("expiring", 300)).toBeUndefined();
    expect(c.get("lasting", 999)).toBeDefined();
  });

  it("clear drops entries and does not keep a verification that was in flight", async () => {
    const c = new TtlCache<string>(60_000);
    c.set("k", "cached");
    let finish!: (v: string) => void;
    const inflight = c.load("other", () => new Promise<string>((r) => (finish = r)));
    c.clear();
    expect(c.get("k")).toBeUndefined();
    finish("valid before the change");
    expect(await inflight).toBe("valid before the change");
    expect(c.get("other")).toBeUndefined();
    // the next caller verifies again instead of joining the disowned load
    expect(await c.load("other", async () => "verified after")).toBe("verified after");
    expect(c.get("other")).toBe("verified after");
  });
});
