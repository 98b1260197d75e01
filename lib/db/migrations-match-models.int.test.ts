// The committed migrations must build the same database as the current models.
// No shadow database: database A gets the committed migrations (migrate()),
// database B gets Prisma's from-empty SQL for the current models, and both
// are described with plain catalog queries and compared. Triggers, functions
// and the migration bookkeeping table are hand-written/ours and ignored.
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as prismaScripts from "../../scripts/prisma.mjs";
import { pgAdminUrl, providersUnderTest } from "../testing/databases";
import { migrate } from "./migrate";
import type { Provider } from "./provider";

const BOOKKEEPING = "_perimeter_migrations";
const PROBE = "migrationProbe";

type Description = Record<string, unknown>;

type EmptyDatabase = {
  url: string;
  exec(sql: string): Promise<void>;
  describe(): Promise<Description>;
  drop(): Promise<void>;
};

// ------------------------------------------------------------------ SQLite

function describeSqlite(file: string): Description {
  const conn = new Database(file, { readonly: true });
  try {
    const tables = conn
      .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name <> ? ORDER BY name`)
      .pluck()
      .all(BOOKKEEPING) as string[];
    const out: Description = {};
    for (const table of tables) {
      const columns = (
        conn.prepare(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?)`).all(table) as {
          name: string;
        }[]
      ).sort((a, b) => a.name.localeCompare(b.name));
      const indexes = (
        conn.prepare(`SELECT name, "unique", origin, partial FROM pragma_index_list(?)`).all(table) as {
          name: string;
          unique: number;
          origin: string;
          partial: number;
        }[]
      )
        .map((ix) => ({
          // automatic indexes (primary key, inline UNIQUE) get generated names
          name: ix.origin === "c" ? ix.name : `<${ix.origin}>`,
          unique: ix.unique,
          partial: ix.partial,
          columns: (conn.prepare(`SELECT name FROM pragma_index_info(?) ORDER BY seqno`).pluck().all(ix.name) as string[]),
        }))
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      const fkRows = conn.prepare(`SELECT * FROM pragma_foreign_key_list(?) ORDER BY id, seq`).all(table) as {
        id: number;
        table: string;
        from: string;
        to: string;
        on_update: string;
        on_delete: string;
        match: string;
      }[];
      const fks = new Map<number, { table: string; from: string[]; to: string[]; onUpdate: string; onDelete: string; match: string }>();
      for (const r of fkRows) {
        const fk = fks.get(r.id) ?? { table: r.table, from: [], to: [], onUpdate: r.on_update, onDelete: r.on_delete, match: r.match };
        fk.from.push(r.from);
        fk.to.push(r.to);
        fks.set(r.id, fk);
      }
      const foreignKeys = [...fks.values()].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      out[table] = { columns, indexes, foreignKeys };
    }
    return out;
  } finally {
    conn.close();
  }
}

