// read-model-delta: how fast a committed catalog change reaches the read model
// of every instance, at 100k scale (102,000 scopes on 34,000 resources, 5,000
// profiles, 20,000 clients, 40,000 bindings), on PostgreSQL and SQLite.
//
// 1. Baseline, same run: a full rebuild (load the catalog, compile the model,
//    build the token service's index), min/median/max of 3, in a child process.
// 2. Propagation: a writer process applies changes through the write path
//    (narrowings and their undoing: a scope removed from a profile, a binding
//    deleted, a client suspended), one at a time; two token-service instances
//    in their own processes follow the catalog (LISTEN/NOTIFY on PostgreSQL,
//    the polled version on SQLite). Figure: from the moment the writer's
//    commit returned to the moment the later of the two instances installed
//    the version, p50/p99 over BENCH_CHANGES changes. The same for two
//    instances that rebuild for every version (deltas off): the baseline.
// 3. Decisions while the catalog takes one change per second: an instance
//    serving POST /api/v1/decisions (fast path) under an open-loop load of
//    BENCH_RATE req/s; p99 without changes, then with one change a second.
//    Fenced with deltas (the product); baselines in the same run: unfenced
//    (answers from the model at hand, as before the fence: the fence's cost)
//    and fenced with a rebuild per version. Several runs: min/median/max.
//
// Run: npx tsx bench/read-model-delta.ts
//   BENCH_PROVIDERS=postgres,sqlite  BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres
//   BENCH_CHANGES=100  BENCH_BASE_CHANGES=5  BENCH_RATE=500  BENCH_SECONDS=10  BENCH_RUNS=2
//   BENCH_MODES=1 (only the first decision mode: the product)  BENCH_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof"
import { fork, type ChildProcess } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import os from "node:os";
import Database from "better-sqlite3";
import pg from "pg";
import { createApiToken } from "../lib/api-tokens/manage-api-tokens";
import { systemActor } from "../lib/auth/permissions";
import { createDb } from "../lib/db/client";
import { migrate } from "../lib/db/migrate";
import { createUser } from "../lib/users/create-user";
import { machineNotes } from "./lib/harness";
import { openLoop } from "./lib/open-loop";

const root = path.resolve(import.meta.dirname, "..");
const RESOURCES = 34_000; // x3 scopes = 102,000
const PROFILES = 5_000;
const CLIENTS = 20_000; // x2 bindings = 40,000
const CHANGES = Number(process.env.BENCH_CHANGES ?? 100);
const BASE_CHANGES = Number(process.env.BENCH_BASE_CHANGES ?? 5);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RUNS = Number(process.env.BENCH_RUNS ?? 2);
const PG_ADMIN = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const PROVIDERS = (process.env.BENCH_PROVIDERS ?? "postgres,sqlite").split(",");

const wall = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const envs = ["prod", "staging", "dev"];
const domains = ["payments", "search", "platform"];
const kinds = ["compute", "storage", "network", "cluster", "ingress", "database"];
const crit = ["low", "medium", "high", "critical"];
const actions = ["read", "write", "admin"];
const clientKinds = ["human", "pipeline", "job", "service", "key"];

