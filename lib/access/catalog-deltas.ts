// Reading what committed catalog versions changed: each version's row in
// CatalogVersionLog names the change request that made it, whose operations
// carry the after-snapshots the write path stored. Grouped by version for the
// follower (./follower.ts) to apply as deltas. Read where the fence reads the
// version (the LISTEN connection on PostgreSQL, the synchronous connection on
// SQLite), not through Prisma: a request that arrived after a commit waits
// for this read, and Prisma's raw-query path costs it milliseconds on a busy
// event loop.
import type Database from "better-sqlite3";
import type pg from "pg";
import type { Db } from "../db/client";
import type { Provider } from "../db/provider";
import type { Row } from "./catalog-rows";
import type { CatalogChange } from "./read-model";

// "at" as text: node-pg would read a zone-less timestamp in the server's local zone (secondsSince reads it as UTC)
const DELTA_SQL = `SELECT l."version" AS version, l."operations" AS operations, CAST(l."at" AS TEXT) AS at, o."seq" AS seq, o."entity" AS entity, o."kind" AS kind, o."targetId" AS "targetId", o."after" AS after
  FROM "CatalogVersionLog" l LEFT JOIN "Operation" o ON o."changeRequestId" = l."changeRequestId"
  WHERE l."version" > $1 AND l."version" <= $2 ORDER BY l."version", o."seq"`;
const DELTA_SQL_SQLITE = DELTA_SQL.replace(/\$\d/g, "?");

type DeltaRow = { version: number | bigint; operations: number | bigint; at: unknown; seq: number | bigint | null; entity: string | null; kind: string | null; targetId: string | null; after: string | null };

/** One version's changes; `broken` says why it cannot be applied as a delta (the caller rebuilds). */
export type VersionDelta = { operations: number; changes: CatalogChange[]; broken: string | null; at: unknown };

/** Where the rows can be read: the first of these that is there answers. */
export type DeltaSource = { db: Db; provider: Provider; pg: pg.Client | null; sqlite: Database.Database | null };

const sqliteStatements = new WeakMap<Database.Database, Database.Statement>();

async function deltaRows(s: DeltaSource, from: number, to: number): Promise<DeltaRow[]> {
  if (s.pg) {
    try {
      return (await s.pg.query<DeltaRow>({ name: "perimeter_catalog_delta", text: DELTA_SQL, values: [from, to] })).rows;
    } catch {
      // the connection broke: the pool answers while it reconnects
    }
  }
  if (s.sqlite) {
    let statement = sqliteStatements.get(s.sqlite);
    if (!statement) sqliteStatements.set(s.sqlite, (statement = s.sqlite.prepare(DELTA_SQL_SQLITE)));
    return statement.all(from, to) as DeltaRow[];
  }
  return s.db.$queryRawUnsafe<DeltaRow[]>(s.provider === "postgres" ? DELTA_SQL : DELTA_SQL_SQLITE, from, to);
}

/** The changes of versions (from, to], by version. */
export async function readDeltas(s: DeltaSource, from: number, to: number): Promise<Map<number, VersionDelta>> {
  const versions = new Map<number, VersionDelta>();
  for (const r of await deltaRows(s, from, to)) {
    const v = Number(r.version);
    let d = versions.get(v);
    if (!d) versions.set(v, (d = { operations: Number(r.operations), changes: [], broken: null, at: r.at }));
    if (r.entity === null || r.targetId === null) continue;
    if (r.kind === "delete") d.changes.push({ entity: r.entity, id: r.targetId, row: null });
    else if (r.after) d.changes.push({ entity: r.entity, id: r.targetId, row: JSON.parse(r.after) as Row });
    else d.broken = `operation ${String(r.seq)} of version ${v} has no after-snapshot`;
  }
  return versions;
}
