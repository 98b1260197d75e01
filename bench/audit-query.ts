// audit-query: the audit page's filtered keyset pages and the hash-chain walk
// at 1,000,000 events (SQLite file under data/bench). Prints p50/p95 per query,
// the ratio to a primary-key lookup on the same table measured in the same run
// (the baseline), the deep-page / first-page ratio, and verifyAuditChain's
// events/s. Run: npx tsx bench/audit-query.ts   (EVENTS=, BENCH_RUNS= to vary)
// The fixture is bulk-inserted with SQL in one transaction (benchmark data, not
// a change; the triggers only refuse UPDATE and DELETE), with a valid chain and
// the subject index (which clients and profiles each event concerns) derived
// as appendAudit derives it. Bindings, credentials and claim rules belong to
// 2,000 clients (a fifth of them to one busy client, ci-hot), bindings and
// claim rules to 1,000 profiles (a quarter to deploy-hot): the busy ones have
// 60,000 and 53,000 events, a typical client ~150.
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { eventHash } from "../lib/audit/hash";
import { subjectsOf } from "../lib/audit/subjects";
import { listEvents, SCAN_BUDGET_MS, SCAN_WINDOW } from "../lib/audit/queries/list-events";
import { verifyAuditChain } from "../lib/audit/verify";
import { createDb } from "../lib/db/client";
import { migrate } from "../lib/db/migrate";

const EVENTS = Number(process.env.EVENTS ?? 1_000_000);
const CHANGES = Math.max(1, Math.floor(EVENTS / 50));
const RUNS = Number(process.env.BENCH_RUNS ?? 100);

const dir = path.resolve("data/bench");
const file = path.join(dir, "audit-query.db");
const url = `file:${file}`;

const entities = ["domain", "environment", "resource", "scope", "profile", "client", "binding", "claimRule", "credential"];
const verbs = ["created", "updated", "deleted"];
const actors = Array.from({ length: 200 }, (_, i) => `user-${i}@acme.example`);
const start = Date.parse("2025-01-01T00:00:00Z");
const STEP_MS = 30_000;
const CLIENTS = 2_000;
const PROFILES = 1_000;
const owned = new Set(["binding", "credential", "claimRule"]);

/** The owners an owned object's snapshot names (credentials have no profile). */
function owners(seq: number, entity: string): Record<string, string> {
  if (!owned.has(entity)) return {};
  // runs of consecutive events (not residues of seq, which would tie an owner to one position in its change request)
  const clientId = seq % 5 === 0 ? "client-hot" : `client-${Math.floor(seq / 7) % CLIENTS}`;
  return entity === "credential" ? { clientId } : { clientId, profileId: seq % 4 === 0 ? "profile-hot" : `profile-${Math.floor(seq / 11) % PROFILES}` };
}

/** Prisma's SQLite DateTime text: 2026-11-23T09:36:07.582+00:00 */
const sqliteTime = (d: Date) => d.toISOString().replace("Z", "+00:00");

