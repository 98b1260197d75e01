import { describe, expect, it } from "vitest";
import { diffProfileVersions } from "./profile-version-diff";

const v = (version: number, scopeIds: string[], maxTokenLifetimeSeconds = 3600, expiresAt: Date | null = null) => ({
  version,
  scopeIds,
  maxTokenLifetimeSeconds,
  expiresAt,
});

describe("diffProfileVersions", () => {
  it("treats every scope of the first version as added, with no limit changes", () => {
    expect(diffProfileVersions([v(1, ["b", "a"])])).toEqual([{ ...v(1, ["b", "a"]), added: ["a", "b"], removed: [], lifetime: null, expiry: null }]);
  });

  it("diffs each version against the previous one and returns them newest first", () => {
    const out = diffProfileVersions([v(2, ["a", "c"]), v(1, ["a", "b"]), v(3, ["a", "c"], 900)]);
    expect(out.map((x) => [x.version, x.added, x.removed, x.lifetime])).toEqual([
      [3, [], [], { from: 3600, to: 900 }],
      [2, ["c"], ["b"], null],
      [1, ["a", "b"], [], null],
    ]);
  });

  it("reports expiry changes, comparing dates by value", () => {
    const day = new Date("2026-05-01T00:00:00Z");
    const out = diffProfileVersions([v(1, []), v(2, [], 3600, day), v(3, [], 3600, new Date(day.getTime())), v(4, [])]);
    expect(out.map((x) => x.expiry)).toEqual([{ from: day, to: null }, null, { from: null, to: day }, null]);
  });

  it("diffs against the previous existing version when numbers have gaps, and keeps extra fields", () => {
    const out = diffProfileVersions([{ ...v(1, ["a"]), id: "x" }, { ...v(4, ["b"]), id: "y" }]);
    expect(out[0]).toMatchObject({ id: "y", version: 4, added: ["b"], removed: ["a"] });
  });

  it("returns nothing for no versions", () => {
    expect(diffProfileVersions([])).toEqual([]);
  });
});
