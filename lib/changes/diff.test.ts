import { describe, expect, it } from "vitest";
import { diffSnapshots, parseSnapshot } from "./diff";

describe("diffSnapshots", () => {
  it("lists every field of a created entity with no before value", () => {
    expect(diffSnapshots(null, { id: "r1", name: "orders-db", labels: {} })).toEqual([
      { field: "id", before: undefined, after: "r1" },
      { field: "name", before: undefined, after: "orders-db" },
      { field: "labels", before: undefined, after: {} },
    ]);
  });

  it("lists every field of a deleted entity with no after value", () => {
    expect(diffSnapshots({ id: "r1", owner: "" }, null)).toEqual([
      { field: "id", before: "r1", after: undefined },
      { field: "owner", before: "", after: undefined },
    ]);
  });

  it("keeps only the fields that changed in an update", () => {
    const before = { id: "r1", name: "orders-db", criticality: "medium", expiresAt: null };
    const after = { id: "r1", name: "orders-db", criticality: "high", expiresAt: "2026-11-23T09:15:00.000Z" };
    expect(diffSnapshots(before, after)).toEqual([
      { field: "criticality", before: "medium", after: "high" },
      { field: "expiresAt", before: null, after: "2026-11-23T09:15:00.000Z" },
    ]);
  });

  it("compares arrays by content and order", () => {
    expect(diffSnapshots({ scopeIds: ["a", "b"] }, { scopeIds: ["a", "b"] })).toEqual([]);
    expect(diffSnapshots({ scopeIds: ["a"] }, { scopeIds: ["a", "b"] })).toEqual([{ field: "scopeIds", before: ["a"], after: ["a", "b"] }]);
    expect(diffSnapshots({ scopeIds: ["a", "b"] }, { scopeIds: ["b", "a"] })).toHaveLength(1);
  });

  it("compares nested objects by value, ignoring key order", () => {
    expect(diffSnapshots({ labels: { team: "pay", tier: "1" } }, { labels: { tier: "1", team: "pay" } })).toEqual([]);
    expect(diffSnapshots({ labels: { team: "pay" } }, { labels: { team: "search" } })).toEqual([
      { field: "labels", before: { team: "pay" }, after: { team: "search" } },
    ]);
  });

  it("reports fields that appear or disappear, and tells null from absent", () => {
    expect(diffSnapshots({ a: 1, gone: "x" }, { a: 1, added: null })).toEqual([
      { field: "gone", before: "x", after: undefined },
      { field: "added", before: undefined, after: null },
    ]);
  });

  it("returns nothing when both sides are missing or equal", () => {
    expect(diffSnapshots(null, null)).toEqual([]);
    expect(diffSnapshots({ n: 1 }, { n: 1 })).toEqual([]);
  });
});

describe("parseSnapshot", () => {
  it("parses a JSON object and rejects anything else", () => {
    expect(parseSnapshot('{"a":1}')).toEqual({ a: 1 });
    expect(parseSnapshot(null)).toBeNull();
    expect(parseSnapshot("[1]")).toBeNull();
    expect(parseSnapshot("not json")).toBeNull();
  });
});
