import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../../testing/databases";
import { testActor } from "../../testing/actors";
import type { Actor } from "../../auth/permissions";
import { submitChange } from "../../testing/submit-change";
import { listEvents, type EventRow } from "./list-events";

describe.each(providersUnderTest)("listing audit events on %s", (provider) => {
  let t: TestDatabase;
  let alice: Actor;
  let bob: Actor;
  let crNumber: number;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    alice = await testActor(t.db, "alice@example.test", "editor");
    bob = await testActor(t.db, "bob@example.test", "editor");
    const setup = await submitChange(t.db, {
      actor: alice,
      input: {
        title: "Environment and domain",
        operations: [
          { entity: "environment", kind: "create", id: "env-prod", data: { name: "prod" } },
          { entity: "domain", kind: "create", id: "dom-pay", data: { name: "payments" } },
        ],
      },
    });
    crNumber = setup.changeRequest.number;
    for (let i = 0; i < 6; i++) {
      await submitChange(t.db, {
        actor: i % 2 ? bob : alice,
        input: {
          title: `Resource ${i}`,
          operations: [{ entity: "resource", kind: "create", data: { name: `svc-${i}`, kind: "compute", environmentId: "env-prod", domainId: "dom-pay" } }],
        },
      });
    }
  });
  afterAll(async () => t?.drop());

  async function all(params: Record<string, string | number>): Promise<EventRow[]> {
    const seen: EventRow[] = [];
    let before: number | null = null;
    for (let guard = 0; guard < 100; guard++) {
      const page = await listEvents(t.db, { ...params, ...(before ? { before } : {}) });
      seen.push(...page.items);
      if (!page.nextBefore) return seen;
      before = page.nextBefore;
    }
    throw new Error("paging did not end");
  }

  it("pages through every event exactly once, newest first", async () => {
    const total = await t.db.auditEvent.count();
    const first = await listEvents(t.db, { limit: 4 });
    expect(first.items).toHaveLength(4);
    expect(first.nextBefore).toBe(first.items.at(-1)?.seq);
    const seqs = (await all({ limit: 4 })).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: total }, (_, i) => total - i));
  });

  it("ends without a cursor when the last page is exactly full", async () => {
    const total = await t.db.auditEvent.count();
    const page = await listEvents(t.db, { limit: total });
    expect(page.items).toHaveLength(total);
    expect(page.nextBefore).toBeNull();
  });

  it("filters by action prefix and by exact action", async () => {
    const prefixed = await all({ action: "resource.", limit: 4 });
    expect(prefixed.map((e) => e.targetName)).toEqual(["prod/svc-5", "prod/svc-4", "prod/svc-3", "prod/svc-2", "prod/svc-1", "prod/svc-0"]);
    const exact = await listEvents(t.db, { action: "domain.created" });
    expect(exact.items.map((e) => e.targetName)).toEqual(["payments"]);
    expect((await listEvents(t.db, { action: "resource" })).items).toEqual([]);
  });

  it("filters by actor label", async () => {
    const bobs = await all({ actor: "bob@", limit: 2 });
    expect(bobs.length).toBeGreaterThan(0);
    expect(new Set(bobs.map((e) => e.actor))).toEqual(new Set(["bob@example.test"]));
    expect(bobs.filter((e) => e.action === "resource.created")).toHaveLength(3);
    // in any case, on both databases
    expect((await all({ actor: "BOB@", limit: 2 })).map((e) => e.seq)).toEqual(bobs.map((e) => e.seq));
  });

  it("filters by change request number and links each event to it", async () => {
    const page = await listEvents(t.db, { cr: String(crNumber) });
    expect(page.items.map((e) => e.action)).toEqual(["change.applied", "domain.created", "environment.created", "change.opened"]);
    expect(page.items.every((e) => e.changeRequest === crNumber)).toBe(true);
    expect((await listEvents(t.db, { cr: 9999 })).items).toEqual([]);
  });

  it("filters by target type, target name and time range, ignoring blank form fields", async () => {
    const users = await listEvents(t.db, { type: "user", q: "", actor: "" });
    expect(users.items.map((e) => e.targetName)).toEqual(["bob@example.test", "alice@example.test"]);
    expect((await listEvents(t.db, { q: "svc-3" })).items.map((e) => e.action)).toEqual(["resource.created"]);
    const today = new Date().toISOString().slice(0, 10);
    expect((await listEvents(t.db, { from: today, to: today })).items.length).toBeGreaterThan(0);
    expect((await listEvents(t.db, { to: "2000-01-01" })).items).toEqual([]);
  });

  it("rejects a malformed date with a field error", async () => {
    await expect(listEvents(t.db, { from: "yesterday" })).rejects.toMatchObject({ code: "validation", fields: [{ field: "from" }] });
  });
});
