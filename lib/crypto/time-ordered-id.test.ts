import { describe, expect, it } from "vitest";
import { timeOrderedId } from "./time-ordered-id";

describe("time-ordered ids (UUIDv7)", () => {
  it("are version-7 UUIDs carrying the millisecond", () => {
    const id = timeOrderedId(Date.UTC(2026, 11, 3, 12, 0, 0, 123));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, "").slice(0, 12), 16)).toBe(Date.UTC(2026, 11, 3, 12, 0, 0, 123));
  });
  it("sort by time, and differ within one millisecond", () => {
    const earlier = timeOrderedId(1_000_000);
    const later = timeOrderedId(1_000_001);
    expect(earlier < later).toBe(true);
    const same = new Set(Array.from({ length: 1_000 }, () => timeOrderedId(1_000_000)));
    expect(same.size).toBe(1_000);
  });
});
