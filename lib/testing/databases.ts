// Test databases: a fresh SQLite file always; a fresh PostgreSQL database when
// TEST_DATABASE_URL names a server (created here, dropped afterwards).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createDb, type Db } from "../db/client";
import { migrate } from "../db/migrate";
import type { Provider } from "../db/provider";

export type TestDatabase = { provider: Provider; url: string; db: Db; drop(): Promise<void> };

export const pgAdminUrl = process.env.TEST_DATABASE_URL;

export const providersUnderTest: Provider[] = pgAdminUrl ? ["sqlite", "postgres"] : ["sqlite"];

if (!pgAdminUrl && !process.env.PERIMETER_QUIET_PG_SKIP) {
  process.env.PERIMETER_QUIET_PG_SKIP = "1";
  console.warn("TEST_DATABASE_URL is not set: the PostgreSQL integration suite is skipped (SQLite runs).");
}

const runAdmin = async (sql: string) => {
  const c = new pg.Client({ connectionString: new URL(pgAdminUrl!).toString() });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
};

async function createPostgres(template?: string): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = new URL(pgAdminUrl!);
  const name = `perimeter_test_${randomBytes(6).toString("hex")}`;
  const run = runAdmin;
  await run(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`);
  const url = new URL(admin.toString());
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}

/** `root`: where prisma/<provider>/migrations is read from (a copy with fewer migrations gives an older schema). */
export async function createTestDatabase(provider: Provider, { root }: { root?: string } = {}): Promise<TestDatabase> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(path.join(os.tmpdir(), "perimeter-test-"));
    const url = `file:${path.join(dir, "test.db")}`;
    await migrate(url, root);
    const db = createDb(url);
    return {
      provider,
      url,
      db,
      async drop() {
        await db.$disconnect();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const { url, drop } = await createPostgres();
  await migrate(url, root);
  const db = createDb(url);
  return {
    provider,
    url,
    db,
    async drop() {
      await db.$disconnect();
      await drop();
    },
  };
}

/**
 * A copy of a prepared database (for property tests that need a fresh one per
 * run): SQLite through VACUUM INTO, PostgreSQL as CREATE DATABASE … TEMPLATE
 * (the template's own connections are closed first; it is not used again).
 */
export async function cloneTestDatabase(template: TestDatabase): Promise<TestDatabase> {
  if (template.provider === "sqlite") {
    const dir = mkdtempSync(path.join(os.tmpdir(), "perimeter-test-"));
    const file = path.join(dir, "test.db");
    await template.db.$executeRawUnsafe(`VACUUM INTO '${file.replaceAll("'", "''")}'`);
    const db = createDb(`file:${file}`);
    return {
      provider: "sqlite",
      url: `file:${file}`,
      db,
      async drop() {
        await db.$disconnect();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  await template.db.$disconnect();
  const source = new URL(template.url).pathname.slice(1);
  const { url, drop } = await createPostgres(source);
  const db = createDb(url);
  return {
    provider: "postgres",
    url,
    db,
    async drop() {
      await db.$disconnect();
      await drop();
    },
  };
}