function seed(): { ms: number; head: string } {
  const t0 = performance.now();
  const conn = new Database(file);
  conn.pragma("journal_mode = WAL");
  conn.pragma("synchronous = OFF");
  conn.exec("BEGIN");
  const cr = conn.prepare(`INSERT INTO "ChangeRequest" (id, number, title, status, risk, baseVersion, createdAt, updatedAt) VALUES (?, ?, ?, 'applied', 'low', 0, ?, ?)`);
  for (let n = 1; n <= CHANGES; n++) {
    const at = sqliteTime(new Date(start + n * 50 * STEP_MS));
    cr.run(`cr${n}`, n, `Change ${n}`, at, at);
  }
  const client = conn.prepare(`INSERT INTO "Client" (id, name, kind, createdAt, updatedAt) VALUES (?, ?, 'pipeline', ?, ?)`);
  const profile = conn.prepare(`INSERT INTO "Profile" (id, name, createdAt, updatedAt) VALUES (?, ?, ?, ?)`);
  const t0s = sqliteTime(new Date(start));
  for (const n of [...Array.from({ length: CLIENTS }, (_, i) => String(i)), "hot"]) client.run(`client-${n}`, `ci-${n}`, t0s, t0s);
  for (const n of [...Array.from({ length: PROFILES }, (_, i) => String(i)), "hot"]) profile.run(`profile-${n}`, `deploy-${n}`, t0s, t0s);
  const subject = conn.prepare(`INSERT INTO "AuditSubject" (kind, subjectId, seq) VALUES (?, ?, ?)`);
  const noTokens = new Map<string, { clientId: string; profileId: string }>();
  const ins = conn.prepare(
    `INSERT INTO "AuditEvent" (seq, at, actorId, actorLabel, action, targetType, targetId, targetName, changeRequestId, before, after, prevHash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  let prevHash = "";
  for (let seq = 1; seq <= EVENTS; seq++) {
    // events come in change requests of ~50: opened, operations, applied
    const n = Math.min(CHANGES, Math.floor((seq - 1) / 50) + 1);
    const pos = (seq - 1) % 50;
    const entity = entities[(seq * 7) % entities.length]!;
    const action = pos === 0 ? "change.opened" : pos === 49 ? "change.applied" : `${entity}.${verbs[Math.floor(seq / entities.length) % 3]}`;
    const targetType = pos === 0 || pos === 49 ? "changeRequest" : entity;
    const fields = {
      seq,
      at: new Date(start + seq * STEP_MS),
      actorId: null,
      actorLabel: actors[n % actors.length]!,
      action,
      targetType,
      targetId: `${targetType}-${seq % 20_000}`,
      targetName: targetType === "changeRequest" ? `CR-${n}` : `${entity}-${seq % 20_000}`,
      changeRequestId: `cr${n}`,
      before: pos % 3 === 1 ? JSON.stringify({ name: `${entity}-${seq % 20_000}`, description: "before", ...owners(seq, targetType) }) : null,
      after: JSON.stringify({ name: `${entity}-${seq % 20_000}`, description: "after", version: seq % 7, ...owners(seq, targetType) }),
    };
    const hash = eventHash(prevHash, fields);
    ins.run(seq, sqliteTime(fields.at), null, fields.actorLabel, action, targetType, fields.targetId, fields.targetName, fields.changeRequestId, fields.before, fields.after, prevHash, hash);
    for (const r of subjectsOf(fields, noTokens)) subject.run(r.kind, r.subjectId, r.seq);
    prevHash = hash;
  }
  conn.prepare(`UPDATE "CatalogState" SET "auditSeq" = ?, "auditHead" = ?, "crNumber" = ? WHERE id = 1`).run(EVENTS, prevHash, CHANGES);
  conn.exec("COMMIT");
  conn.exec("ANALYZE");
  conn.close();
  return { ms: performance.now() - t0, head: prevHash };
}

type Stat = { name: string; p50: number; p95: number; rows: number };

async function measure(name: string, fn: (i: number) => Promise<{ items: unknown[] } | unknown>, runs = RUNS, warmup = 10): Promise<Stat> {
  let rows = 0;
  for (let i = 0; i < warmup; i++) await fn(i);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = await fn(i);
    times.push(performance.now() - t);
    if (r && typeof r === "object" && "items" in r) rows = (r as { items: unknown[] }).items.length;
  }
  times.sort((a, b) => a - b);
  return { name, p50: times[Math.floor(times.length * 0.5)]!, p95: times[Math.floor(times.length * 0.95)]!, rows };
}

/** First and deep page measured alternately, so machine noise falls on both alike. */
async function measurePair(name: string, first: (i: number) => Promise<{ items: unknown[] }>, deepFn: (i: number) => Promise<{ items: unknown[] }>): Promise<[Stat, Stat]> {
  for (let i = 0; i < 10; i++) {
    await first(i);
    await deepFn(i);
  }
  const a: number[] = [];
  const b: number[] = [];
  let rowsA = 0;
  let rowsB = 0;
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    rowsA = (await first(i)).items.length;
    a.push(performance.now() - t);
    t = performance.now();
    rowsB = (await deepFn(i)).items.length;
    b.push(performance.now() - t);
  }
  const stat = (label: string, times: number[], rows: number): Stat => {
    times.sort((x, y) => x - y);
    return { name: `${name}: ${label}`, p50: times[Math.floor(times.length * 0.5)]!, p95: times[Math.floor(times.length * 0.95)]!, rows };
  };
  return [stat("first page", a, rowsA), stat("deep page", b, rowsB)];
}

async function main() {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await migrate(url);
  const fixture = seed();
  const db = createDb(url);
  console.log(`audit-query: ${EVENTS.toLocaleString("en")} audit events, ${CHANGES.toLocaleString("en")} change requests (fixture ${(fixture.ms / 1000).toFixed(1)} s), ${RUNS} runs each, SQLite, page size 50`);
  const about = (kind: string, subjectId: string) => db.auditSubject.count({ where: { kind, subjectId } });
  console.log(
    `subject index: ${(await db.auditSubject.count()).toLocaleString("en")} rows; events about ci-1234 ${await about("client", "client-1234")}, ci-hot ${(await about("client", "client-hot")).toLocaleString("en")}, deploy-hot ${(await about("profile", "profile-hot")).toLocaleString("en")}\n`,
  );

  const deep = Math.floor(EVENTS / 10); // a cursor 90% of the way down the trail
  const day = new Date(start + Math.floor(EVENTS / 2) * STEP_MS).toISOString().slice(0, 10); // a day in the middle
  const byKey = (i: number) => db.auditEvent.findUnique({ where: { seq: 1 + ((i * 7919) % EVENTS) } });
  const baseline = await measure("baseline: event by primary key (seq)", byKey, RUNS * 3, 200);
  const page = (params: Record<string, unknown>) => () => listEvents(db, { limit: 50, ...params });
  const deepPage = (params: Record<string, unknown>) => () => listEvents(db, { limit: 50, before: deep, ...params });
  const pair = (name: string, params: Record<string, unknown>) => measurePair(name, page(params), deepPage(params));
  const pairs: [Stat, Stat | null][] = [
    await pair("no filter", {}),
    await pair("action=binding.deleted", { action: "binding.deleted" }),
    await pair("action prefix scope.", { action: "scope." }),
    await pair("actor contains user-42@", { actor: "user-42@" }),
    await pair("type=profile", { type: "profile" }),
    [await measure("type=profile, one day: first page", () => listEvents(db, { type: "profile", from: day, to: day, limit: 50 })), null],
    [await measure("actor contains, one day: first page", () => listEvents(db, { actor: "user-4", from: day, to: day, limit: 50 })), null],
    [await measure("change request CR-n: its history", (i) => listEvents(db, { cr: 1 + ((i * 131) % CHANGES), limit: 50 })), null],
    // everything about a client or a profile, through the subject index
    await pair("client=ci-n", { client: "ci-1234" }),
    await pair("client=ci-hot", { client: "ci-hot" }),
    await pair("profile=deploy-hot", { profile: "deploy-hot" }),
    await pair("client=ci-hot, profile=deploy-hot", { client: "ci-hot", profile: "deploy-hot" }),
    [await measure("client=ci-n, profile=deploy-hot", (i) => listEvents(db, { client: `ci-${(i * 37) % CLIENTS}`, profile: "deploy-hot", limit: 50 })), null],
    await pair("client=ci-hot, action=binding.deleted", { client: "ci-hot", action: "binding.deleted" }),
    [await measure("client=ci-n, action prefix credential.", (i) => listEvents(db, { client: `ci-${(i * 37) % CLIENTS}`, action: "credential.", limit: 50 })), null],
    [await measure("client=ci-hot, one day: first page", () => listEvents(db, { client: "ci-hot", from: day, to: day, limit: 50 })), null],
    [await measure("client by a deleted client's name", (i) => listEvents(db, { client: `client-${5_000 + ((i * 7) % 10_000)}`, limit: 50 })), null],
  ];
  // A substring without a match would read the whole table: the search stops after its time budget and returns a cursor.
  const scan = await measure("actor contains (no match): budgeted", () => listEvents(db, { actor: "nobody@", limit: 50 }), 30, 2);
  const subjectScan = await measure("client=ci-hot, actor (no match): budgeted", () => listEvents(db, { client: "ci-hot", actor: "nobody@", limit: 50 }), 30, 2);

  const pad = (s: string, n: number) => s.padEnd(n);
  console.log(`${pad("query", 52)} ${pad("rows", 5)} ${pad("p50 ms", 8)} ${pad("p95 ms", 8)} ${pad("p50/base", 9)} ${pad("p95/base", 9)} deep/first p95`);
  console.log(`${pad(baseline.name, 52)} ${pad("1", 5)} ${pad(baseline.p50.toFixed(2), 8)} ${pad(baseline.p95.toFixed(2), 8)} ${pad("1.0", 9)} 1.0`);
  const row = (s: Stat, ratio = "") =>
    console.log(`${pad(s.name, 52)} ${pad(String(s.rows), 5)} ${pad(s.p50.toFixed(2), 8)} ${pad(s.p95.toFixed(2), 8)} ${pad((s.p50 / baseline.p50).toFixed(1), 9)} ${pad((s.p95 / baseline.p95).toFixed(1), 9)} ${ratio}`);
  const all: Stat[] = [];
  for (const [first, deepStat] of pairs) {
    for (const s of deepStat ? [first, deepStat] : [first]) {
      all.push(s);
      row(s, s === deepStat ? `${(s.p95 / first.p95).toFixed(2)} (p50 ${(s.p50 / first.p50).toFixed(2)})` : "");
    }
  }
  row(scan);
  row(subjectScan);
  const worst = Math.max(...all.map((s) => s.p95));
  const worstDeep = Math.max(...pairs.flatMap(([f, d]) => (d ? [d.p95 / f.p95] : [])));
  console.log(`\nfiltered pages: worst p95 ${worst.toFixed(1)} ms (goal < 100 ms); worst deep/first p95 ${worstDeep.toFixed(2)} (goal <= 1.5)`);
  console.log(`substring filter with no match: p95 ${scan.p95.toFixed(1)} ms (searches windows of ${SCAN_WINDOW.toLocaleString("en")} events for ${SCAN_BUDGET_MS} ms, then returns a cursor)`);
  const full = await measure("the same, searched to the first event", () => listEvents(db, { actor: "nobody@", limit: 50 }, { budgetMs: 60_000 }), 5, 1);
  console.log(`  for comparison, searching all ${EVENTS.toLocaleString("en")} events: p50 ${full.p50.toFixed(1)} ms`);

  const verifyRuns: number[] = [];
  for (let r = 0; r < Number(process.env.VERIFY_RUNS ?? 3); r++) {
    const t = performance.now();
    const result = await verifyAuditChain(db);
    const ms = performance.now() - t;
    if (!result.ok || result.head !== fixture.head) throw new Error(`verify failed: ${JSON.stringify(result)}`);
    verifyRuns.push(result.events / (ms / 1000));
  }
  verifyRuns.sort((a, b) => a - b);
  const fmt = (n: number) => Math.round(n).toLocaleString("en");
  console.log(
    `verifyAuditChain: ${EVENTS.toLocaleString("en")} events, min/median/max ${fmt(verifyRuns[0]!)} / ${fmt(verifyRuns[Math.floor(verifyRuns.length / 2)]!)} / ${fmt(verifyRuns.at(-1)!)} events/s (goal > 50,000)`,
  );
  await db.$disconnect();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
