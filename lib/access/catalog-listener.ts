// How a follower (./follower.ts) hears of catalog commits without waiting for
// a request: PostgreSQL LISTEN on CATALOG_CHANNEL (the applying transaction
// NOTIFYs; the payload is not trusted), this process's own commits, and a poll that catches
// what a dropped connection missed (every 10 ms on SQLite, where it is one
// local read of a few microseconds; 1 s on PostgreSQL). The LISTEN
// connection, idle otherwise, is lent to the follower for its version reads
// while it is up. Returns stop().
import pg from "pg";
import type { Provider } from "../db/provider";
import { CATALOG_CHANNEL, onLocalCatalogCommit } from "./catalog-version";

export type CatalogListenerOptions = {
  url: string | undefined;
  provider: Provider;
  /** apply this process's own commits at once (false: behave as another instance) */
  local: boolean;
  pollMs?: number;
  /** read what is committed now and apply it */
  catchUp(): Promise<unknown>;
  /** a catch-up is under way (the poll skips its turn) */
  busy(): boolean;
  /** the LISTEN connection, once up; null once down */
  connection(c: pg.Client | null): void;
};

export function listenForCatalog(o: CatalogListenerOptions): () => Promise<void> {
  let stopped = false;
  let current: pg.Client | null = null;
  const lend = (c: pg.Client | null) => {
    current = c;
    o.connection(c);
  };
  const quietly = (p: Promise<unknown>) => void p.catch(() => {});
  // a commit in this process (of this database or another one: the fence reads which)
  const offLocal = o.local ? onLocalCatalogCommit(() => quietly(o.catchUp())) : () => {};
  const timer = setInterval(() => {
    if (!o.busy()) quietly(o.catchUp());
  }, o.pollMs ?? (o.provider === "postgres" ? 1_000 : 10));
  timer.unref();
  quietly(o.catchUp());

  let retry: NodeJS.Timeout | null = null;
  const connect = async () => {
    if (stopped || !o.url) return;
    // keepAlive and a query timeout: a half-open connection must not hold the fence's reads (they fall back to the pool)
    const c = new pg.Client({ connectionString: o.url, keepAlive: true, query_timeout: 5_000 });
    const again = () => {
      if (current === c) lend(null);
      c.removeAllListeners("notification");
      c.end().catch(() => {});
      if (stopped || retry) return;
      retry = setTimeout(() => {
        retry = null;
        void connect();
      }, 1_000);
      retry.unref();
    };
    c.on("error", again);
    c.on("end", again);
    // A notification is a hint to read, never a version to believe: any role that can connect may
    // NOTIFY, and a version nothing committed would cost every instance a full reload (the follower
    // takes a missing record for a gap). Concurrent catch-ups share their version reads.
    c.on("notification", () => quietly(o.catchUp()));
    try {
      await c.connect();
      await c.query(`LISTEN ${CATALOG_CHANNEL}`);
      if (stopped) return void c.end().catch(() => {});
      lend(c);
      // whatever was committed while we were not listening
      quietly(o.catchUp());
    } catch {
      again();
    }
  };
  if (o.provider === "postgres") void connect();

  return async () => {
    stopped = true;
    offLocal();
    clearInterval(timer);
    if (retry) clearTimeout(retry);
    const c = current;
    lend(null);
    await c?.end().catch(() => {});
  };
}
