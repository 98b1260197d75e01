// How the journal (./journal.ts) commits one batch: Token rows and their
// audit events in one transaction, in raw parameterised SQL on a connection
// of its own — no Prisma query compilation or interactive-transaction
// machinery per batch (they cost ~20 ms a batch here; this costs about one
// fsync). The audit rows are chained exactly as appendAudit
// (../audit/append.ts) chains them: the CatalogState row is updated first
// (PostgreSQL: a row lock; SQLite: the write lock), so sequence numbers and
// hashes never fork with other writers; the same eventHash and subjectsOf
// rules (../audit/hash.ts, ../audit/subjects.ts), the owners of the batch's
// tokens taken from the batch itself.
//
// SQLite: better-sqlite3 in a writer thread (./journal-worker.mjs), WAL with
// synchronous=NORMAL like every connection of the SQLite default (a commit
// survives a process crash; a power loss may drop the last ones; PostgreSQL
// commits are durable outright): the commit, and any wait for another
// writer's lock, never block the event loop
// (and cannot deadlock with a transaction of this very process). The hashes
// are computed here against the chain head last seen; the thread writes only
// if the head has not moved, else answers the new head and the batch is
// chained again.
import { timeOrderedId } from "../crypto/time-ordered-id";
import { isoTime } from "../iso-time";
import { Worker } from "node:worker_threads";
import pg from "pg";
import type { Actor, NewAuditEvent } from "../audit/append";
import { eventHash, type ChainedFields } from "../audit/hash";
import { subjectsOf, type AuditSubjectRow, type TokenOwner } from "../audit/subjects";
import { providerOf, sqlitePath } from "../db/provider";
import type { ApiTokenRow } from "../auth/api-tokens";
import type { TokenRow } from "./journal";

export type BatchEntry = { actor: Actor; event: NewAuditEvent; at: Date; token?: TokenRow; requestId?: string | null };

/** A credential row as the token service's index keeps it (times in epoch ms). */
export type CredentialRow = { id: string; hash: string; revokedAt: number | null; expiresAt: number | null; client: { id: string; name: string; status: string } };

export type JournalStore = {
  writeBatch(batch: BatchEntry[]): Promise<void>;
  /** the credential row of a secret's prefix (raw SQL, no query compilation) */
  credentialByPrefix(prefix: string): Promise<CredentialRow | null>;
  /** an API token's row and creator by its prefix (raw SQL, no query compilation) */
  apiTokenByPrefix(prefix: string): Promise<ApiTokenRow | null>;
  /** records when credentials or API tokens were last used */
  touchLastUsed(table: LastUsedTable, uses: [id: string, at: Date][]): Promise<void>;
  /** the "oauth.signal.*" stamps (./signals.ts polls them) */
  signalStamps(): Promise<{ key: string; value: string }[]>;
  /** whether the database answers at all (a failing batch is then the batch's fault) */
  reachable(): Promise<boolean>;
  close(): Promise<void>;
};

export type LastUsedTable = "Credential" | "ApiToken";
/** the statements by table: the table name is never interpolated from a value */
const LAST_USED = {
  sqlite: { Credential: `UPDATE "Credential" SET "lastUsedAt" = ? WHERE "id" = ?`, ApiToken: `UPDATE "ApiToken" SET "lastUsedAt" = ? WHERE "id" = ?` },
  postgres: { Credential: `UPDATE "Credential" SET "lastUsedAt" = $1 WHERE "id" = $2`, ApiToken: `UPDATE "ApiToken" SET "lastUsedAt" = $1 WHERE "id" = $2` },
} as const;

type AuditRow = { fields: ChainedFields; prevHash: string; hash: string; requestId: string | null };

const json = (v: unknown): string | null => (v === undefined || v === null ? null : JSON.stringify(v));

