import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalBodyForTest, eventHash, type ChainedFields } from "./hash";

const general = (prev: string, e: ChainedFields) =>
  createHash("sha256")
    .update(prev)
    .update("\n")
    .update(canonicalize({ ...e, at: e.at.toISOString() }) ?? "")
    .digest("hex");

const text = fc.string({ unit: "binary", maxLength: 40 });
const fields: fc.Arbitrary<ChainedFields> = fc.record({
  seq: fc.integer({ min: 1, max: 2_147_483_647 }),
  at: fc.date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2100-01-01T00:00:00Z"), noInvalidDate: true }),
  actorId: fc.option(text, { nil: null }),
  actorLabel: text,
  action: text,
  targetType: text,
  targetId: text,
  targetName: text,
  changeRequestId: fc.option(text, { nil: null }),
  before: fc.option(fc.json(), { nil: null }),
  after: fc.option(fc.json(), { nil: null }),
});

describe("eventHash", () => {
  it("hashes the same RFC 8785 bytes as canonicalize (unicode, escapes, nulls)", () => {
    fc.assert(
      fc.property(fc.string(), fields, (prev, e) => {
        expect(canonicalBodyForTest(e)).toBe(canonicalize({ ...e, at: e.at.toISOString() }));
        expect(eventHash(prev, e)).toBe(general(prev, e));
      }),
      { numRuns: 2_000 },
    );
  });

  it("takes the general path for anything but exactly the chained fields", () => {
    const e = { seq: 1, at: new Date(0), actorId: null, actorLabel: "a", action: "x", targetType: "t", targetId: "", targetName: "", changeRequestId: null, before: null, after: null };
    const extra = { ...e, clientId: "c1" } as ChainedFields;
    expect(eventHash("", extra)).toBe(general("", extra));
    expect(eventHash("", extra)).not.toBe(eventHash("", e));
    const separators = { ...e, targetName: "line \u2028 para \u2029 \u0000 \"q\" \\ é 😀" };
    expect(eventHash("", separators)).toBe(general("", separators));
    // RFC 8785 has no encoding for a lone surrogate: refused on both paths
    expect(() => eventHash("", { ...e, targetName: "\ud800 lone" })).toThrow(/surrogate/i);
  });
});
