import { randomBytes } from "node:crypto";
import { appendFileSync, cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, pgAdminUrl, providersUnderTest, type TestDatabase } from "../testing/databases";
import { loadMigrations, migrate } from "./migrate";
import type { Provider } from "./provider";

async function withPg<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A fresh database with no migrations applied. */
async function emptyDatabase(provider: Provider): Promise<{ url: string; drop(): Promise<void> }> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(path.join(os.tmpdir(), "perimeter-migrate-"));
    return { url: `file:${path.join(dir, "test.db")}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = new URL(pgAdminUrl!);
  const name = `perimeter_test_${randomBytes(6).toString("hex")}`;
  await withPg(admin.toString(), (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(admin.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await withPg(admin.toString(), (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

/** Rows of the bookkeeping table, read without Prisma. */
async function appliedRows(provider: Provider, url: string): Promise<{ name: string; checksum: string }[]> {
  const sql = `SELECT "name", "checksum" FROM "_perimeter_migrations" ORDER BY "name"`;
  if (provider === "sqlite") {
    const conn = new Database(url.replace(/^file:/, ""), { readonly: true });
    try {
      return conn.prepare(sql).all() as { name: string; checksum: string }[];
    } finally {
      conn.close();
    }
  }
  return withPg(url, async (c) => (await c.query(sql)).rows);
}

describe.each(providersUnderTest)("migrate() on %s", (provider) => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const f of cleanups.splice(0).reverse()) await f();
  });

  const migrations = loadMigrations(provider);
  const names = migrations.map((m) => m.name);

  it("finds the committed migrations", () => {
    expect(names.length).toBeGreaterThanOrEqual(2);
    expect(names).toEqual([...names].sort());
  });

  it("applies every migration on a fresh database, then none on the next run", async () => {
    const { url, drop } = await emptyDatabase(provider);
    cleanups.push(drop);

    expect(await migrate(url)).toEqual(names);
    expect(await appliedRows(provider, url)).toEqual(migrations.map((m) => ({ name: m.name, checksum: m.checksum })));

    expect(await migrate(url)).toEqual([]);
    expect(await appliedRows(provider, url)).toHaveLength(names.length);
  });

  it("refuses to run when an applied migration was edited", async () => {
    const { url, drop } = await emptyDatabase(provider);
    cleanups.push(drop);
    const root = mkdtempSync(path.join(os.tmpdir(), "perimeter-root-"));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    cpSync(path.join(process.cwd(), "prisma"), path.join(root, "prisma"), { recursive: true });

    expect(await migrate(url, root)).toEqual(names);
    appendFileSync(path.join(root, "prisma", provider, "migrations", names[0]!, "migration.sql"), "\n-- edited\n");

    await expect(migrate(url, root)).rejects.toThrow(`migration ${names[0]} was edited after it was applied`);
    // nothing was recorded or re-applied
    expect(await appliedRows(provider, url)).toEqual(migrations.map((m) => ({ name: m.name, checksum: m.checksum })));
  });

  it("refuses to run against a database that has a migration this version does not know", async () => {
    const { url, drop } = await emptyDatabase(provider);
    cleanups.push(drop);
    const root = mkdtempSync(path.join(os.tmpdir(), "perimeter-root-"));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    cpSync(path.join(process.cwd(), "prisma"), path.join(root, "prisma"), { recursive: true });

    expect(await migrate(url)).toEqual(names);
    rmSync(path.join(root, "prisma", provider, "migrations", names.at(-1)!), { recursive: true });
    await expect(migrate(url, root)).rejects.toThrow(`database has migration ${names.at(-1)}`);
  });

  it("keeps existing rows when a later migration rebuilds their tables", async () => {
    const { url, drop } = await emptyDatabase(provider);
    cleanups.push(drop);
    const root = mkdtempSync(path.join(os.tmpdir(), "perimeter-root-"));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    cpSync(path.join(process.cwd(), "prisma"), path.join(root, "prisma"), { recursive: true });
    // the database as it was before the change-workflow migration
    const later = names.filter((n) => n > "20261123092100");
    for (const n of later) rmSync(path.join(root, "prisma", provider, "migrations", n), { recursive: true });
    await migrate(url, root);

    const insert = [
      `INSERT INTO "ChangeRequest" ("id","number","title","status","baseVersion","createdAt","updatedAt") VALUES ('cr1',1,'t','applied',0,CURRENT_TIMESTAMP,CURRENT_TIMESTAMP)`,
      `INSERT INTO "Operation" ("id","changeRequestId","seq","kind","entity","targetId","payload") VALUES ('op1','cr1',0,'create','domain','d1','{}')`,
    ];
    const count = `SELECT count(*) AS n FROM "Operation"`;
    if (provider === "sqlite") {
      const conn = new Database(url.replace(/^file:/, ""));
      for (const sql of insert) conn.exec(sql);
      conn.close();
    } else {
      await withPg(url, async (c) => {
        for (const sql of insert) await c.query(sql);
      });
    }
    expect(await migrate(url)).toEqual(later);
    const n =
      provider === "sqlite"
        ? (new Database(url.replace(/^file:/, "")).prepare(count).get() as { n: number }).n
        : Number((await withPg(url, (c) => c.query(count))).rows[0].n);
    expect(n).toBe(1);
  });

  if (provider === "postgres") {
    it("applies each migration once when two instances migrate the same fresh database at once", async () => {
      const { url, drop } = await emptyDatabase(provider);
      cleanups.push(drop);

      const results = await Promise.all([migrate(url), migrate(url)]);
      expect(results.flat().sort()).toEqual(names);
      expect(await appliedRows(provider, url)).toHaveLength(names.length);
      const state = await withPg(url, async (c) => (await c.query(`SELECT count(*)::int AS n FROM "CatalogState"`)).rows[0]);
      expect(state).toEqual({ n: 1 });
    });
  }
});

describe.each(providersUnderTest)("the audit trail on %s", (provider) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    await t.db.auditEvent.create({
      data: {
        seq: 1,
        at: new Date("2026-01-01T00:00:00.000Z"),
        actorLabel: "system",
        action: "user.created",
        targetType: "user",
        prevHash: "",
        hash: "h1",
      },
    });
  });
  afterAll(async () => t?.drop());

  it("refuses UPDATE", async () => {
    await expect(t.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "actorLabel" = 'mallory' WHERE "seq" = 1`)).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.auditEvent.update({ where: { seq: 1 }, data: { actorLabel: "mallory" } })).rejects.toThrow(/append-only/);
    expect((await t.db.auditEvent.findUniqueOrThrow({ where: { seq: 1 } })).actorLabel).toBe("system");
  });

  it("refuses DELETE", async () => {
    await expect(t.db.$executeRawUnsafe(`DELETE FROM "AuditEvent" WHERE "seq" = 1`)).rejects.toThrow(/append-only/);
    await expect(t.db.$executeRawUnsafe(`DELETE FROM "AuditEvent"`)).rejects.toThrow(/append-only/);
    expect(await t.db.auditEvent.count()).toBe(1);
  });

  it("still accepts INSERT", async () => {
    await t.db.$executeRawUnsafe(
      `INSERT INTO "AuditEvent" ("seq", "at", "actorLabel", "action", "targetType", "prevHash", "hash")
       VALUES (2, '2026-01-01 00:00:01', 'system', 'user.created', 'user', 'h1', 'h2')`,
    );
    expect(await t.db.auditEvent.count()).toBe(2);
  });
});