/** The chained rows and subject rows of a batch appended after (seq, head). */
export function chain(batch: BatchEntry[], lastSeq: number, head: string): { rows: AuditRow[]; subjects: AuditSubjectRow[]; head: string } {
  // consecutive events of one actor share a timestamp (the last one's), as appendAudit's groups do
  const ats: Date[] = new Array(batch.length);
  for (let i = batch.length - 1; i >= 0; i--) {
    const next = batch[i + 1];
    const same = next && next.actor.label === batch[i]!.actor.label && next.actor.id === batch[i]!.actor.id;
    ats[i] = same ? ats[i + 1]! : batch[i]!.at;
  }
  const owners = new Map<string, TokenOwner>();
  for (const e of batch) if (e.token) owners.set(e.token.jti, { clientId: e.token.clientId, profileId: e.token.profileId });
  let prevHash = head;
  let seq = lastSeq;
  const rows: AuditRow[] = [];
  const subjects: AuditSubjectRow[] = [];
  batch.forEach((b, i) => {
    seq += 1;
    const fields: ChainedFields = {
      seq,
      at: ats[i]!,
      actorId: b.actor.id,
      actorLabel: b.actor.label,
      action: b.event.action,
      targetType: b.event.targetType,
      targetId: b.event.targetId ?? "",
      targetName: b.event.targetName ?? "",
      changeRequestId: b.event.changeRequestId ?? null,
      before: json(b.event.before),
      after: json(b.event.after),
    };
    const hash = eventHash(prevHash, fields);
    rows.push({ fields, prevHash, hash, requestId: b.requestId ?? null });
    // the jti at hand, so the JSON just written is not parsed back for it
    for (const s of subjectsOf(fields, owners, (b.event.after as { jti?: unknown } | null | undefined)?.jti)) subjects.push(s);
    prevHash = hash;
  });
  return { rows, subjects, head: prevHash };
}

/** SQLite keeps DateTime as Prisma writes it: ISO 8601 text with "+00:00". */
const sqliteTime = (d: Date) => `${isoTime(d.getTime()).slice(0, -1)}+00:00`;

type WorkerReply = { id: number; ok?: true; stale?: { seq: number; head: string }; rows?: unknown[]; error?: string; code?: string };

function sqliteStore(file: string): JournalStore {
  // a batch's statements name their SQL by its place in WRITE_SQL (prepared in the thread on first use), not by its text
  const worker = new Worker(new URL("./journal-worker.mjs", import.meta.url), { workerData: { file, writes: WRITE_SQL } });
  worker.unref();
  let next = 0;
  const waiting = new Map<number, (r: WorkerReply) => void>();
  /** why the thread is gone, once it is: what is asked after that fails at once instead of waiting forever */
  let stopped: string | null = null;
  const fail = (e: unknown) => {
    // what a worker throws may arrive without a message: an answer without an error would read as success
    const why = (e instanceof Error && e.message) || "the journal's writer thread failed";
    stopped ??= why;
    for (const [, done] of waiting) done({ id: -1, error: why });
    waiting.clear();
  };
  worker.on("message", (r: WorkerReply) => {
    waiting.get(r.id)?.(r);
    waiting.delete(r.id);
  });
  worker.on("error", fail);
  worker.on("exit", () => fail(new Error("the journal's writer thread stopped")));
  const ask = (m: Record<string, unknown>) =>
    new Promise<WorkerReply>((resolve) => {
      if (stopped !== null) return resolve({ id: -1, error: stopped });
      const id = next++;
      waiting.set(id, resolve);
      worker.ref(); // keep the process alive while a batch is in flight
      worker.postMessage({ id, ...m });
    }).finally(() => {
      if (waiting.size === 0) worker.unref();
    });
  // the chain head this store last wrote or saw; another writer moving it makes the worker answer "stale"
  let known: { seq: number; head: string } | null = null;
  return {
    async writeBatch(batch) {
      for (let attempt = 0; attempt < 50; attempt++) {
        const statements: [Write, unknown[]][] = [];
        for (const b of batch) {
          const t = b.token;
          if (t) statements.push([Write.token, [timeOrderedId(), t.jti, t.clientId, t.profileId, t.profileVersion, t.scope, t.audience, sqliteTime(t.issuedAt), sqliteTime(t.expiresAt)]]);
        }
        const c = known ? chain(batch, known.seq, known.head) : null;
        if (c) {
          for (const r of c.rows) {
            const f = r.fields;
            statements.push([Write.event, [f.seq, sqliteTime(f.at), f.actorId, f.actorLabel, f.action, f.targetType, f.targetId, f.targetName, f.changeRequestId, f.before, f.after, r.prevHash, r.hash, r.requestId]]);
          }
          for (const s of c.subjects) statements.push([Write.subject, [s.kind, s.subjectId, s.seq]]);
          statements.push([Write.head, [known!.seq + batch.length, c.head]]);
        }
        const r = await ask({ kind: "write", expect: known, statements });
        if (r.error !== undefined) throw Object.assign(new Error(r.error), { code: r.code });
        if (r.ok && c) {
          known = { seq: known!.seq + batch.length, head: c.head };
          return;
        }
        known = r.stale ?? null;
      }
      throw new Error("the audit chain kept moving under the journal (50 attempts)");
    },
    async reachable() {
      return !(await ask({ kind: "ping" })).error;
    },
    async credentialByPrefix(prefix) {
      const r = await ask({ kind: "query", sql: CREDENTIAL_SQL(sqliteEpoch, "?"), params: [prefix] });
      if (r.error !== undefined) throw new Error(r.error);
      return credentialOf((r.rows as CredentialSqlRow[])[0]);
    },
    async apiTokenByPrefix(prefix) {
      const r = await ask({ kind: "query", sql: API_TOKEN_SQL(sqliteEpoch, "?"), params: [prefix] });
      if (r.error !== undefined) throw new Error(r.error);
      return apiTokenOf((r.rows as ApiTokenSqlRow[])[0]);
    },
    async touchLastUsed(table, uses) {
      if (!uses.length) return;
      const r = await ask({ kind: "exec", statements: uses.map(([id, at]) => [LAST_USED.sqlite[table], [sqliteTime(at), id]]) });
      if (r.error !== undefined) throw new Error(r.error);
    },
    async signalStamps() {
      const r = await ask({ kind: "query", sql: SIGNALS_SQL, params: [] });
      if (r.error !== undefined) throw new Error(r.error);
      return r.rows as { key: string; value: string }[];
    },
    async close() {
      await ask({ kind: "close" });
      await worker.terminate();
    },
  };
}

