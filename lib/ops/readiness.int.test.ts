// /healthz and /readyz on a real server process (../testing/ops-server.ts, the
// machine handler of scripts/server.ts): /readyz answers 503 naming the
// failing check when the database goes away (SQLite: the file is moved away;
// PostgreSQL: connections to the database are refused and the open ones
// terminated), and 200 again once it is back, without a restart.
import { renameSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, pgAdminUrl, providersUnderTest, type TestDatabase } from "../testing/databases";
import { eventually, startOpsServer, type OpsProcess } from "../testing/ops-process";
import { sqlitePath } from "../db/provider";

type Probe = { status: number; body: { status: string; failing: string[]; checks: Record<string, { ok: boolean; detail?: string }> } };
const readyz = async (base: string): Promise<Probe> => {
  const res = await fetch(`${base}/readyz`);
  return { status: res.status, body: (await res.json()) as Probe["body"] };
};

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: pgAdminUrl });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** Takes the database away and brings it back, as an outage would. */
function outage(t: TestDatabase) {
  if (t.provider === "sqlite") {
    const file = sqlitePath(t.url);
    return { begin: async () => renameSync(file, `${file}.away`), end: async () => renameSync(`${file}.away`, file) };
  }
  const name = new URL(t.url).pathname.slice(1);
  return {
    begin: () => admin(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false; SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}' AND pid <> pg_backend_pid()`),
    end: () => admin(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`),
  };
}

describe.each(providersUnderTest)("health probes on %s", (provider) => {
  let t: TestDatabase;
  let server: OpsProcess;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    await t.db.$disconnect();
    server = await startOpsServer({ DATABASE_URL: t.url });
  });
  afterAll(async () => {
    await server?.stop();
    await t?.drop();
  });

  it("/healthz answers while the process runs, without authentication", async () => {
    const res = await fetch(`${server.base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("/readyz is 200 with every check passing, 503 naming the database while it is away, 200 again once back", async () => {
    await eventually(async () => (await readyz(server.base)).status === 200, "ready after start");
    const up = await readyz(server.base);
    expect(up.body.failing).toEqual([]);
    expect(Object.keys(up.body.checks).sort()).toEqual(provider === "postgres" ? ["database", "listeners", "migrations"] : ["database", "migrations"]);

    const o = outage(t);
    await o.begin();
    try {
      await eventually(async () => (await readyz(server.base)).status === 503, "503 while the database is away");
      const down = await readyz(server.base);
      expect(down.body.status).toBe("unavailable");
      expect(down.body.failing).toContain("database");
      expect(down.body.checks.database!.ok).toBe(false);
      expect(down.body.checks.database!.detail).toBeTruthy();
      // liveness does not depend on the database: a restart would not help
      expect((await fetch(`${server.base}/healthz`)).status).toBe(200);
    } finally {
      await o.end();
    }
    await eventually(async () => (await readyz(server.base)).status === 200, "200 once the database is back");
    expect((await readyz(server.base)).body.failing).toEqual([]);
  });

  it("/readyz names unapplied migrations", async () => {
    await eventually(async () => (await readyz(server.base)).status === 200, "ready");
    // a migration row removed: this version ships a migration the database lacks
    const last = (await t.db.$queryRawUnsafe<{ name: string }[]>(`SELECT "name" FROM "_perimeter_migrations" ORDER BY "name" DESC LIMIT 1`))[0]!.name;
    await t.db.$executeRawUnsafe(`DELETE FROM "_perimeter_migrations" WHERE "name" = '${last}'`);
    try {
      const r = await readyz(server.base);
      expect(r.status).toBe(503);
      expect(r.body.failing).toEqual(["migrations"]);
      expect(r.body.checks.migrations!.detail).toContain(last);
    } finally {
      await t.db.$executeRawUnsafe(`INSERT INTO "_perimeter_migrations" VALUES ('${last}', 'restored', '${new Date().toISOString()}')`);
    }
  });
});
