// Where rate-limit budgets live: Redis when REDIS_URL is configured, else
// PostgreSQL when the database is PostgreSQL (every instance shares them),
// else this process's memory — only right for the single-node SQLite default.
import { Redis } from "ioredis";
import pg from "pg";

export type LimitStore =
  | { kind: "memory" }
  | { kind: "postgres"; pool: pg.Pool; tableName: string }
  | { kind: "redis"; client: Redis };

export type OpenedStore = { store: LimitStore; close(): Promise<void> };

/** The table rate-limiter-flexible creates (IF NOT EXISTS) on first use; budgets are not catalog data. */
export const POSTGRES_TABLE = "perimeter_rate_limits";

export function openLimitStore(opts: { databaseUrl: string; redisUrl?: string | null }): OpenedStore {
  if (opts.redisUrl) {
    // commands fail fast while Redis is down (the insurance limiter answers), instead of queueing
    const client = new Redis(opts.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    client.on("error", () => {});
    return { store: { kind: "redis", client }, close: async () => void client.disconnect() };
  }
  if (/^postgres(ql)?:\/\//.test(opts.databaseUrl)) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 4 });
    pool.on("error", () => {});
    return { store: { kind: "postgres", pool, tableName: POSTGRES_TABLE }, close: () => pool.end() };
  }
  return { store: { kind: "memory" }, close: async () => {} };
}
