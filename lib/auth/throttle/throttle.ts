// Console sign-in throttle, per account and per client address, in the shared
// database so every instance counts the same attempts. An attempt is counted
// BEFORE the password is checked (and un-counted when it succeeds), by
// compare-and-set on the row's version: parallel guesses cannot all slip in
// while the first is still being verified, on one instance or several.
import { appendAudit } from "../../audit/append";
import { transaction, type Db, type Tx } from "../../db/client";
import { addressBucket } from "../../rate-limit/client-address";
import { accountPolicy, addressPolicy, waitAfter, type ThrottlePolicy } from "./policy";

export type ThrottleKey = { key: string; policy: ThrottlePolicy; kind: "account" | "address"; name: string };

export type Reservation = { ok: true } | { ok: false; retryAfterMs: number };

/** The keys one attempt counts against (an IPv6 address by its /64). */
export function throttleKeys(email: string, address: string | null): ThrottleKey[] {
  const bucket = address && addressBucket(address);
  return [
    ...(bucket ? [{ key: `address:${bucket}`, policy: addressPolicy, kind: "address" as const, name: bucket }] : []),
    { key: `account:${email}`, policy: accountPolicy, kind: "account" as const, name: email },
  ];
}

const isUniqueViolation = (e: unknown) => (e as { code?: string } | null)?.code === "P2002";
const ROUNDS = 8;

type Row = { version: number } | null;
type Counted = { failures: number; lastFailureAt: Date; blockedUntil: Date | null };

/** Compare-and-set: false when another attempt changed the row since it was read. */
async function write(db: Tx, k: ThrottleKey, row: Row, data: Counted, now: Date): Promise<boolean> {
  if (row) {
    const { count } = await db.signInThrottle.updateMany({ where: { key: k.key, version: row.version }, data: { ...data, version: row.version + 1 } });
    if (count === 0) return false;
  } else {
    await db.signInThrottle.create({ data: { key: k.key, ...data } });
  }
  if (data.failures === k.policy.lockAfter) {
    await appendAudit(db, { id: null, label: k.name }, [
      { action: "user.sign_in_locked", targetType: k.kind, targetName: k.name, after: { failures: data.failures, lockedUntil: data.blockedUntil } },
    ], now);
  }
  return true;
}

async function reserveOne(client: Db, k: ThrottleKey, now: Date): Promise<Reservation> {
  for (let round = 0; round < ROUNDS; round++) {
    const row = await client.signInThrottle.findUnique({ where: { key: k.key } });
    if (row?.blockedUntil && row.blockedUntil > now) return { ok: false, retryAfterMs: row.blockedUntil.getTime() - now.getTime() };
    const remembered = row && now.getTime() - row.lastFailureAt.getTime() < k.policy.forgetAfterMs ? row.failures : 0;
    const failures = remembered + 1;
    const wait = waitAfter(k.policy, failures);
    const data = { failures, lastFailureAt: now, blockedUntil: wait ? new Date(now.getTime() + wait) : null };
    const lockoutBegins = failures === k.policy.lockAfter;
    try {
      // the lockout's beginning is audited with the write that begins it; other
      // counts are single statements (no transaction held across awaits)
      const won = lockoutBegins ? await transaction(client, (tx) => write(tx, k, row, data, now)) : await write(client, k, row, data, now);
      if (won) return { ok: true };
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
    }
  }
  // lost every race: so many attempts at once is itself a reason to wait
  return { ok: false, retryAfterMs: 1_000 };
}

/**
 * Counts an attempt against every key, or refuses it with how long to wait.
 * A refused attempt tests no password, so it counts against nothing: hammering
 * a locked account does not also lock the address, nor the other way round.
 */
export async function reserveAttempt(client: Db, keys: ThrottleKey[], now = new Date()): Promise<Reservation> {
  sweepNow(client, now);
  const rows = await client.signInThrottle.findMany({ where: { key: { in: keys.map((k) => k.key) } }, select: { blockedUntil: true } });
  const blocked = Math.max(0, ...rows.map((r) => (r.blockedUntil ? r.blockedUntil.getTime() - now.getTime() : 0)));
  if (blocked > 0) return { ok: false, retryAfterMs: blocked };
  for (const k of keys) {
    const r = await reserveOne(client, k, now);
    if (!r.ok) return r;
  }
  return { ok: true };
}

/** A successful sign-in: the account starts afresh; the address only gets this attempt back (one success does not excuse its other failures). */
export async function attemptSucceeded(client: Db, keys: ThrottleKey[]): Promise<void> {
  for (const k of keys) {
    if (k.kind === "account") await client.signInThrottle.deleteMany({ where: { key: k.key } });
    else await client.signInThrottle.updateMany({ where: { key: k.key, failures: { gt: 0 } }, data: { failures: { decrement: 1 }, version: { increment: 1 } } });
  }
}

// Rows of keys nobody has tried for a day are dropped now and then, so guessed
// e-mail addresses do not pile up.
let attemptsSinceSweep = 0;
function sweepNow(client: Db, now: Date) {
  if (++attemptsSinceSweep < 200) return;
  attemptsSinceSweep = 0;
  sweepThrottle(client, now).catch((e: unknown) => console.error("sign-in throttle sweep failed:", e instanceof Error ? e.message : e));
}

/** Removes every row of keys tried longer ago than `olderThanMs` and no longer blocked (tests and operators). */
export async function sweepThrottle(client: Db, now = new Date(), olderThanMs = 86_400_000): Promise<number> {
  const cutoff = new Date(now.getTime() - olderThanMs);
  const { count } = await client.signInThrottle.deleteMany({
    where: { lastFailureAt: { lt: cutoff }, OR: [{ blockedUntil: null }, { blockedUntil: { lt: now } }] },
  });
  return count;
}