const CREDENTIAL_SQL = (epoch: (col: string) => string, param: string) =>
  `SELECT c."id", c."hash", ${epoch('c."revokedAt"')} AS "revokedAt", ${epoch('c."expiresAt"')} AS "expiresAt", k."id" AS "clientId", k."name" AS "clientName", k."status" AS "clientStatus" ` +
  `FROM "Credential" c JOIN "Client" k ON k."id" = c."clientId" WHERE c."prefix" = ${param}`;
// SQLite keeps Prisma's ISO text (its julian day, scaled, is epoch ms to the millisecond), or
// epoch ms as a number (the adapter's other format). A time present but unreadable is 0, the
// epoch: revoked or expired long ago, so a row this reader cannot decode fails closed.
const sqliteEpoch = (c: string) =>
  `CASE WHEN ${c} IS NULL THEN NULL WHEN typeof(${c}) IN ('integer', 'real') THEN ${c} ` +
  `ELSE COALESCE(CAST(ROUND((julianday(${c}) - 2440587.5) * 86400000) AS INTEGER), 0) END`;
const pgEpoch = (c: string) => `(EXTRACT(EPOCH FROM ${c}) * 1000)::float8`;
const API_TOKEN_SQL = (epoch: (col: string) => string, param: string) =>
  `SELECT t."id", t."name", t."hash", t."access", ${epoch('t."revokedAt"')} AS "revokedAt", ${epoch('t."expiresAt"')} AS "expiresAt", ` +
  `u."id" AS "userId", u."email" AS "email", u."role" AS "role", u."disabled" AS "disabled" ` +
  `FROM "ApiToken" t JOIN "User" u ON u."id" = t."createdById" WHERE t."prefix" = ${param}`;
type ApiTokenSqlRow = { id: string; name: string; hash: string; access: string; revokedAt: number | string | null; expiresAt: number | string | null; userId: string; email: string; role: string; disabled: boolean | number };
const apiTokenOf = (r: ApiTokenSqlRow | undefined): ApiTokenRow | null =>
  r
    ? {
        id: r.id,
        name: r.name,
        hash: r.hash,
        access: r.access,
        revokedAt: num(r.revokedAt),
        expiresAt: num(r.expiresAt),
        // SQLite keeps a Boolean as 0 or 1; anything but a clear "no" counts as disabled (fail closed)
        creator: { id: r.userId, email: r.email, role: r.role, disabled: !(r.disabled === false || r.disabled === 0) },
      }
    : null;
const SIGNALS_SQL = `SELECT "key", "value" FROM "Setting" WHERE "key" LIKE 'oauth.signal.%'`;
type CredentialSqlRow = { id: string; hash: string; revokedAt: number | string | null; expiresAt: number | string | null; clientId: string; clientName: string; clientStatus: string };
const num = (v: number | string | null) => (v === null ? null : Number(v));
const credentialOf = (r: CredentialSqlRow | undefined): CredentialRow | null =>
  r ? { id: r.id, hash: r.hash, revokedAt: num(r.revokedAt), expiresAt: num(r.expiresAt), client: { id: r.clientId, name: r.clientName, status: r.clientStatus } } : null;