/** The 100k catalog, bulk-inserted with SQL (benchmark data, not a change); the same shape as bench/catalog-lists.ts. */
function seedSqlite(file: string) {
  const conn = new Database(file);
  const now = new Date().toISOString();
  const later = new Date(Date.now() + 30 * 86_400_000).toISOString();
  conn.exec("BEGIN");
  const env = conn.prepare(`INSERT INTO "Environment" (id, name, displayName, protection, rank, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  envs.forEach((e, i) => env.run(`env-${e}`, e, e, i === 0 ? "protected" : "none", i, now, now));
  const dom = conn.prepare(`INSERT INTO "Domain" (id, name, displayName, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?)`);
  domains.forEach((d) => dom.run(`dom-${d}`, d, d, now, now));
  const res = conn.prepare(`INSERT INTO "Resource" (id, name, kind, environmentId, domainId, criticality, owner, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const scope = conn.prepare(`INSERT INTO "Scope" (id, resourceId, action, name, environmentId, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  for (let i = 0; i < RESOURCES; i++) {
    const e = envs[i % 3]!;
    const name = `svc-${Math.floor(i / 3)}-${kinds[i % 6]}`;
    res.run(`r${i}`, name, kinds[i % 6], `env-${e}`, `dom-${domains[i % 3]}`, crit[i % 4], `team-${i % 50}@acme.example`, now, now);
    for (const a of actions) scope.run(`s${i}-${a}`, `r${i}`, a, `${name}:${a}`, `env-${e}`, now, now);
  }
  const prof = conn.prepare(`INSERT INTO "Profile" (id, name, environmentId, domainId, maxTokenLifetimeSeconds, version, createdAt, updatedAt) VALUES (?, ?, ?, ?, 3600, 1, ?, ?)`);
  const ps = conn.prepare(`INSERT OR IGNORE INTO "ProfileScope" (profileId, scopeId) VALUES (?, ?)`);
  for (let p = 0; p < PROFILES; p++) {
    prof.run(`p${p}`, `profile-${p}`, `env-${envs[p % 3]}`, `dom-${domains[p % 3]}`, now, now);
    for (let k = 0; k < 6; k++) {
      const r = (p * 7 + k * 3) % RESOURCES;
      ps.run(`p${p}`, `s${r - (r % 3) + (p % 3)}-${actions[k % 3]}`);
    }
  }
  const cli = conn.prepare(`INSERT INTO "Client" (id, name, kind, status, domainId, owner, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const bind = conn.prepare(`INSERT INTO "Binding" (id, clientId, profileId, expiresAt, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?)`);
  for (let c = 0; c < CLIENTS; c++) {
    cli.run(`c${c}`, `client-${c}`, clientKinds[c % 5], c % 40 === 39 ? "suspended" : "active", `dom-${domains[c % 3]}`, `team-${c % 50}`, now, now);
    for (let b = 0; b < 2; b++) bind.run(`b${c}-${b}`, `c${c}`, `p${(c * 3 + b * 11) % PROFILES}`, b === 1 && c % 10 === 0 ? later : null, now, now);
  }
  conn.exec(`UPDATE "CatalogState" SET "catalogVersion" = 1 WHERE id = 1`);
  conn.exec("COMMIT");
  conn.exec("ANALYZE");
  conn.close();
}

async function seedPostgres(url: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const arr = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x}'`).join(",")}]`;
  await c.query("BEGIN");
  await c.query(`INSERT INTO "Environment" (id, name, "displayName", protection, rank, "updatedAt") SELECT 'env-'||e, e, e, CASE WHEN i = 1 THEN 'protected' ELSE 'none' END, i - 1, now() FROM unnest(${arr(envs)}) WITH ORDINALITY AS t(e, i)`);
  await c.query(`INSERT INTO "Domain" (id, name, "displayName", "updatedAt") SELECT 'dom-'||d, d, d, now() FROM unnest(${arr(domains)}) d`);
  await c.query(`INSERT INTO "Resource" (id, name, kind, "environmentId", "domainId", criticality, owner, "updatedAt")
    SELECT 'r'||i, 'svc-'||(i/3)||'-'||(${arr(kinds)})[i%6+1], (${arr(kinds)})[i%6+1], 'env-'||(${arr(envs)})[i%3+1], 'dom-'||(${arr(domains)})[i%3+1], (${arr(crit)})[i%4+1], 'team-'||(i%50)||'@acme.example', now()
    FROM generate_series(0, ${RESOURCES - 1}) i`);
  await c.query(`INSERT INTO "Scope" (id, "resourceId", action, name, "environmentId", "updatedAt")
    SELECT 's'||substr(r.id, 2)||'-'||a, r.id, a, r.name||':'||a, r."environmentId", now() FROM "Resource" r CROSS JOIN unnest(${arr(actions)}) a`);
  await c.query(`INSERT INTO "Profile" (id, name, "environmentId", "domainId", "maxTokenLifetimeSeconds", version, "updatedAt")
    SELECT 'p'||p, 'profile-'||p, 'env-'||(${arr(envs)})[p%3+1], 'dom-'||(${arr(domains)})[p%3+1], 3600, 1, now() FROM generate_series(0, ${PROFILES - 1}) p`);
  await c.query(`INSERT INTO "ProfileScope" ("profileId", "scopeId")
    SELECT DISTINCT 'p'||p, 's'||(r - r%3 + p%3)||'-'||(${arr(actions)})[k%3+1]
    FROM generate_series(0, ${PROFILES - 1}) p CROSS JOIN generate_series(0, 5) k CROSS JOIN LATERAL (SELECT (p*7 + k*3) % ${RESOURCES} AS r) x`);
  await c.query(`INSERT INTO "Client" (id, name, kind, status, "domainId", owner, "updatedAt")
    SELECT 'c'||i, 'client-'||i, (${arr(clientKinds)})[i%5+1], CASE WHEN i%40 = 39 THEN 'suspended' ELSE 'active' END, 'dom-'||(${arr(domains)})[i%3+1], 'team-'||(i%50), now() FROM generate_series(0, ${CLIENTS - 1}) i`);
  await c.query(`INSERT INTO "Binding" (id, "clientId", "profileId", "expiresAt", "updatedAt")
    SELECT 'b'||i||'-'||b, 'c'||i, 'p'||((i*3 + b*11) % ${PROFILES}), CASE WHEN b = 1 AND i%10 = 0 THEN now() + interval '30 days' END, now()
    FROM generate_series(0, ${CLIENTS - 1}) i CROSS JOIN generate_series(0, 1) b`);
  await c.query(`UPDATE "CatalogState" SET "catalogVersion" = 1 WHERE id = 1`);
  await c.query("COMMIT");
  await c.query("ANALYZE");
  await c.end();
}

async function prepare(provider: string): Promise<string> {
  if (provider === "sqlite") {
    const dir = path.join(root, "data", "bench");
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "read-model-delta.db");
    for (const s of ["", "-wal", "-shm"]) rmSync(`${file}${s}`, { force: true });
    await migrate(`file:${file}`, root);
    seedSqlite(file);
    return `file:${file}`;
  }
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS perimeter_bench_read_model WITH (FORCE)`);
  await admin.query(`CREATE DATABASE perimeter_bench_read_model`);
  await admin.end();
  const u = new URL(PG_ADMIN);
  u.pathname = "/perimeter_bench_read_model";
  await migrate(u.toString(), root);
  await seedPostgres(u.toString());
  return u.toString();
}

type Msg = { type: string; [k: string]: unknown };
type Child = { child: ChildProcess; next(type: string, timeoutMs?: number): Promise<Msg>; on(fn: (m: Msg) => void): void; stop(): Promise<void> };

function start(script: string, env: Record<string, string>): Child {
  const child = fork(path.join(import.meta.dirname, "lib", script), [], {
    // BENCH_NODE_FLAGS as for every bench's server (bench/lib/harness.ts): e.g. --cpu-prof, --trace-gc
    execArgv: [...(process.env.BENCH_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? []), "--import", "tsx"],
    env: { ...process.env, ...env, RESOURCES: String(RESOURCES), PROFILES: String(PROFILES), CLIENTS: String(CLIENTS) },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const listeners = new Set<(m: Msg) => void>();
  child.on("message", (m: Msg) => {
    for (const fn of listeners) fn(m);
  });
  return {
    child,
    on: (fn) => void listeners.add(fn),
    next: (type, timeoutMs = 120_000) =>
      new Promise<Msg>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${script}: no ${type} within ${timeoutMs} ms`)), timeoutMs);
        const fn = (m: Msg) => {
          if (m.type === "failed") reject(new Error(String(m.error)));
          if (m.type !== type) return;
          listeners.delete(fn);
          clearTimeout(timer);
          resolve(m);
        };
        listeners.add(fn);
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

