// What the per-request session check costs: actorForSession (the ConsoleSession
// row with its user, as every console request now does) against actorForUserId
// (the user row alone, what a request cost before sessions were server-side),
// in the same run, on a fresh SQLite database with 20,000 sessions.
//   npx tsx bench/session-check.ts
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { actorForSession } from "../lib/auth/sessions/session-actor";
import { actorForUserId } from "../lib/auth/user-actor";
import { createDb, transaction } from "../lib/db/client";
import { migrate } from "../lib/db/migrate";

const root = path.resolve(import.meta.dirname, "..");
const LOOKUPS = 5_000;
const RUNS = 3;

function quantile(sorted: number[], q: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
const fmt = (ms: number) => `${(ms * 1000).toFixed(0)} µs`;
const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return `min ${fmt(s[0]!)} / median ${fmt(s[Math.floor(s.length / 2)]!)} / max ${fmt(s[s.length - 1]!)}`;
};

async function main() {
  const dir = path.join(root, "data", "bench");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "session-check.db");
  for (const s of ["", "-wal", "-shm"]) rmSync(`${file}${s}`, { force: true });
  await migrate(`file:${file}`, root);
  const db = createDb(`file:${file}`);
  const users = await Promise.all(
    Array.from({ length: 200 }, (_, i) => db.user.create({ data: { email: `user${i}@bench.test`, role: "editor" }, select: { id: true } })),
  );
  const now = new Date();
  const expiresAt = new Date(now.getTime() + 8 * 3_600_000);
  await transaction(db, async (tx) => {
    for (let i = 0; i < 20_000; i++) {
      await tx.consoleSession.create({ data: { userId: users[i % users.length]!.id, method: "password", lastSeenAt: now, expiresAt } });
    }
  });
  const sessions = (await db.consoleSession.findMany({ select: { id: true, userId: true } })).sort(() => Math.random() - 0.5);

  const measure = async (fn: (i: number) => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < LOOKUPS; i++) {
      const t0 = performance.now();
      await fn(i);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return { p50: quantile(times, 0.5), p95: quantile(times, 0.95) };
  };
  const base = { p50: [] as number[], p95: [] as number[] };
  const sess = { p50: [] as number[], p95: [] as number[] };
  for (let r = 0; r < RUNS; r++) {
    const b = await measure((i) => actorForUserId(db, sessions[i]!.userId));
    const s = await measure((i) => actorForSession(db, sessions[i]!.id, now));
    base.p50.push(b.p50), base.p95.push(b.p95), sess.p50.push(s.p50), sess.p95.push(s.p95);
  }
  console.log(`${LOOKUPS} lookups per run, ${RUNS} runs, 20,000 sessions of 200 users (SQLite)`);
  console.log(`baseline actorForUserId   p50 ${summary(base.p50)}; p95 ${summary(base.p95)}`);
  console.log(`actorForSession           p50 ${summary(sess.p50)}; p95 ${summary(sess.p95)}`);
  const ratio = sess.p50.map((s, i) => s / base.p50[i]!);
  console.log(`session / baseline (p50)  ${ratio.map((x) => x.toFixed(2)).join(", ")}`);
  await db.$disconnect();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