/** The SQLite writer thread's batch statements: each one's place in WRITE_SQL. */
const Write = { token: 0, event: 1, subject: 2, head: 3 } as const;
type Write = (typeof Write)[keyof typeof Write];
const TOKEN_SQL = `INSERT INTO "Token" ("id", "jti", "clientId", "profileId", "profileVersion", "scope", "audience", "issuedAt", "expiresAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const EVENT_SQL = `INSERT INTO "AuditEvent" ("seq", "at", "actorId", "actorLabel", "action", "targetType", "targetId", "targetName", "changeRequestId", "before", "after", "prevHash", "hash", "requestId") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const SUBJECT_SQL = `INSERT INTO "AuditSubject" ("kind", "subjectId", "seq") VALUES (?, ?, ?)`;
const WRITE_SQL: string[] = [];
WRITE_SQL[Write.token] = TOKEN_SQL;
WRITE_SQL[Write.event] = EVENT_SQL;
WRITE_SQL[Write.subject] = SUBJECT_SQL;
WRITE_SQL[Write.head] = `UPDATE "CatalogState" SET "auditSeq" = ?, "auditHead" = ? WHERE "id" = 1`;

/** PostgreSQL TIMESTAMP(3) without time zone holds UTC, as Prisma writes it. */
const pgTime = (d: Date) => isoTime(d.getTime()).slice(0, -1);

function postgresStore(url: string): JournalStore {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on("error", () => {});
  const values = (rows: unknown[][], offset = 0) => {
    const params: unknown[] = [];
    const tuples = rows.map((r) => `(${r.map((v) => (params.push(v), `$${params.length + offset}`)).join(", ")})`);
    return { sql: tuples.join(", "), params };
  };
  return {
    async writeBatch(batch) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const tokens = batch.flatMap((b) => (b.token ? [b.token] : []));
        if (tokens.length) {
          const v = values(tokens.map((t) => [timeOrderedId(), t.jti, t.clientId, t.profileId, t.profileVersion, t.scope, t.audience, pgTime(t.issuedAt), pgTime(t.expiresAt)]));
          await client.query(`INSERT INTO "Token" ("id", "jti", "clientId", "profileId", "profileVersion", "scope", "audience", "issuedAt", "expiresAt") VALUES ${v.sql}`, v.params);
        }
        const state = (await client.query<{ auditSeq: number; auditHead: string }>(`UPDATE "CatalogState" SET "auditSeq" = "auditSeq" + $1 WHERE "id" = 1 RETURNING "auditSeq", "auditHead"`, [batch.length])).rows[0]!;
        const c = chain(batch, state.auditSeq - batch.length, state.auditHead);
        const ev = values(c.rows.map(({ fields: f, prevHash, hash, requestId }) => [f.seq, pgTime(f.at), f.actorId, f.actorLabel, f.action, f.targetType, f.targetId, f.targetName, f.changeRequestId, f.before, f.after, prevHash, hash, requestId]));
        await client.query(
          `INSERT INTO "AuditEvent" ("seq", "at", "actorId", "actorLabel", "action", "targetType", "targetId", "targetName", "changeRequestId", "before", "after", "prevHash", "hash", "requestId") VALUES ${ev.sql}`,
          ev.params,
        );
        if (c.subjects.length) {
          const sv = values(c.subjects.map((s) => [s.kind, s.subjectId, s.seq]));
          await client.query(`INSERT INTO "AuditSubject" ("kind", "subjectId", "seq") VALUES ${sv.sql}`, sv.params);
        }
        await client.query(`UPDATE "CatalogState" SET "auditHead" = $1 WHERE "id" = 1`, [c.head]);
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    async credentialByPrefix(prefix) {
      const r = await pool.query<CredentialSqlRow>({ name: "perimeter_credential_by_prefix", text: CREDENTIAL_SQL(pgEpoch, "$1"), values: [prefix] });
      return credentialOf(r.rows[0]);
    },
    async apiTokenByPrefix(prefix) {
      const r = await pool.query<ApiTokenSqlRow>({ name: "perimeter_api_token_by_prefix", text: API_TOKEN_SQL(pgEpoch, "$1"), values: [prefix] });
      return apiTokenOf(r.rows[0]);
    },
    async touchLastUsed(table, uses) {
      for (const [id, at] of uses) await pool.query({ name: `perimeter_${table}_used`, text: LAST_USED.postgres[table], values: [pgTime(at), id] });
    },
    async signalStamps() {
      return (await pool.query<{ key: string; value: string }>({ name: "perimeter_signal_stamps", text: SIGNALS_SQL })).rows;
    },
    async reachable() {
      try {
        await pool.query("SELECT 1");
        return true;
      } catch {
        return false;
      }
    },
    close: () => pool.end(),
  };
}

export function openJournalStore(url: string): JournalStore {
  return providerOf(url) === "sqlite" ? sqliteStore(sqlitePath(url)) : postgresStore(url);
}