/** An instance process; resolves once its model is loaded. */
async function instance(url: string, opts: { deltas: boolean; serve?: boolean; fence?: boolean }) {
  const c = start("model-instance.ts", { DATABASE_URL: url, DELTAS: opts.deltas ? "on" : "off", FENCE: opts.fence === false ? "off" : "on", ...(opts.serve ? { PORT: "0" } : {}) });
  let version = 0;
  c.on((m) => {
    if (m.type === "model") version = Math.max(version, Number(m.version));
  });
  const installed = new Map<number, number>();
  c.on((m) => {
    if (m.type === "model") installed.set(Number(m.version), Number(m.at));
  });
  const ready = await c.next("ready", 180_000);
  return { ...c, port: Number(ready.port), loadMs: Number(ready.loadMs), version: () => version, installedAt: (v: number) => installed.get(v) };
}
type Instance = Awaited<ReturnType<typeof instance>>;

const q = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
};
const f = (n: number, d = 1) => n.toFixed(d);
const line = (label: string, xs: number[], unit = "ms") =>
  console.log(`  ${label.padEnd(58)} min ${f(Math.min(...xs)).padStart(7)}  median ${f(q(xs, 0.5)).padStart(7)}  p99 ${f(q(xs, 0.99)).padStart(7)}  max ${f(Math.max(...xs)).padStart(7)} ${unit}  (n=${xs.length})`);

