import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoTime } from "./iso-time";

describe("isoTime", () => {
  it("is toISOString for any time, in any order (the per-minute prefix never leaks into another minute)", () => {
    const edges = [0, -1, 59_999, 60_000, -60_000, -62135596800000, -62135596800001, 253402300799999, 253402300800000, 8.64e15, -8.64e15];
    const time = fc.oneof(fc.integer({ min: -8.64e15, max: 8.64e15 }), fc.integer({ min: 1.7e12, max: 1.8e12 }), fc.constantFrom(...edges));
    fc.assert(
      fc.property(fc.array(time, { minLength: 1, maxLength: 20 }), (times) => {
        for (const ms of times) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 2000 },
    );
  });

  it("formats consecutive milliseconds of one minute and across its end", () => {
    for (let ms = 1_764_000_059_000; ms < 1_764_000_061_000; ms++) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
  });
});
