// Prisma's SQLite adapter runs every query on one connection, and SQLite's
// BEGIN holds that connection: while a transaction awaits real I/O (a hash on
// the threadpool, a signature, a fetch), a query another request issues
// outside it would run inside it — reading rows that may yet be rolled back,
// and losing its own writes when they are. The adapter already runs one
// transaction at a time; this gate makes every write outside a transaction
// wait until none is open or waiting to open. Reads outside a transaction go
// to a second connection (a file database is in WAL mode: a reader sees what
// is committed and waits for no writer), so a long transaction — a change's
// analysis at scale — stalls no page; and a transaction gives the event loop a
// turn every few milliseconds. (PostgreSQL gives each transaction a
// connection of its own: nothing to gate there.)
import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

type Adapter = Awaited<ReturnType<PrismaBetterSQLite3["connect"]>>;
type Tx = Awaited<ReturnType<Adapter["startTransaction"]>>;

/** The factory, its connections gated (see above); `readsApart`: a file database (not `:memory:`, one database per connection). */
export function gateTransactions(factory: PrismaBetterSQLite3, { readsApart }: { readsApart: boolean }): PrismaBetterSQLite3 {
  const connect = factory.connect.bind(factory);
  factory.connect = async () => gated(await connect(), readsApart ? await connect() : null);
  return factory;
}

const READ = /^\s*SELECT\b/i;
const WRITE = /^\s*(INSERT|UPDATE|DELETE|REPLACE)\b/i;
const ENDING = /^\s*(COMMIT|ROLLBACK)\b/i;
/**
 * How long a transaction holds the event loop before other work gets a turn: better-sqlite3
 * answers synchronously, so a transaction's awaits never yield by themselves, and a change at
 * scale (~100 queries) would hold every request for its whole run. The gate keeps the others out.
 * Turns begin at the transaction's first write, once it holds SQLite's write lock: had another
 * connection (the journal's thread) committed between its reads and that write, the write would
 * fail (SQLITE_BUSY_SNAPSHOT).
 */
const TURN_MS = 4;

function gated(adapter: Adapter, reads: Adapter | null): Adapter {
  /** transactions open or waiting for the adapter's lock */
  let transactions = 0;
  const wake: (() => void)[] = [];
  const ended = () => {
    if (--transactions === 0) for (const w of wake.splice(0)) w();
  };
  // the adapter runs the statement synchronously when called: nothing can BEGIN between this check and it
  const outside = async <T>(run: () => Promise<T>): Promise<T> => {
    while (transactions > 0) await new Promise<void>((r) => wake.push(r));
    return run();
  };
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (q) => (reads && READ.test(q.sql) ? reads.queryRaw(q) : outside(() => adapter.queryRaw(q))),
    executeRaw: (q) => outside(() => adapter.executeRaw(q)),
    executeScript: (script) => outside(() => adapter.executeScript(script)),
    dispose: async () => {
      await reads?.dispose();
      await adapter.dispose();
    },
    startTransaction: async (isolationLevel) => {
      // counted before the lock is taken: a query that comes after a transaction asked for it waits for it
      transactions++;
      let tx: Tx;
      try {
        tx = await adapter.startTransaction(isolationLevel);
      } catch (e) {
        ended();
        throw e;
      }
      let open = true;
      let writing = false;
      let closing = false;
      let turn = 0;
      const end = () => {
        if (open) {
          open = false;
          ended();
        }
      };
      /** Every statement of the transaction: its turn, then the statement (a closing one rolled back when it fails). */
      const statement = async <T>(sql: string, run: () => Promise<T>): Promise<T> => {
        if (writing && performance.now() - turn > TURN_MS) {
          await new Promise((r) => setImmediate(r));
          turn = performance.now();
          // ended meanwhile (Prisma's timeout, a failing branch): nothing more runs in its name
          if (!open || closing) throw new Error("the transaction ended while this statement waited for its turn");
        }
        if (!ENDING.test(sql)) {
          if (!writing && WRITE.test(sql)) {
            writing = true;
            turn = performance.now();
          }
          return run();
        }
        closing = true;
        // Prisma ends a transaction with a COMMIT or ROLLBACK statement, then commit() or rollback();
        // when the statement fails (SQLite may already have rolled back on its own: a full disk), it
        // calls neither. Rolled back here then, so the adapter's lock and this gate are released.
        try {
          return await run();
        } catch (e) {
          await tx.executeRaw({ sql: "ROLLBACK", args: [], argTypes: [] }).catch(() => {});
          await tx.rollback().finally(end);
          throw e;
        }
      };
      return {
        provider: tx.provider,
        adapterName: tx.adapterName,
        options: tx.options,
        queryRaw: (q) => statement(q.sql, () => tx.queryRaw(q)),
        executeRaw: (q) => statement(q.sql, () => tx.executeRaw(q)),
        commit: () => tx.commit().finally(end),
        rollback: () => tx.rollback().finally(end),
      };
    },
  };
}