/** Changes one at a time; for each, ms from the writer's commit returning (and from its call) to the last instance installing it. */
async function propagation(writer: Child, instances: Instance[], first: number, count: number) {
  const fromCommit: number[] = [];
  const fromCall: number[] = [];
  for (let i = first; i < first + count; i++) {
    writer.child.send({ type: "change", i });
    const done = await writer.next("changed");
    const v = Number(done.version);
    const until = Date.now() + 60_000;
    while (instances.some((x) => x.version() < v) && Date.now() < until) await sleep(2);
    if (instances.some((x) => x.version() < v)) throw new Error(`version ${v} did not reach every instance`);
    // the instant each installed a model at version >= v (a later version may have covered it)
    const at = instances.map((x) => {
      for (let w = v; w <= x.version(); w++) {
        const t = x.installedAt(w);
        if (t !== undefined) return t;
      }
      return wall();
    });
    fromCommit.push(Math.max(...at) - Number(done.end));
    fromCall.push(Math.max(...at) - Number(done.start));
    await sleep(50 + (i % 5) * 20);
  }
  return { fromCommit, fromCall };
}

/** Decisions at a fixed rate against `target`, with (or without) one change a second from the writer. */
async function decisions(target: Instance, writer: Child | null, apiToken: string, next: { i: number }) {
  let timer: NodeJS.Timeout | null = null;
  const applied: Promise<unknown>[] = [];
  if (writer) {
    timer = setInterval(() => {
      writer.child.send({ type: "change", i: next.i++ });
      applied.push(writer.next("changed").catch(() => null));
    }, 1_000);
  }
  const loadRun = openLoop({
    url: `http://127.0.0.1:${target.port}/api/v1/decisions`,
    headers: { "content-type": "application/json", authorization: `Bearer ${apiToken}` },
    body: JSON.stringify({ client: "client-0", resource: "prod/svc-0-compute", action: "read" }),
    rate: RATE,
    seconds: SECONDS,
  });
  // an instance that stops answering (a crash closes sockets without an error) must fail the bench, not hang it
  let guard: NodeJS.Timeout | undefined;
  const r = await Promise.race([
    loadRun,
    new Promise<never>((_, reject) => {
      guard = setTimeout(() => reject(new Error(`decisions did not finish within ${SECONDS + 120} s (exit code ${target.child.exitCode})`)), (SECONDS + 120) * 1000);
    }),
  ]).finally(() => clearTimeout(guard));
  if (timer) clearInterval(timer);
  await Promise.all(applied);
  return r;
}

async function rebuildBaseline(url: string) {
  const c = start("rebuild-baseline.ts", { DATABASE_URL: url });
  const m = (await c.next("baseline", 600_000)) as unknown as { load: number[]; compile: number[]; index: number[]; total: number[]; scopes: number; clients: number; bindings: number };
  await c.stop();
  return m;
}

async function apiTokenFor(url: string) {
  const db = createDb(url);
  const u = await createUser(db, { actor: systemActor, input: { email: "bench@perimeter.bench", role: "admin" } });
  const token = await createApiToken(db, { actor: { id: u.id, label: u.email, role: "admin", kind: "user" }, input: { name: "bench", access: "read" } });
  await db.$disconnect();
  return token.token;
}