function emptySqlite(): EmptyDatabase {
  const dir = mkdtempSync(path.join(os.tmpdir(), "perimeter-migrations-"));
  const file = path.join(dir, "test.db");
  new Database(file).close();
  return {
    url: `file:${file}`,
    async exec(sql) {
      const conn = new Database(file);
      try {
        conn.exec(sql);
      } finally {
        conn.close();
      }
    },
    async describe() {
      return describeSqlite(file);
    },
    async drop() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// -------------------------------------------------------------- PostgreSQL

async function withPg<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function describePostgres(url: string): Promise<Description> {
  return withPg(url, async (c) => {
    const q = async (sql: string) => (await c.query(sql, [BOOKKEEPING])).rows;
    return {
      tables: await q(
        `SELECT table_name FROM information_schema.tables
          WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> $1 ORDER BY table_name`,
      ),
      columns: await q(
        `SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default,
                character_maximum_length, numeric_precision, datetime_precision
           FROM information_schema.columns
          WHERE table_schema = 'public' AND table_name <> $1 ORDER BY table_name, column_name`,
      ),
      indexes: await q(
        `SELECT tablename, indexname, indexdef FROM pg_indexes
          WHERE schemaname = 'public' AND tablename <> $1 ORDER BY tablename, indexname`,
      ),
      // primary keys, unique and check constraints and foreign keys (with their actions)
      constraints: await q(
        `SELECT cl.relname AS table_name, co.conname, co.contype, pg_get_constraintdef(co.oid) AS def
           FROM pg_constraint co
           JOIN pg_class cl ON cl.oid = co.conrelid
           JOIN pg_namespace n ON n.oid = cl.relnamespace
          WHERE n.nspname = 'public' AND cl.relname <> $1 ORDER BY cl.relname, co.conname`,
      ),
      enums: await q(
        `SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text AS labels
           FROM pg_type t
           JOIN pg_enum e ON e.enumtypid = t.oid
           JOIN pg_namespace n ON n.oid = t.typnamespace
          WHERE n.nspname = 'public' AND t.typname <> $1 GROUP BY t.typname ORDER BY t.typname`,
      ),
    };
  });
}

async function emptyPostgres(): Promise<EmptyDatabase> {
  const admin = new URL(pgAdminUrl!);
  const name = `perimeter_test_${randomBytes(6).toString("hex")}`;
  await withPg(admin.toString(), (c) => c.query(`CREATE DATABASE "${name}"`));
  const url = new URL(admin.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async exec(sql) {
      await withPg(url.toString(), (c) => c.query(sql));
    },
    describe: () => describePostgres(url.toString()),
    async drop() {
      await withPg(admin.toString(), (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
    },
  };
}

const emptyDatabase = (provider: Provider) => (provider === "sqlite" ? Promise.resolve(emptySqlite()) : emptyPostgres());

// ------------------------------------------------------------------- Prisma

/** From-empty SQL for a schema file (the provider's generated schema by default). */
function fromEmptySql(provider: Provider, schemaFile?: string): string {
  // The Prisma CLI's PostgreSQL adapter config connects to DATABASE_URL even
  // for an offline diff: point it at the test server for the call.
  const saved = process.env.DATABASE_URL;
  if (provider === "postgres") process.env.DATABASE_URL = pgAdminUrl;
  try {
    const sql = prismaScripts.diffScript(provider, undefined, schemaFile);
    if (!/CREATE TABLE/.test(sql)) throw new Error(`prisma migrate diff returned no tables:\n${sql}`);
    return sql;
  } finally {
    if (saved === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = saved;
  }
}

/** The models with one extra column on Domain, as a full schema for `provider`. */
function modifiedSchemaText(provider: Provider): string {
  const text = prismaScripts.schemaText(provider);
  const modified = text.replace(/^model Domain \{\n/m, `model Domain {\n  ${PROBE} String?\n`);
  if (modified === text) throw new Error("model Domain not found in prisma/models.prisma; update this test");
  return modified;
}

/** Removes the probe column from a description (of either provider). */
function withoutProbe(provider: Provider, d: Description): Description {
  const copy = structuredClone(d) as Record<string, any>;
  if (provider === "sqlite") {
    copy.Domain.columns = copy.Domain.columns.filter((c: { name: string }) => c.name !== PROBE);
  } else {
    copy.columns = copy.columns.filter((c: { column_name: string }) => c.column_name !== PROBE);
  }
  return copy;
}

describe.each(providersUnderTest)("committed migrations on %s", (provider) => {
  const dbs: EmptyDatabase[] = [];
  let migrated: Description; // A: committed migrations
  let fromModels: Description; // B: from-empty SQL of the current models
  let fromModified: Description; // C: from-empty SQL of the models plus one field
  let tmp: string | undefined;

  beforeAll(async () => {
    const a = await emptyDatabase(provider);
    dbs.push(a);
    const applied = await migrate(a.url);
    expect(applied.length).toBeGreaterThan(0);

    const b = await emptyDatabase(provider);
    dbs.push(b);
    await b.exec(fromEmptySql(provider));

    tmp = mkdtempSync(path.join(os.tmpdir(), "perimeter-schema-"));
    const modifiedSchema = path.join(tmp, "schema.prisma");
    writeFileSync(modifiedSchema, modifiedSchemaText(provider));
    const c = await emptyDatabase(provider);
    dbs.push(c);
    await c.exec(fromEmptySql(provider, modifiedSchema));

    [migrated, fromModels, fromModified] = await Promise.all([a.describe(), b.describe(), c.describe()]);
  });

  afterAll(async () => {
    for (const d of dbs) await d.drop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("has an up-to-date generated schema file", () => {
    const onDisk = readFileSync(prismaScripts.schemaPath(provider), "utf8");
    expect(onDisk === prismaScripts.schemaText(provider), `prisma/${provider}/schema.prisma is stale: run \`npm run db:schema\``).toBe(true);
  });

  it("builds the same tables, columns, indexes and foreign keys as the current models", () => {
    expect(Object.keys(migrated).length).toBeGreaterThan(0);
    expect(
      migrated,
      `the committed ${provider} migrations do not match prisma/models.prisma: run \`npm run db:new-migration <name>\``,
    ).toEqual(fromModels);
  });

  it("notices a model change that has no migration", () => {
    expect(JSON.stringify(fromModified)).toContain(PROBE);
    expect(JSON.stringify(migrated)).not.toContain(PROBE);
    expect(migrated).not.toEqual(fromModified);
    // and the probe column is the only difference the description sees
    expect(withoutProbe(provider, fromModified)).toEqual(fromModels);
  });
});
