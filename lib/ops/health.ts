// Readiness of one instance (GET /readyz): the database answers, every
// migration this version ships is applied, and (PostgreSQL) the LISTEN
// connections that carry revocations and catalog versions are up. Liveness
// (GET /healthz) is only "the process answers". Both are cheap: one small
// query (SQLite: a fresh connection to the file, so a moved or unreadable file
// shows, which an already open descriptor would hide), shared by concurrent probes.
import { existsSync } from "node:fs";
import Database from "better-sqlite3";
import type { Db } from "../db/client";
import { loadMigrations } from "../db/migrate";
import { providerOf, sqlitePath } from "../db/provider";
import { logger } from "./log";

export type CheckResult = { ok: boolean; detail?: string };
export type Readiness = { ready: boolean; failing: string[]; checks: Record<string, CheckResult> };

export type HealthDeps = {
  db: Db;
  url: string;
  /** where prisma/<provider>/migrations is read from (the app's root) */
  root: string;
  /** the LISTEN connections that are down (TokenService.listenersDown) */
  listenersDown?: () => string[];
  /** how long the database may take to answer (default 2 s) */
  timeoutMs?: number;
};

const APPLIED_SQL = `SELECT "name" FROM "_perimeter_migrations"`;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    t.unref();
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e: unknown) => (clearTimeout(t), reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });
}

function appliedOnSqlite(file: string): string[] {
  if (file !== ":memory:" && !existsSync(file)) throw new Error(`the database file ${file} is missing`);
  const conn = new Database(file, { fileMustExist: true, readonly: true, timeout: 2_000 });
  try {
    return (conn.prepare(APPLIED_SQL).pluck().all() as string[]);
  } finally {
    conn.close();
  }
}

/** One line saying why (driver errors may start with blank lines, or carry only a code). */
function message(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const line = text.split("\n").find((l) => l.trim())?.trim();
  const code = (e as { code?: unknown }).code;
  return (line ?? `the database did not answer${typeof code === "string" ? ` (${code})` : ""}`).slice(0, 300);
}

/** A readiness probe: call it per request; concurrent calls share one database round trip. */
export function readinessProbe(deps: HealthDeps): () => Promise<Readiness> {
  const provider = providerOf(deps.url);
  const expected = loadMigrations(provider, deps.root).map((m) => m.name);
  let running: Promise<Readiness> | null = null;

  const run = async (): Promise<Readiness> => {
    const checks: Record<string, CheckResult> = {};
    let applied: string[] | null = null;
    try {
      applied =
        provider === "sqlite"
          ? appliedOnSqlite(sqlitePath(deps.url))
          : (await withTimeout(deps.db.$queryRawUnsafe<{ name: string }[]>(APPLIED_SQL), deps.timeoutMs ?? 2_000)).map((r) => r.name);
      checks.database = { ok: true };
    } catch (e) {
      // the probe is unauthenticated: the driver's words (host, file path) go to the log only
      logger().warn({ check: "database", detail: message(e) }, "readiness: the database did not answer");
      checks.database = { ok: false, detail: "the database did not answer (the server log has the driver's message)" };
    }
    if (applied) {
      const have = new Set(applied);
      const missing = expected.filter((n) => !have.has(n));
      checks.migrations = missing.length ? { ok: false, detail: `not applied: ${missing.join(", ")}` } : { ok: true };
    } else checks.migrations = { ok: false, detail: "the database did not answer" };
    if (provider === "postgres") {
      const down = deps.listenersDown?.() ?? [];
      checks.listeners = down.length ? { ok: false, detail: `LISTEN connection down: ${down.join(", ")}` } : { ok: true };
    }
    const failing = Object.entries(checks)
      .filter(([, c]) => !c.ok)
      .map(([k]) => k);
    return { ready: failing.length === 0, failing, checks };
  };

  return () => {
    running ??= run().finally(() => {
      running = null;
    });
    return running;
  };
}
