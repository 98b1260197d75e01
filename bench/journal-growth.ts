// journal-growth: what recording a grant costs as the record grows. The token
// service's journal (lib/oauth/journal.ts with its SQLite store, the writer
// thread) commits rounds of 4 concurrent token.issued entries (Token row,
// chained audit event, subject rows), on an empty database and again after
// BENCH_TOKENS more tokens were recorded through it. The same on a second
// database with the previous design as the baseline, in the same run: random
// jti values (144 bits from the CSPRNG) and a unique index on AuditEvent.hash,
// each an insert on a random index page. Figures: wall time and process CPU per
// round (p50 and mean), growth (at BENCH_TOKENS / empty) and the product's
// cost over the baseline's at BENCH_TOKENS.
// Run: npx tsx bench/journal-growth.ts   (BENCH_TOKENS=300000 BENCH_ROUNDS=2000)
import { randomBytes } from "node:crypto";
import Database from "better-sqlite3";
import { sqlitePath } from "../lib/db/provider";
import { newTokenId } from "../lib/crypto/token-id";
import { HotJournal } from "../lib/oauth/journal";
import { openJournalStore } from "../lib/oauth/journal-store";
import { prepareDatabase } from "./lib/harness";

const TOKENS = Number(process.env.BENCH_TOKENS ?? 300_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2_000);
const PER_ROUND = 4;

type Design = { label: string; url: string; jti: () => string; journal: HotJournal; client: { id: string; name: string }; profile: { id: string; name: string } };

async function design(label: string, jti: () => string, ddl?: string): Promise<Design> {
  const fx = await prepareDatabase(`journal-growth-${label}`);
  const conn = new Database(sqlitePath(fx.url));
  if (ddl) conn.exec(ddl);
  const client = conn.prepare(`SELECT "id", "name" FROM "Client" WHERE "name" = ?`).get(fx.clientName) as { id: string; name: string };
  const profile = conn.prepare(`SELECT p."id", p."name" FROM "Profile" p JOIN "Binding" b ON b."profileId" = p."id" WHERE b."clientId" = ?`).get(client.id) as { id: string; name: string };
  conn.close();
  return { label, url: fx.url, jti, journal: new HotJournal(openJournalStore(fx.url)), client, profile };
}

/** One grant's record, as lib/oauth/access-tokens.ts writes it. */
function grant(d: Design): Promise<void> {
  const now = Date.now();
  const iat = Math.floor(now / 1000);
  const jti = d.jti();
  const scope = "bench-db:read bench-db:write";
  return d.journal.write(
    { id: null, label: `client:${d.client.name}` },
    {
      action: "token.issued",
      targetType: "client",
      targetId: d.client.id,
      targetName: d.client.name,
      after: { jti, grant: "client_credentials", via: "client_secret_basic", profile: d.profile.name, profileVersion: 1, scope, exp: new Date((iat + 900) * 1000).toISOString() },
    },
    { at: new Date(now), token: { jti, clientId: d.client.id, profileId: d.profile.id, profileVersion: 1, scope, audience: "dev/bench-db", issuedAt: new Date(iat * 1000), expiresAt: new Date((iat + 900) * 1000) } },
  );
}

type Phase = { p50: number; mean: number; cpu: number };

async function rounds(d: Design): Promise<Phase> {
  const walls: number[] = [];
  const c0 = process.cpuUsage();
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    await Promise.all(Array.from({ length: PER_ROUND }, () => grant(d)));
    walls.push(performance.now() - t0);
  }
  const c = process.cpuUsage(c0);
  walls.sort((a, b) => a - b);
  return { p50: walls[Math.floor(walls.length / 2)]!, mean: walls.reduce((a, b) => a + b, 0) / walls.length, cpu: (c.user + c.system) / 1000 / ROUNDS };
}

async function fill(d: Design) {
  for (let n = 0; n < TOKENS; n += 500) await Promise.all(Array.from({ length: Math.min(500, TOKENS - n) }, () => grant(d)));
}

const product = await design("product", () => newTokenId());
const baseline = await design("random-jti", () => randomBytes(18).toString("base64url"), `CREATE UNIQUE INDEX "AuditEvent_hash_key" ON "AuditEvent"("hash")`);
const fmt = (p: Phase) => `wall p50 ${p.p50.toFixed(3)} ms  mean ${p.mean.toFixed(3)} ms  cpu ${p.cpu.toFixed(3)} ms`;
console.log(`journal-growth: rounds of ${PER_ROUND} concurrent grants' records (SQLite, the writer thread), ${ROUNDS} rounds, empty and after ${TOKENS.toLocaleString("en-US")} tokens`);
const designs = [product, baseline];
const empty = new Map<Design, Phase>();
const grown = new Map<Design, Phase>();
try {
  // each phase of the two designs back to back, so neither meets a different machine
  for (const d of designs) await rounds(d); // warm-up
  for (const d of designs) empty.set(d, await rounds(d));
  for (const d of designs) {
    const t0 = performance.now();
    await fill(d);
    console.log(`${d.label.padEnd(12)} recorded ${TOKENS.toLocaleString("en-US")} more tokens in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  for (const d of designs) grown.set(d, await rounds(d));
  for (const d of designs) {
    console.log(`${d.label.padEnd(12)} empty: ${fmt(empty.get(d)!)}`);
    console.log(`${d.label.padEnd(12)} at ${TOKENS.toLocaleString("en-US")}: ${fmt(grown.get(d)!)}`);
  }
  const p = { empty: empty.get(product)!, grown: grown.get(product)! };
  const b = { empty: empty.get(baseline)!, grown: grown.get(baseline)! };
  console.log(`growth (at ${TOKENS.toLocaleString("en-US")} / empty, mean wall): product ${(p.grown.mean / p.empty.mean).toFixed(2)}x, baseline ${(b.grown.mean / b.empty.mean).toFixed(2)}x`);
  console.log(`product / baseline at ${TOKENS.toLocaleString("en-US")}: wall ${(p.grown.mean / b.grown.mean).toFixed(2)}x, cpu ${(p.grown.cpu / b.grown.cpu).toFixed(2)}x`);
} finally {
  await product.journal.close();
  await baseline.journal.close();
}
