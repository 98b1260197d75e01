import { describe, expect, it } from "vitest";
import { DAY } from "../drift/types";
import { parseUsageDays, summarizeUsage, type GrantedScope } from "./usage";

const now = new Date("2026-03-01T12:00:00Z");
const ago = (days: number) => new Date(now.getTime() - days * DAY);
const g = (profileId: string, scopeId: string): GrantedScope => ({ profileId, profileName: profileId, scopeId, scopeName: `prod/db:${scopeId}` });

describe("summarizeUsage", () => {
  const granted = [g("ops", "read"), g("ops", "write"), g("ops", "admin"), g("ops", "delete"), g("ro", "read")];
  const stats = [
    // read via ops: used in the window, twice; the older row is not the last use
    { profileId: "ops", scopeId: "read", minute: ago(20), outcome: "allow", count: 4 },
    { profileId: "ops", scopeId: "read", minute: ago(2), outcome: "allow", count: 1 },
    { profileId: "ops", scopeId: "read", minute: ago(3), outcome: "deny", count: 2 },
    // write: used only before the window
    { profileId: "ops", scopeId: "write", minute: ago(31), outcome: "allow", count: 9 },
    // delete: denied only
    { profileId: "ops", scopeId: "delete", minute: ago(1), outcome: "deny", count: 5 },
    // read via ro: same scope, other profile
    { profileId: "ro", scopeId: "read", minute: ago(10), outcome: "allow", count: 7 },
    // not granted: ignored
    { profileId: "ops", scopeId: "other", minute: ago(1), outcome: "allow", count: 1 },
  ];
  const s = summarizeUsage(granted, stats, { now, days: 30 });
  const row = (profileId: string, scopeId: string) => s.rows.find((r) => r.profileId === profileId && r.scopeId === scopeId)!;

  it("counts and dates the uses in the window per profile and scope", () => {
    expect(row("ops", "read")).toMatchObject({ used: true, lastUsedAt: ago(2), allowedCount: 5, deniedCount: 2, scopeName: "prod/db:read" });
    expect(row("ro", "read")).toMatchObject({ used: true, lastUsedAt: ago(10), allowedCount: 7, deniedCount: 0 });
  });

  it("calls a scope used only before the window unused, like one never used", () => {
    expect(row("ops", "write")).toMatchObject({ used: false, lastUsedAt: null, allowedCount: 0, deniedCount: 0 });
    expect(row("ops", "admin")).toMatchObject({ used: false, lastUsedAt: null, allowedCount: 0, deniedCount: 0 });
  });

  it("counts denials without calling the scope used", () => {
    expect(row("ops", "delete")).toMatchObject({ used: false, lastUsedAt: null, allowedCount: 0, deniedCount: 5 });
  });

  it("totals and orders unused first, then by profile and scope", () => {
    expect(s.totals).toEqual({ granted: 5, used: 2, unused: 3 });
    expect(s.rows.map((r) => `${r.profileId}/${r.scopeId}`)).toEqual(["ops/admin", "ops/delete", "ops/write", "ops/read", "ro/read"]);
    expect(s.since).toEqual(ago(30));
  });

  it("widens with the window and merges a pair granted twice", () => {
    const wide = summarizeUsage([...granted, g("ops", "write")], stats, { now, days: 90 });
    expect(wide.totals).toEqual({ granted: 5, used: 3, unused: 2 });
    expect(wide.rows.find((r) => r.scopeId === "write")).toMatchObject({ used: true, allowedCount: 9, lastUsedAt: ago(31) });
  });

  it("has no granted rows without grants", () => {
    expect(summarizeUsage([], stats, { now, days: 7 })).toMatchObject({ rows: [], totals: { granted: 0, used: 0, unused: 0 } });
  });

  it("lists denials outside the grants per scope and profile, most denied first, named", () => {
    const outside = [
      ...stats,
      { profileId: "ops", scopeId: "drop", minute: ago(4), outcome: "deny", count: 2 },
      { profileId: "ops", scopeId: "drop", minute: ago(1), outcome: "deny", count: 1 },
      // the profile could not be determined
      { profileId: "", scopeId: "drop", minute: ago(2), outcome: "deny", count: 7 },
      // before the window, or without a scope: not listed
      { profileId: "ops", scopeId: "drop", minute: ago(40), outcome: "deny", count: 50 },
      { profileId: "", scopeId: "", minute: ago(1), outcome: "deny", count: 9 },
    ];
    const names = { scope: (id: string) => `prod/db:${id}`, profile: (id: string) => `profile ${id}` };
    const u = summarizeUsage(granted, outside, { now, days: 30, names });
    expect(u.denied).toEqual([
      { scopeId: "drop", scopeName: "prod/db:drop", profileId: null, profileName: null, deniedCount: 7, lastDeniedAt: ago(2) },
      { scopeId: "drop", scopeName: "prod/db:drop", profileId: "ops", profileName: "profile ops", deniedCount: 3, lastDeniedAt: ago(1) },
    ]);
    // denials of a granted pair stay on its row; allows outside the grants are not listed
    expect(u.rows.find((r) => r.profileId === "ops" && r.scopeId === "delete")).toMatchObject({ deniedCount: 5 });
    expect(s.denied).toEqual([]);
  });
});

describe("parseUsageDays", () => {
  it("accepts the offered windows and falls back to 30", () => {
    expect(parseUsageDays("7")).toBe(7);
    expect(parseUsageDays(["90", "7"])).toBe(90);
    expect(parseUsageDays("12")).toBe(30);
    expect(parseUsageDays(undefined)).toBe(30);
  });
});