async function main() {
  console.log(`read-model-delta: ${RESOURCES.toLocaleString("en")} resources, ${(RESOURCES * 3).toLocaleString("en")} scopes, ${PROFILES.toLocaleString("en")} profiles, ${CLIENTS.toLocaleString("en")} clients, ${(CLIENTS * 2).toLocaleString("en")} bindings`);
  for (const provider of PROVIDERS) {
    const t0 = performance.now();
    const url = await prepare(provider);
    console.log(`\n== ${provider} (fixture ${f((performance.now() - t0) / 1000)} s; load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")} on ${os.cpus().length} cores)`);
    for (const note of machineNotes()) console.log(`  note: ${note}`);
    const apiToken = await apiTokenFor(url);

    const base = await rebuildBaseline(url);
    console.log(`baseline: a full rebuild (${base.scopes} scopes, ${base.clients} clients, ${base.bindings} bindings)`);
    line("load the catalog", base.load);
    line("compile the read model", base.compile);
    line("build the token service's index", base.index);
    line("full rebuild, total", base.total);

    const writer = start("catalog-writer.ts", { DATABASE_URL: url });
    await writer.next("ready");
    const next = { i: 0 };

    // propagation by deltas: two followers
    const a = await instance(url, { deltas: true });
    const b = await instance(url, { deltas: true });
    const delta = await propagation(writer, [a, b], next.i, CHANGES);
    next.i += CHANGES;
    await Promise.all([a.stop(), b.stop()]);
    // the baseline: two followers that rebuild for every version
    const ra = await instance(url, { deltas: false });
    const rb = await instance(url, { deltas: false });
    const rebuild = await propagation(writer, [ra, rb], next.i, BASE_CHANGES);
    next.i += BASE_CHANGES;
    await Promise.all([ra.stop(), rb.stop()]);
    console.log(`propagation: commit returned -> both instances' models at that version (${provider === "postgres" ? "LISTEN/NOTIFY" : "polled version"})`);
    line("deltas", delta.fromCommit);
    line("deltas, from the writer's call (incl. the write)", delta.fromCall);
    line("baseline: a rebuild per version", rebuild.fromCommit);
    console.log(`  p99 deltas / median rebuild: ${f((q(delta.fromCommit, 0.99) / q(rebuild.fromCommit, 0.5)) * 100)}%   (goal: deltas p99 <= 50 ms)`);

    // decisions while the catalog changes: fenced with deltas (the product), unfenced (the model at hand, as before: the cost of the fence), fenced with a rebuild per version
    const modes = [
      { label: "fenced, deltas (the product)", deltas: true, fence: true },
      { label: "baseline: unfenced (model at hand), deltas", deltas: true, fence: false },
      { label: "baseline: fenced, a rebuild per version", deltas: false, fence: true },
    ];
    for (const mode of modes.slice(0, Number(process.env.BENCH_MODES ?? modes.length))) {
      const server = await instance(url, { deltas: mode.deltas, fence: mode.fence, serve: true });
      await decisions(server, null, apiToken, next); // warm-up
      const quiet: number[] = [];
      const busy: number[] = [];
      const busyP50: number[] = [];
      const busyMax: number[] = [];
      let errors = 0;
      let stuck = "";
      try {
        for (let run = 0; run < RUNS; run++) {
          const r0 = await decisions(server, null, apiToken, next);
          const r1 = await decisions(server, writer, apiToken, next);
          quiet.push(r0.p99);
          busy.push(r1.p99);
          busyP50.push(r1.p50);
          busyMax.push(r1.max);
          errors += r0.errors + r1.errors;
        }
      } catch (e) {
        // with a rebuild slower than a second, fenced requests wait for a version the model never catches up with
        stuck = e instanceof Error ? e.message : String(e);
      }
      await server.stop();
      if (stuck) {
        console.log(`decisions at ${RATE} req/s, ${mode.label}: did not keep up (${stuck})`);
        continue;
      }
      console.log(`decisions at ${RATE} req/s for ${SECONDS} s, ${mode.label}, ${RUNS} runs${errors ? `  (${errors} errors)` : ""}`);
      line("p99, no changes", quiet);
      line("p50, one change a second", busyP50);
      line("p99, one change a second", busy);
      line("max, one change a second", busyMax);
    }
    await writer.stop();
  }
  console.log("\ngoals: propagation p99 <= 50 ms by deltas; decision p99 <= 5 ms while the catalog takes a change per second");
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
