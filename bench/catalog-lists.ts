// catalog-lists: the list and detail queries the console pages use, on a
// catalog of 100,000 scopes and 20,000 clients (SQLite file under data/bench).
// Prints p50/p95 per query and the ratio to a primary-key lookup measured in
// the same run (the baseline). Run: npx tsx bench/catalog-lists.ts
// The fixture is bulk-inserted with SQL (it is benchmark data, not a change).
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { createDb } from "../lib/db/client";
import { migrate } from "../lib/db/migrate";
import { getClient } from "../lib/catalog/queries/get-client";
import { getProfile } from "../lib/catalog/queries/get-profile";
import { getResource } from "../lib/catalog/queries/get-resource";
import { listClients } from "../lib/catalog/queries/list-clients";
import { listProfiles } from "../lib/catalog/queries/list-profiles";
import { listResources } from "../lib/catalog/queries/list-resources";
import { listScopes } from "../lib/catalog/queries/list-scopes";

const RESOURCES = 34_000; // x3 standard scopes = 102,000 scopes
const CLIENTS = 20_000;
const PROFILES = 5_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 60);

const dir = path.resolve("data/bench");
const file = path.join(dir, "catalog-lists.db");
const url = `file:${file}`;

function seed() {
  const t0 = performance.now();
  const conn = new Database(file);
  const now = new Date().toISOString();
  conn.exec("BEGIN");
  const env = conn.prepare(`INSERT INTO "Environment" (id, name, displayName, protection, rank, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  ["prod", "staging", "dev"].forEach((e, i) => env.run(`env-${e}`, e, e, i === 0 ? "protected" : "none", i, now, now));
  const dom = conn.prepare(`INSERT INTO "Domain" (id, name, displayName, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?)`);
  const domains = ["payments", "search", "platform"];
  domains.forEach((d) => dom.run(`dom-${d}`, d, d, now, now));
  const kinds = ["compute", "storage", "network", "cluster", "ingress", "database"];
  const crit = ["low", "medium", "high", "critical"];
  const res = conn.prepare(`INSERT INTO "Resource" (id, name, kind, environmentId, domainId, criticality, owner, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const scope = conn.prepare(`INSERT INTO "Scope" (id, resourceId, action, name, environmentId, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  for (let i = 0; i < RESOURCES; i++) {
    const env = ["prod", "staging", "dev"][i % 3]!;
    const name = `svc-${Math.floor(i / 3)}-${kinds[i % 6]}`;
    res.run(`r${i}`, name, kinds[i % 6], `env-${env}`, `dom-${domains[i % 3]}`, crit[i % 4], `team-${i % 50}@acme.example`, now, now);
    for (const a of ["read", "write", "admin"]) scope.run(`s${i}-${a}`, `r${i}`, a, `${name}:${a}`, `env-${env}`, now, now);
  }
  const prof = conn.prepare(`INSERT INTO "Profile" (id, name, environmentId, domainId, maxTokenLifetimeSeconds, version, createdAt, updatedAt) VALUES (?, ?, ?, ?, 3600, 1, ?, ?)`);
  const ps = conn.prepare(`INSERT INTO "ProfileScope" (profileId, scopeId) VALUES (?, ?)`);
  const pv = conn.prepare(`INSERT INTO "ProfileVersion" (id, profileId, version, scopeIds, maxTokenLifetimeSeconds, createdAt) VALUES (?, ?, 1, ?, 3600, ?)`);
  for (let p = 0; p < PROFILES; p++) {
    const env = ["prod", "staging", "dev"][p % 3]!;
    prof.run(`p${p}`, `profile-${p}`, `env-${env}`, `dom-${domains[p % 3]}`, now, now);
    const ids: string[] = [];
    for (let k = 0; k < 6; k++) {
      const r = (p * 7 + k * 3) % RESOURCES;
      const id = `s${r - (r % 3) + (p % 3)}-${["read", "write", "admin"][k % 3]}`;
      if (!ids.includes(id)) {
        ids.push(id);
        ps.run(`p${p}`, id);
      }
    }
    pv.run(`pv${p}`, `p${p}`, JSON.stringify(ids), now);
  }
  const ck = ["human", "pipeline", "job", "service", "key"];
  const cli = conn.prepare(`INSERT INTO "Client" (id, name, kind, status, domainId, owner, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const bind = conn.prepare(`INSERT INTO "Binding" (id, clientId, profileId, expiresAt, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?)`);
  for (let c = 0; c < CLIENTS; c++) {
    cli.run(`c${c}`, `client-${c}`, ck[c % 5], c % 40 === 0 ? "suspended" : "active", `dom-${domains[c % 3]}`, `team-${c % 50}`, now, now);
    for (let b = 0; b < 2; b++) bind.run(`b${c}-${b}`, `c${c}`, `p${(c * 3 + b * 11) % PROFILES}`, b === 1 && c % 10 === 0 ? now : null, now, now);
  }
  conn.exec("COMMIT");
  conn.exec("ANALYZE");
  conn.close();
  return performance.now() - t0;
}

type Stat = { name: string; p50: number; p95: number };

async function measure(name: string, fn: (i: number) => Promise<unknown>): Promise<Stat> {
  for (let i = 0; i < 5; i++) await fn(i); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { name, p50: times[Math.floor(times.length * 0.5)]!, p95: times[Math.floor(times.length * 0.95)]! };
}

async function main() {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await migrate(url);
  const seeded = seed();
  const db = createDb(url);
  console.log(`catalog-lists: ${RESOURCES.toLocaleString("en")} resources, ${(RESOURCES * 3).toLocaleString("en")} scopes, ${PROFILES.toLocaleString("en")} profiles, ${CLIENTS.toLocaleString("en")} clients, ${(CLIENTS * 2).toLocaleString("en")} bindings (fixture ${(seeded / 1000).toFixed(1)} s), ${RUNS} runs each, SQLite\n`);

  const baseline = await measure("baseline: scope by primary key", (i) => db.scope.findUnique({ where: { id: `s${(i * 977) % RESOURCES}-read` } }));
  const secondPage = (await listScopes(db, { limit: 50 })).nextCursor!;
  const stats = [
    await measure("scopes: first page (sorted by name)", () => listScopes(db, { limit: 50 })),
    await measure("scopes: next page (cursor)", () => listScopes(db, { limit: 50, cursor: secondPage })),
    await measure("scopes: search svc-123", (i) => listScopes(db, { q: `svc-${100 + (i % 50)}`, limit: 50 })),
    await measure("scopes: filter env=prod action=write", () => listScopes(db, { environment: "prod", action: "write", limit: 50 })),
    await measure("clients: first page", () => listClients(db, { limit: 50 })),
    await measure("clients: filter kind=pipeline, search", (i) => listClients(db, { kind: "pipeline", q: `client-1${i % 9}`, limit: 50 })),
    await measure("profiles: first page", () => listProfiles(db, { limit: 50 })),
    await measure("resources: filter domain, criticality", () => listResources(db, { domain: "payments", criticality: "critical", limit: 50 })),
    await measure("resource detail (who can reach it)", (i) => getResource(db, `r${(i * 131) % RESOURCES}`)),
    await measure("client detail (effective scopes)", (i) => getClient(db, `c${(i * 37) % CLIENTS}`)),
    await measure("profile detail (versions, clients)", (i) => getProfile(db, `p${(i * 17) % PROFILES}`)),
  ];
  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(`${pad("query", 42)} ${pad("p50 ms", 9)} ${pad("p95 ms", 9)} p95 / baseline p95`);
  console.log(`${pad(baseline.name, 42)} ${pad(baseline.p50.toFixed(2), 9)} ${pad(baseline.p95.toFixed(2), 9)} 1.0`);
  for (const s of stats) console.log(`${pad(s.name, 42)} ${pad(s.p50.toFixed(2), 9)} ${pad(s.p95.toFixed(2), 9)} ${(s.p95 / baseline.p95).toFixed(1)}`);
  const worst = Math.max(...stats.map((s) => s.p95));
  console.log(`\nworst p95: ${worst.toFixed(1)} ms (goal < 50 ms)`);
  await db.$disconnect();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
