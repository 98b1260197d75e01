// Applies the committed migrations of the active provider, in order, each in
// its own transaction, and records them with a checksum. Runs on every start;
// safe when several instances start at once (a PostgreSQL advisory lock, an
// immediate SQLite transaction). Prisma's own `migrate deploy` is not used:
// on PostgreSQL its WebAssembly engine cannot read catalog types through the
// pg adapter (see ../shared/TOOLCHAIN.md).
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { providerOf, sqlitePath, type Provider } from "./provider";

export type Migration = { name: string; sql: string; checksum: string };

export function migrationsDir(provider: Provider, root = process.cwd()): string {
  return path.join(root, "prisma", provider, "migrations");
}

export function loadMigrations(provider: Provider, root?: string): Migration[] {
  const dir = migrationsDir(provider, root);
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

function checkApplied(applied: Map<string, string>, migrations: Migration[]): Migration[] {
  for (const [name, checksum] of applied) {
    const m = migrations.find((x) => x.name === name);
    if (!m) throw new Error(`database has migration ${name}, which this version of Perimeter does not know`);
    if (m.checksum !== checksum) throw new Error(`migration ${name} was edited after it was applied`);
  }
  return migrations.filter((m) => !applied.has(m.name));
}

const TABLE = `CREATE TABLE IF NOT EXISTS "_perimeter_migrations" (
  "name" TEXT PRIMARY KEY, "checksum" TEXT NOT NULL, "appliedAt" TEXT NOT NULL)`;

function migrateSqlite(file: string, migrations: Migration[]): string[] {
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const conn = new Database(file, { timeout: 10_000 });
  try {
    conn.pragma("journal_mode = WAL");
    // Prisma's SQLite migrations redefine tables (create new, copy, drop old).
    // With foreign keys enforced, dropping the old table would cascade-delete
    // child rows; the pragma is ignored inside a transaction, so set it here
    // and check integrity before committing instead.
    conn.pragma("foreign_keys = OFF");
    conn.exec(TABLE);
    conn.exec("BEGIN IMMEDIATE");
    try {
      const rows = conn.prepare(`SELECT "name", "checksum" FROM "_perimeter_migrations"`).all() as {
        name: string;
        checksum: string;
      }[];
      const pending = checkApplied(new Map(rows.map((r) => [r.name, r.checksum])), migrations);
      const record = conn.prepare(`INSERT INTO "_perimeter_migrations" VALUES (?, ?, ?)`);
      for (const m of pending) {
        conn.exec(m.sql);
        const broken = conn.pragma("foreign_key_check") as unknown[];
        if (broken.length) throw new Error(`migration ${m.name} leaves ${broken.length} broken foreign keys`);
        record.run(m.name, m.checksum, new Date().toISOString());
      }
      conn.exec("COMMIT");
      return pending.map((m) => m.name);
    } catch (e) {
      conn.exec("ROLLBACK");
      throw e;
    }
  } finally {
    conn.close();
  }
}

const LOCK_ID = 74_260_001;

async function migratePostgres(url: string, migrations: Migration[]): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_ID]);
    await client.query(TABLE);
    const { rows } = await client.query<{ name: string; checksum: string }>(
      `SELECT "name", "checksum" FROM "_perimeter_migrations"`,
    );
    const pending = checkApplied(new Map(rows.map((r) => [r.name, r.checksum])), migrations);
    for (const m of pending) {
      await client.query("BEGIN");
      try {
        await client.query(m.sql);
        await client.query(`INSERT INTO "_perimeter_migrations" VALUES ($1, $2, $3)`, [
          m.name,
          m.checksum,
          new Date().toISOString(),
        ]);
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK");
        throw new Error(`migration ${m.name} failed: ${(e as Error).message}`);
      }
    }
    return pending.map((m) => m.name);
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [LOCK_ID]).catch(() => undefined);
    await client.end();
  }
}

/** Applies pending migrations; returns the names applied. */
export async function migrate(url: string, root?: string): Promise<string[]> {
  const provider = providerOf(url);
  const migrations = loadMigrations(provider, root);
  return provider === "sqlite" ? migrateSqlite(sqlitePath(url), migrations) : migratePostgres(url, migrations);
}
