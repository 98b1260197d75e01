import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { newTokenId } from "./token-id";

describe("token ids", () => {
  it("are 144-bit base64url strings, none repeated across pool refills", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2_000; i++) {
      const id = newTokenId();
      expect(id).toMatch(/^[A-Za-z0-9_-]{24}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(2_000);
  });

  it("made within one 64 ms window share their first 7 characters (the jti index takes them on the same pages)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 42 - 1 }), fc.integer({ min: 0, max: 63 }), fc.integer({ min: 0, max: 63 }), (window, a, b) => {
        return newTokenId(window * 64 + a).slice(0, 7) === newTokenId(window * 64 + b).slice(0, 7);
      }),
    );
  });

  it("decoded, sort by the millisecond they were made in", () => {
    const t = fc.integer({ min: 0, max: 2 ** 48 - 2 });
    fc.assert(
      fc.property(t, t, (a, b) => {
        fc.pre(a !== b);
        const [x, y] = [newTokenId(a), newTokenId(b)];
        // base64url's alphabet is not in code-point order: compare the bytes
        return Math.sign(Buffer.compare(Buffer.from(x, "base64url"), Buffer.from(y, "base64url"))) === Math.sign(a - b);
      }),
    );
  });

  it("made in the same millisecond still differ in 96 random bits", () => {
    const ids = Array.from({ length: 1_000 }, () => Buffer.from(newTokenId(1_700_000_000_000), "base64url"));
    expect(new Set(ids.map((b) => b.subarray(0, 6).toString("hex"))).size).toBe(1);
    expect(new Set(ids.map((b) => b.subarray(6).toString("hex"))).size).toBe(1_000);
  });
});
