// The client and profile filters of the audit trail: everything that concerns
// a client or a profile, and nothing about another, page by page.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSubjectScenario, ciOrders, ciSearch, label, oldJob, ordersRw } from "../../testing/audit-subject-scenario";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../../testing/databases";
import { transaction } from "../../db/client";
import { appendAudit } from "../append";
import { eventBatches, exportEvents } from "../export";
import { followEvents } from "../follow";
import { verifyAuditChain } from "../verify";
import { eventQuery, listEvents, type EventRow } from "./list-events";

/** Oldest first, as the scenario appends them. */
const aboutCiOrders = [
  "client.created ci-orders",
  "binding.created ci-orders → orders-rw",
  "credential.created ci-orders/…",
  "claimRule.created orders-ci",
  "client.updated ci-orders",
  "token.issued ci-orders",
  "decision.denied ci-orders",
  "token.revoked ci-orders",
];
const aboutOrdersRw = [
  "profile.created orders-rw",
  "binding.created ci-orders → orders-rw",
  "binding.created ci-search → orders-rw",
  "claimRule.created orders-ci",
  "profile.updated orders-rw",
  "token.issued ci-orders",
  "token.issued ci-search",
  "token.revoked ci-search/t-x",
  "token.revoked ci-orders",
  "binding.deleted ci-search → orders-rw",
];
const aboutCiSearchAndOrdersRw = ["binding.created ci-search → orders-rw", "token.issued ci-search", "token.revoked ci-search/t-x", "binding.deleted ci-search → orders-rw"];

