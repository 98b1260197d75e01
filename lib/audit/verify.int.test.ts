import { afterEach, describe, expect, it } from "vitest";
import { transaction } from "../db/client";
import type { Provider } from "../db/provider";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { appendAudit, type Actor } from "./append";
import { chainedFieldsOf, eventHash } from "./hash";
import { verifyAuditChain } from "./verify";

const alice: Actor = { id: null, label: "alice@example.test" };

/** Drops one of the append-only triggers, as someone with database access could. */
function dropTrigger(t: TestDatabase, which: "update" | "delete") {
  const name = `"AuditEvent_no_${which}"`;
  return t.db.$executeRawUnsafe(t.provider === "sqlite" ? `DROP TRIGGER ${name}` : `DROP TRIGGER ${name} ON "AuditEvent"`);
}

describe.each(providersUnderTest)("verifyAuditChain on %s", (provider: Provider) => {
  let t: TestDatabase | undefined;
  afterEach(async () => {
    await t?.drop();
    t = undefined;
  });

  /** A fresh database with five events appended in two transactions. */
  async function withFiveEvents(): Promise<TestDatabase> {
    t = await createTestDatabase(provider);
    const db = t.db;
    await transaction(db, (tx) =>
      appendAudit(tx, alice, [
        { action: "domain.created", targetType: "domain", targetId: "d1", targetName: "payments", after: { name: "payments" } },
        { action: "environment.created", targetType: "environment", targetId: "e1", targetName: "prod", after: { name: "prod" } },
      ]),
    );
    const last = await transaction(db, (tx) =>
      appendAudit(
        tx,
        { id: null, label: "bob@example.test" },
        [
          { action: "domain.updated", targetType: "domain", targetId: "d1", before: { name: "payments" }, after: { name: "pay" } },
          { action: "resource.created", targetType: "resource", targetId: "r1", targetName: "prod/orders-db" },
          { action: "change.applied", targetType: "changeRequest", targetId: "cr1", changeRequestId: null },
        ],
        new Date("2026-11-23T10:00:00.123Z"),
      ),
    );
    expect(last).toBe(5);
    return t;
  }

  it("accepts an intact chain and reports its length and head", async () => {
    const t = await withFiveEvents();
    const state = await t.db.catalogState.findUniqueOrThrow({ where: { id: 1 } });
    expect(state.auditSeq).toBe(5);
    const last = await t.db.auditEvent.findUniqueOrThrow({ where: { seq: 5 } });
    expect(last.hash).toBe(state.auditHead);

    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, events: 5, head: state.auditHead });
    // across several batches, including one that ends exactly at the last event
    expect(await verifyAuditChain(t.db, 2)).toEqual({ ok: true, events: 5, head: state.auditHead });
    expect(await verifyAuditChain(t.db, 5)).toEqual({ ok: true, events: 5, head: state.auditHead });
  });

  it("accepts an empty trail", async () => {
    t = await createTestDatabase(provider);
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, events: 0, head: "" });
  });

  it("reports an event whose content was changed", async () => {
    const t = await withFiveEvents();
    await dropTrigger(t, "update");
    expect(await t.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "actorLabel" = 'mallory' WHERE "seq" = 3`)).toBe(1);

    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, brokenAt: 3, events: 2 });
    expect(await verifyAuditChain(t.db, 2)).toMatchObject({ ok: false, brokenAt: 3, events: 2 });
  });

  it("reports an event whose link to the previous one was changed", async () => {
    const t = await withFiveEvents();
    await dropTrigger(t, "update");
    await t.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "prevHash" = 'x' WHERE "seq" = 4`);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, brokenAt: 4 });
  });

  it("reports a last event rewritten with a recomputed hash, against the recorded head", async () => {
    const t = await withFiveEvents();
    await dropTrigger(t, "update");
    const row = await t.db.auditEvent.findUniqueOrThrow({ where: { seq: 5 } });
    const forged = eventHash(row.prevHash, { ...chainedFieldsOf(row), actorLabel: "mallory" });
    expect(await t.db.$executeRaw`UPDATE "AuditEvent" SET "actorLabel" = 'mallory', "hash" = ${forged} WHERE "seq" = 5`).toBe(1);

    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, brokenAt: 5, events: 5 });
  });

  it("reports an event deleted from the middle at its sequence number", async () => {
    const t = await withFiveEvents();
    await dropTrigger(t, "delete");
    expect(await t.db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "seq" = 3`)).toBe(1);

    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, brokenAt: 3, events: 2 });
    expect(await verifyAuditChain(t.db, 2)).toMatchObject({ ok: false, brokenAt: 3, events: 2 });
  });

  it("reports events deleted from the end", async () => {
    const t = await withFiveEvents();
    await dropTrigger(t, "delete");
    expect(await t.db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "seq" >= 4`)).toBe(2);

    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: false, brokenAt: 4, events: 3 });
  });
});
