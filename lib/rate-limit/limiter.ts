// A small generic rate limiter over rate-limiter-flexible: `take(key)` spends
// one request of the key's budget and answers 0 (go) or the whole seconds to
// wait. Budgets are fixed windows of `points` per `durationSeconds`, kept in
// the store (./store.ts) so every instance spends the same budget.
//
// The hot path stays in memory: an instance leases budget from the shared
// store in chunks (`lease` points at a time) and hands it out locally, and a
// key the store refused is blocked in memory until its window ends. A lease
// never gives out more than the store granted, so instances together never
// exceed the budget; at most (lease - 1) per instance and key go unused in a
// window (the limit is a little stricter, never looser). When the store is
// unreachable an in-memory limiter per instance answers (insurance). On the
// memory store (the single-node SQLite default) the process is the only
// spender: the window's budget is counted here, no store asked, and `take`
// answers synchronously.
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { LimitStore } from "./store";

export type LimiterOptions = {
  /** the budget's name, a key prefix in the store ("token-address") */
  name: string;
  points: number;
  durationSeconds: number;
  /** points leased from a shared store at a time (default: a tenth of the budget, at least 1) */
  lease?: number;
};

export type Limiter = {
  readonly store: LimitStore["kind"];
  /** 0 when allowed, else whole seconds until the key's window ends (synchronously when no store is asked) */
  take(key: string, now?: number): number | Promise<number>;
  /** resolves once the store is ready (PostgreSQL: its table exists) */
  ready: Promise<void>;
};

type Local = { left: number; until: number; blockedUntil: number; leasing: Promise<void> | null };

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

export function createLimiter(store: LimitStore, o: LimiterOptions): Limiter {
  if (!(o.durationSeconds > 0)) throw new Error(`rate limit ${o.name}: the window must be longer than 0 seconds`);
  const base = { keyPrefix: `perimeter:${o.name}`, points: o.points, duration: o.durationSeconds };
  const insurance = new RateLimiterMemory(base);
  let limiter: RateLimiterAbstract;
  let ready: Promise<void> = Promise.resolve();
  if (store.kind === "redis") {
    limiter = new RateLimiterRedis({ ...base, storeClient: store.client, insuranceLimiter: insurance });
    const client = store.client;
    ready =
      client.status === "ready"
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error("Redis did not answer within 5 s")), 5_000);
            client.once("ready", () => {
              clearTimeout(timer);
              resolve();
            });
          });
  } else if (store.kind === "postgres") {
    ready = new Promise<void>((resolve, reject) => {
      limiter = new RateLimiterPostgres({ ...base, storeClient: store.pool, storeType: "pool", tableName: store.tableName, insuranceLimiter: insurance }, (err?: unknown) =>
        err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(),
      );
    }).catch(async () => {
      // two instances creating the table at once: one loses the race, the table exists all the same
      await new Promise<void>((resolve, reject) => {
        limiter = new RateLimiterPostgres({ ...base, storeClient: store.pool, storeType: "pool", tableName: store.tableName, insuranceLimiter: insurance }, (err?: unknown) =>
          err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(),
        );
      });
    });
  } else limiter = insurance;

  const chunk = Math.max(1, Math.min(o.lease ?? Math.floor(o.points / 10), o.points));
  const locals = new Map<string, Local>();

  const lease = async (key: string, l: Local) => {
    try {
      const r = await limiter.consume(key, chunk);
      l.left = chunk;
      l.until = Date.now() + r.msBeforeNext;
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      // the store's window is spent: block here until it ends, without asking the store again
      l.left = 0;
      l.blockedUntil = Date.now() + e.msBeforeNext;
    }
  };

  const take = (key: string, now = Date.now()): number | Promise<number> => {
    let l = locals.get(key);
    if (!l) {
      if (locals.size > 100_000) for (const [k, v] of locals) if (v.until <= now && v.blockedUntil <= now && !v.leasing) locals.delete(k);
      l = { left: 0, until: 0, blockedUntil: 0, leasing: null };
      locals.set(key, l);
    }
    if (store.kind !== "memory") return leased(key, l, now);
    // a fixed window from the first take after the previous one ended, as the shared stores keep it (and a
    // new one when the clock stepped back past the window's start)
    if (l.until <= now || l.until - now > o.durationSeconds * 1000) {
      l.until = now + o.durationSeconds * 1000;
      l.left = o.points;
    }
    if (l.left < 1) return seconds(l.until - now);
    l.left--;
    return 0;
  };

  /** A take on a shared store: from the budget leased, else after leasing more. */
  const leased = async (key: string, l: Local, now: number): Promise<number> => {
    for (;;) {
      if (l.blockedUntil > now) return seconds(l.blockedUntil - now);
      if (l.left > 0 && l.until > now) {
        l.left--;
        return 0;
      }
      if (!l.leasing) {
        const cur = l;
        cur.leasing = lease(key, cur).finally(() => {
          cur.leasing = null;
        });
      }
      await l.leasing;
      now = Date.now();
    }
  };

  ready.catch(() => {}); // a caller that never awaits it must not crash the process
  return { store: store.kind, take, ready };
}
