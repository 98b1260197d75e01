import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transaction } from "../../db/client";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../../testing/databases";
import { appendAudit } from "../append";
import { listEvents, type EventRow } from "./list-events";

describe.each(providersUnderTest)("audit list: windowed search for filters without an index, on %s", (provider) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    // 40 events; "rare" acts on 5 of them
    await transaction(t.db, (tx) =>
      appendAudit(
        tx,
        { id: null, label: "bulk" },
        Array.from({ length: 40 }, (_, i) => ({ action: "scope.created" as const, targetType: "scope", targetId: `s${i}`, targetName: i % 8 === 3 ? `rare-${i}` : `common-${i}` })),
      ),
    );
  });
  afterAll(async () => t?.drop());

  async function follow(params: Record<string, unknown>, opts: { window: number; budgetMs: number }) {
    const seen: EventRow[] = [];
    const pages: { items: number; searchedFrom?: number }[] = [];
    let before: number | null = null;
    for (let guard = 0; guard < 100; guard++) {
      const page = await listEvents(t.db, { ...params, ...(before ? { before } : {}) }, opts);
      seen.push(...page.items);
      pages.push({ items: page.items.length, searchedFrom: page.searchedFrom });
      if (!page.nextBefore) return { seen, pages };
      before = page.nextBefore;
    }
    throw new Error("paging did not end");
  }

  it("fills pages across windows, each match exactly once, newest first", async () => {
    const { seen } = await follow({ q: "rare-", limit: 2 }, { window: 7, budgetMs: 10_000 });
    expect(seen.map((e) => e.targetName)).toEqual(["rare-35", "rare-27", "rare-19", "rare-11", "rare-3"]);
  });

  it("out of budget, returns what it found with a cursor that continues the search", async () => {
    const first = await listEvents(t.db, { q: "rare-", limit: 2 }, { window: 7, budgetMs: 0 });
    expect(first.items.map((e) => e.targetName)).toEqual(["rare-35"]);
    expect(first.searchedFrom).toBe(34);
    expect(first.nextBefore).toBe(34);
    const { seen, pages } = await follow({ q: "rare-", limit: 2 }, { window: 7, budgetMs: 0 });
    expect(seen.map((e) => e.targetName)).toEqual(["rare-35", "rare-27", "rare-19", "rare-11", "rare-3"]);
    expect(pages.some((p) => p.items === 0 && p.searchedFrom)).toBe(true);
    expect(pages.at(-1)?.searchedFrom).toBeUndefined();
  });

  it("searches only the sequence range a time filter allows, with an hour's slack for append skew", async () => {
    const t2 = await createTestDatabase(provider);
    try {
      // 30 events, one a day from 2026-01-01, each day's event stamped a few seconds out of order
      for (let d = 0; d < 30; d++) {
        const at = new Date(Date.UTC(2026, 0, 1 + d, 12) + (d % 2 ? -5_000 : 5_000));
        await transaction(t2.db, (tx) => appendAudit(tx, { id: null, label: "x" }, [{ action: "scope.created", targetType: "scope", targetName: d % 3 ? "plain" : "tagged" }], at));
      }
      const page = await listEvents(t2.db, { q: "tagged", from: "2026-01-10", to: "2026-01-20" }, { window: 4, budgetMs: 0 });
      // the range is seqs 10..20 (+/- a day of slack is not needed: neighbours are a day apart)
      const all: string[] = [];
      let before: number | null = null;
      let cursor: { nextBefore: number | null; searchedFrom?: number; items: { at: Date }[] } = page;
      for (let guard = 0; guard < 20; guard++) {
        all.push(...cursor.items.map((e) => e.at.toISOString().slice(0, 10)));
        if (!cursor.nextBefore) break;
        expect(cursor.nextBefore).toBeGreaterThanOrEqual(10);
        before = cursor.nextBefore;
        cursor = await listEvents(t2.db, { q: "tagged", from: "2026-01-10", to: "2026-01-20", before }, { window: 4, budgetMs: 0 });
      }
      expect(all).toEqual(["2026-01-19", "2026-01-16", "2026-01-13", "2026-01-10"]);
    } finally {
      await t2.drop();
    }
  });

  it("reads an exact action through its index without windows", async () => {
    const page = await listEvents(t.db, { action: "scope.created", limit: 5 }, { window: 1, budgetMs: 0 });
    expect(page.items).toHaveLength(5);
    expect(page.searchedFrom).toBeUndefined();
  });
});
