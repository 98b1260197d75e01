// A transaction is all or nothing to everyone else, on each provider, also
// while it awaits real I/O (a hash on the threadpool, a signature, a fetch):
// random transactions — several writes with such waits between them, each
// committing or rolling back — run concurrently with writes and reads outside
// any transaction. No outside read sees part of a transaction, or any of one
// that rolls back; at the end the table holds exactly what committed and every
// outside write. On SQLite, Prisma runs every query on one connection, so an
// outside query issued while a transaction is open used to run inside it
// (../db/sqlite-gate.ts): this fails there without the gate.
import Database from "better-sqlite3";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { transaction } from "./client";
import { sqlitePath } from "./provider";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

type TxPlan = { writes: number; waitMs: number; commit: boolean; startMs: number };
type OutsidePlan = { write: boolean; startMs: number };

describe.each(providersUnderTest)("transactions against queries outside them on %s", (provider) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("no outside query sees part of a transaction or loses its own write to one's rollback", async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ writes: fc.integer({ min: 1, max: 3 }), waitMs: fc.integer({ min: 0, max: 3 }), commit: fc.boolean(), startMs: fc.integer({ min: 0, max: 4 }) }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.record({ write: fc.boolean(), startMs: fc.integer({ min: 0, max: 8 }) }), { minLength: 1, maxLength: 6 }),
        async (txs: TxPlan[], outside: OutsidePlan[]) => {
          const prefix = `iso.${++run}.`;
          const seen: string[][] = [];
          const runTx = async (p: TxPlan, i: number) => {
            await pause(p.startMs);
            await transaction(t.db, async (tx) => {
              for (let w = 0; w < p.writes; w++) {
                await tx.setting.create({ data: { key: `${prefix}tx${i}.${w}`, value: "tx" } });
                await pause(p.waitMs);
              }
              if (!p.commit) throw new Error("rolled back on purpose");
            }).catch((e: unknown) => {
              if (!(e instanceof Error && e.message === "rolled back on purpose")) throw e;
            });
          };
          const runOutside = async (p: OutsidePlan, i: number) => {
            await pause(p.startMs);
            if (p.write) await t.db.setting.create({ data: { key: `${prefix}out${i}`, value: "out" } });
            else seen.push((await t.db.setting.findMany({ where: { key: { startsWith: prefix } }, select: { key: true } })).map((r) => r.key));
          };
          await Promise.all([...txs.map(runTx), ...outside.map(runOutside)]);

          const rowsOf = (i: number) => Array.from({ length: txs[i]!.writes }, (_, w) => `${prefix}tx${i}.${w}`);
          for (const keys of seen) {
            txs.forEach((p, i) => {
              const visible = rowsOf(i).filter((k) => keys.includes(k)).length;
              expect(visible === 0 || (p.commit && visible === p.writes), `an outside read saw ${visible} of ${p.writes} rows of transaction ${i} (${p.commit ? "committed" : "rolled back"})`).toBe(true);
            });
          }
          const final = (await t.db.setting.findMany({ where: { key: { startsWith: prefix } }, select: { key: true } })).map((r) => r.key).sort();
          const expected = [...txs.flatMap((p, i) => (p.commit ? rowsOf(i) : [])), ...outside.flatMap((p, i) => (p.write ? [`${prefix}out${i}`] : []))].sort();
          expect(final).toEqual(expected);
        },
      ),
      { numRuns: provider === "postgres" ? 15 : 40, seed: process.env.PERIMETER_MODEL_SEED === "random" ? undefined : Number(process.env.PERIMETER_MODEL_SEED ?? 20261204) },
    );
  }, 120_000);

  it("a long transaction lets the event loop take turns (requests, timers) while it runs", async () => {
    let ticks = 0;
    let during = -1;
    const timer = setInterval(() => ticks++, 1);
    try {
      await transaction(t.db, async (tx) => {
        const started = performance.now();
        // on SQLite each query answers synchronously: without turns, no timer fires until the end
        for (let i = 0; performance.now() - started < 150; i++) await tx.setting.upsert({ where: { key: "turns" }, create: { key: "turns", value: String(i) }, update: { value: String(i) } });
        during = ticks;
      });
    } finally {
      clearInterval(timer);
    }
    expect(during).toBeGreaterThan(5);
  });

  it.runIf(provider === "sqlite")("a transaction that reads, then writes, is not failed by another connection committing in between", async () => {
    // another connection writing when the event loop lets it, as the journal's thread does (no busy wait here: the main thread must not block)
    const other = new Database(sqlitePath(t.url), { timeout: 0 });
    let commits = 0;
    const timer = setInterval(() => {
      try {
        other.prepare(`INSERT INTO "Setting" ("key", "value", "updatedAt") VALUES (?, 'x', ?)`).run(`other.${commits++}`, new Date().toISOString());
      } catch {
        // the transaction holds the write lock: next time
      }
    }, 1);
    try {
      await transaction(t.db, async (tx) => {
        const started = performance.now();
        while (performance.now() - started < 50) await tx.setting.findMany({ take: 5 });
        await tx.setting.create({ data: { key: "read.then.write", value: "ok" } });
      });
    } finally {
      clearInterval(timer);
      other.close();
    }
    expect(await t.db.setting.count({ where: { key: "read.then.write" } })).toBe(1);
  });

  it.runIf(provider === "sqlite")("a transaction whose closing statement fails leaves the others running", async () => {
    // SQLite may end a transaction on its own (a full disk rolls it back); Prisma's COMMIT then
    // fails, and it calls neither commit() nor rollback(). Ended early here, deterministically.
    const within = <T>(p: Promise<T>) => Promise.race([p, pause(5_000).then(() => Promise.reject(new Error("still waiting after 5 s")))]);
    await expect(
      within(
        transaction(t.db, async (tx) => {
          await tx.setting.create({ data: { key: "ended.early", value: "x" } });
          await tx.$executeRawUnsafe("ROLLBACK");
        }),
      ),
    ).rejects.toThrow(/no transaction is active/);
    // queries outside a transaction, and the next transaction, go on
    expect(await within(t.db.setting.count({ where: { key: "ended.early" } }))).toBe(0);
    await within(transaction(t.db, (tx) => tx.setting.create({ data: { key: "ended.after", value: "ok" } })));
    expect(await within(t.db.setting.count({ where: { key: "ended.after" } }))).toBe(1);
  }, 30_000);
});
