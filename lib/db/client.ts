// Prisma client for either provider. Both generated clients come from the same
// models, so they expose the same API; the SQLite one's types stand for both.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgres/client";
import { env } from "../env";
import { runAfterCommit } from "./after-commit";
import { providerOf, providerOfDb, sqlitePath } from "./provider";
import { gateTransactions } from "./sqlite-gate";

export type Db = SqliteClient;
export type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export function createDb(url: string): Db {
  if (providerOf(url) === "sqlite") {
    const file = sqlitePath(url);
    if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    return new SqliteClient({ adapter: gateTransactions(new PrismaBetterSQLite3({ url: file, timeout: 10_000 }), { readsApart: file !== ":memory:" && file !== "" }) });
  }
  const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) });
  return client as unknown as Db;
}

const globalForDb = globalThis as unknown as { perimeterDb?: Db };

/** The process-wide client (shared by Next's bundle and the custom server). */
export function db(): Db {
  globalForDb.perimeterDb ??= createDb(env().DATABASE_URL);
  return globalForDb.perimeterDb;
}

/**
 * Interactive transaction with settings that suit both providers; runs what afterCommit() queued once it committed.
 * PostgreSQL: READ COMMITTED whatever the server's default, which the write path's locking assumes
 * (a writer waiting on the CatalogState row lock then sees what the one before it committed; under
 * REPEATABLE READ it would fail with a serialization error instead). SQLite runs one writer at a time.
 */
export async function transaction<T>(client: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  let opened = null as Tx | null; // set inside the callback, read after it
  const value = await client.$transaction(
    (tx) => {
      opened = tx;
      return fn(tx);
    },
    { maxWait: 10_000, timeout: 60_000, ...isolation(client, "ReadCommitted") },
  );
  if (opened) runAfterCommit(opened);
  return value;
}

/**
 * An isolation level for PostgreSQL; nothing for SQLite, whose transactions are serializable
 * (and whose Prisma client refuses any other level). RepeatableRead: every statement of the
 * transaction reads one snapshot (a consistent read of several tables).
 */
export function isolation(client: object, level: "ReadCommitted" | "RepeatableRead"): { isolationLevel?: "Serializable" } {
  // typed as the SQLite client's option (Db is that client's type); the PostgreSQL client takes these levels
  return (providerOfDb(client) === "postgres" ? { isolationLevel: level } : {}) as { isolationLevel?: "Serializable" };
}
