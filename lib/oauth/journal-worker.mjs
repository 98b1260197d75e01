// The SQLite journal's writer thread (./journal-store.ts); it also answers
// the token service's few periodic reads and writes (signal stamps, credential
// rows, last-use times), so none of them runs on the event loop. It runs one batch of
// statements in an IMMEDIATE transaction on its own better-sqlite3
// connection, so the commit and any wait for another writer's lock happen
// here and never on the event loop. WAL with synchronous=NORMAL, as every
// other connection of the SQLite default (better-sqlite3's default): a commit
// survives a crash of the process; a power loss may drop the last commits. The batch is
// written only if the audit chain head is still the one the batch was chained
// to (the caller computed the hashes); otherwise nothing is written and the
// current head is returned, so the caller chains again. Plain JavaScript: a
// worker cannot load TypeScript here.
import { parentPort, workerData } from "node:worker_threads";
import Database from "better-sqlite3";

const db = new Database(workerData.file, { timeout: 10_000 });
db.pragma("journal_mode = WAL");
db.pragma("synchronous = NORMAL");
db.pragma("foreign_keys = ON");
// Checkpoint after ~40 MB of WAL instead of SQLite's ~4 MB: every grant's commit rewrites the same
// hot pages (the chain head, the ends of the sequential indexes), and a checkpoint copies each page
// once however often it changed; ~10% more grants/s at 10 connections here (bench/token-peer.ts).
db.pragma("wal_autocheckpoint = 10000");
let head = null;
const prepared = new Map();
const statement = (sql) => {
  let s = prepared.get(sql);
  if (!s) prepared.set(sql, (s = db.prepare(sql)));
  return s;
};

// a batch's statements by their place in the list the store started this thread with; these and the
// chain head's read are prepared on first use (a database not yet migrated fails that batch, not the thread)
const writes = [];
const write = (i) => (writes[i] ??= db.prepare(workerData.writes[i]));

const run = db.transaction((expect, statements) => {
  const state = (head ??= db.prepare(`SELECT "auditSeq", "auditHead" FROM "CatalogState" WHERE "id" = 1`)).get();
  if (!expect || state.auditSeq !== expect.seq || state.auditHead !== expect.head) return { stale: { seq: state.auditSeq, head: state.auditHead } };
  for (const [i, params] of statements) write(i).run(...params);
  return { ok: true };
});

const exec = db.transaction((statements) => {
  for (const [sql, params] of statements) statement(sql).run(...params);
});

parentPort.on("message", (m) => {
  try {
    if (m.kind === "query") return parentPort.postMessage({ id: m.id, ok: true, rows: statement(m.sql).all(...m.params) });
    if (m.kind === "exec") {
      exec.immediate(m.statements);
      return parentPort.postMessage({ id: m.id, ok: true });
    }
    if (m.kind === "ping") {
      db.prepare("SELECT 1").get();
      return parentPort.postMessage({ id: m.id, ok: true });
    }
    if (m.kind === "close") {
      db.close();
      return parentPort.postMessage({ id: m.id, ok: true });
    }
    parentPort.postMessage({ id: m.id, ...run.immediate(m.expect, m.statements) });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: e instanceof Error ? e.message : String(e), code: e?.code });
  }
});