describe.each(providersUnderTest)("the audit trail's client and profile filters on %s", (provider) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    await buildSubjectScenario(t.db);
  });
  afterAll(async () => t?.drop());

  /** Every page of a filter, following nextBefore, newest first. */
  async function all(params: Record<string, string | number>, opts?: Parameters<typeof listEvents>[2]): Promise<EventRow[]> {
    const seen: EventRow[] = [];
    let before: number | null = null;
    for (let guard = 0; guard < 200; guard++) {
      const page = await listEvents(t.db, { ...params, ...(before ? { before } : {}) }, opts);
      seen.push(...page.items);
      if (!page.nextBefore) return seen;
      before = page.nextBefore;
    }
    throw new Error("paging did not end");
  }
  const labels = (rows: EventRow[]) => rows.map(label).reverse();

  it("finds a client's own events and those of its bindings, credentials, claim rules and tokens, and no other client's", async () => {
    const rows = await all({ client: ciOrders.name });
    expect(labels(rows)).toEqual(aboutCiOrders);
    expect(rows.some((e) => e.targetName.includes(ciSearch.name))).toBe(false);
  });

  it("finds a profile's own events, its bindings', claim rules' and tokens', and no other profile's", async () => {
    const rows = await all({ profile: ordersRw.name });
    expect(labels(rows)).toEqual(aboutOrdersRw);
    expect(rows.some((e) => /search-ro|search-ci|credential\./.test(label(e)))).toBe(false);
  });

  it("takes an id as well as a name, and both filters together mean both", async () => {
    expect(labels(await all({ client: ciOrders.id }))).toEqual(aboutCiOrders);
    expect(labels(await all({ client: ciSearch.name, profile: ordersRw.id }))).toEqual(aboutCiSearchAndOrdersRw);
  });

  it("pages a filter with keyset cursors: every event once, newest first, whatever the page size", async () => {
    const whole = await all({ client: ciOrders.name });
    for (const limit of [1, 3, 7]) {
      const paged = await all({ client: ciOrders.name, limit });
      expect(paged.map((e) => e.seq)).toEqual(whole.map((e) => e.seq));
    }
    const first = await listEvents(t.db, { profile: ordersRw.name, limit: 4 });
    expect(first.items.map(label)).toEqual(aboutOrdersRw.slice(-4).reverse());
    expect(first.nextBefore).toBe(first.items.at(-1)!.seq);
    const second = await listEvents(t.db, { profile: ordersRw.name, limit: 4, before: first.nextBefore! });
    expect(second.items.map(label)).toEqual(aboutOrdersRw.slice(-8, -4).reverse());
  });

  it("checks the other filters on the subject's events, continuing past a spent search budget with a cursor", async () => {
    const tokens = await all({ client: ciSearch.name, action: "token." }, { subjectBatch: 1, budgetMs: 0 });
    expect(labels(tokens)).toEqual(["token.issued ci-search", "token.issued ci-search", "token.revoked ci-search/t-x"]);
    // ci-search's newest event is its binding's deletion: one batch of one finds nothing
    const partial = await listEvents(t.db, { client: ciSearch.name, action: "client.created" }, { subjectBatch: 1, budgetMs: 0 });
    expect(partial.items).toEqual([]);
    expect(partial.searchedFrom).toBeGreaterThan(0);
    expect(partial.nextBefore).toBe(partial.searchedFrom);
    expect(labels(await all({ client: ciSearch.name, action: "client.created" }, { subjectBatch: 1, budgetMs: 0 }))).toEqual(["client.created ci-search"]);
    expect(labels(await all({ profile: ordersRw.name, actor: "client:ci-search" }))).toEqual(["token.issued ci-search", "token.revoked ci-search/t-x"]);
  });

  it("finds a deleted client by the name it had", async () => {
    expect(labels(await all({ client: oldJob.name }))).toEqual(["client.created old-job", "credential.created old-job/…", "credential.deleted old-job/…", "client.deleted old-job"]);
    expect(await all({ client: "no-such-client" })).toEqual([]);
  });

  it("exports, batches and follows the same events, oldest first", async () => {
    const { stream } = await exportEvents(t.db, { client: ciOrders.name, format: "ndjson" });
    const lines = (await new Response(stream).text()).trim().split("\n");
    expect(lines.map((l) => label(JSON.parse(l) as EventRow))).toEqual(aboutCiOrders);
    const batches: string[][] = [];
    for await (const b of eventBatches(t.db, await eventQuery(t.db, { profile: ordersRw.name, action: "binding." }), { batch: 2 })) batches.push(b.map(label));
    expect(batches.flat()).toEqual(aboutOrdersRw.filter((l) => l.startsWith("binding.")));
    let clock = 0;
    const followed = await followEvents(t.db, { client: ciOrders.name, maxSeconds: "1" }, { pollMs: 5, now: () => (clock += 100) });
    const followedLines = (await new Response(followed).text()).trim().split("\n");
    expect(followedLines.map((l) => label(JSON.parse(l) as EventRow))).toEqual(aboutCiOrders);
  });

  it("rejects a malformed client or profile with a field error", async () => {
    await expect(listEvents(t.db, { client: "ci orders" })).rejects.toMatchObject({ code: "validation", fields: [{ field: "client" }] });
    await expect(exportEvents(t.db, { profile: "x".repeat(65) })).rejects.toMatchObject({ code: "validation", fields: [{ field: "profile" }] });
  });

  it("reads a busy client's events in batches the database accepts", async () => {
    const events = Array.from({ length: 1_200 }, (_, i) => ({ action: "decision.denied" as const, targetType: "client", targetId: "c-busy", targetName: `busy-${i}` }));
    await transaction(t.db, (tx) => appendAudit(tx, { id: null, label: "resource-server" }, events));
    const first = await listEvents(t.db, { client: "c-busy", action: "decision.denied", limit: 200 });
    expect(first.items.map((e) => e.targetName)).toEqual(Array.from({ length: 200 }, (_, i) => `busy-${1_199 - i}`));
    expect(await all({ client: "c-busy", action: "decision.", limit: 200 })).toHaveLength(1_200);
    const { stream } = await exportEvents(t.db, { client: "c-busy", format: "csv" });
    expect((await new Response(stream).text()).trim().split("\r\n")).toHaveLength(1_201);
  });

  it("keeps the index append-only and leaves the chain intact", async () => {
    await expect(t.db.auditSubject.deleteMany({})).rejects.toThrow(/append-only/);
    await expect(t.db.auditSubject.updateMany({ data: { subjectId: "c-b" } })).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});
