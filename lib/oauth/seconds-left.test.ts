import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { secondsLeft } from "./access-tokens";

describe("expires_in (secondsLeft)", () => {
  it("never promises more than exp allows, and at most a second less", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1_700_000_000_000, max: 1_900_000_000_000 }), fc.integer({ min: 1, max: 86_400 }), fc.integer({ min: 0, max: 2_000 }), (issuedMs, lifetime, answeredAfterMs) => {
        const exp = Math.floor(issuedMs / 1000) + lifetime;
        const now = issuedMs + answeredAfterMs;
        const left = secondsLeft(exp, now);
        if (now >= exp * 1000) {
          expect(left).toBe(0);
        } else {
          // a client adding expires_in to its clock stays within exp, and loses less than a second to the rounding
          expect(now + left * 1000).toBeLessThanOrEqual(exp * 1000);
          expect(exp * 1000 - (now + left * 1000)).toBeLessThan(1000);
        }
      }),
    );
  });

  it("a token answered in its first millisecond keeps its whole lifetime; one answered later says one less", () => {
    expect(secondsLeft(100_900, 100_000_000)).toBe(900);
    expect(secondsLeft(100_900, 100_000_001)).toBe(899);
    expect(secondsLeft(100, 100_500)).toBe(0);
  });
});
