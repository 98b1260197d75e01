// Reading what committed catalog versions changed: each version's row in
// CatalogVersionLog names the change request that made it, whose operations
// carry the after-snapshots the write path stored. Grouped by version for the
// follower (./follower.ts) to apply as deltas. Read where the fence reads the
// version (the LISTEN connection on PostgreSQL, the synchronous connection on
// SQLite), not through Prisma: a request that arrived after a commit waits
// for this read, and Prisma's raw-query path costs it milliseconds on a busy
// event loop.
// On PostgreSQL the fence's read of the committed version brings them along
// (readVersionWithDeltas): one snapshot, one round trip.
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
// The fence's read on PostgreSQL: the committed version and revocation sequence, and in the same
// statement (one snapshot, one round trip) the changes of the versions after $1 it can see, up to $2.
// A request that finds a new version then waits for no second read.
const VERSION_WITH_DELTAS_SQL = `SELECT s."catalogVersion" AS v, s."revocationSeq" AS r, l."version" AS version, l."operations" AS operations, CAST(l."at" AS TEXT) AS at, o."seq" AS seq, o."entity" AS entity, o."kind" AS kind, o."targetId" AS "targetId", o."after" AS after
  FROM "CatalogState" s
  LEFT JOIN "CatalogVersionLog" l ON l."version" > $1 AND l."version" <= LEAST(s."catalogVersion", $2)
  LEFT JOIN "Operation" o ON o."changeRequestId" = l."changeRequestId"
  WHERE s."id" = 1 ORDER BY l."version", o."seq"`;

type DeltaRow = { version: number | bigint | null; operations: number | bigint; at: unknown; seq: number | bigint | null; entity: string | null; kind: string | null; targetId: string | null; after: string | null };

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
  return byVersion(await deltaRows(s, from, to));
}

export type VersionRow = { v: number | bigint; r: number | bigint };

/**
 * The committed version and revocation sequence (`state`), with the changes of the versions in
 * (from, min(committed, to)] read in the same statement; null when the state row is missing.
 */
export async function readVersionWithDeltas(c: pg.Client, from: number, to: number): Promise<{ state: VersionRow; deltas: Map<number, VersionDelta> } | null> {
  const rows = (await c.query<VersionRow & DeltaRow>({ name: "perimeter_catalog_version_deltas", text: VERSION_WITH_DELTAS_SQL, values: [from, to] })).rows;
  const first = rows[0];
  if (!first) return null;
  return { state: { v: first.v, r: first.r }, deltas: byVersion(rows.filter((r) => r.version !== null)) };
}

function byVersion(rows: DeltaRow[]): Map<number, VersionDelta> {
  const versions = new Map<number, VersionDelta>();
  for (const r of rows) {
    const v = Number(r.version);
    let d = versions.get(v);
    if (!d) versions.set(v, (d = { operations: Number(r.operations), changes: [], broken: null, at: r.at }));
    if (r.entity === null || r.targetId === null) continue;
    if (r.kind === "delete") d.changes.push({ entity: r.entity, id: r.targetId, row: null });
    else if (r.after) {
      const row = parsed(r.after);
      if (row) d.changes.push({ entity: r.entity, id: r.targetId, row });
      else d.broken = `operation ${String(r.seq)} of version ${v} has an unreadable after-snapshot`;
    }
    else d.broken = `operation ${String(r.seq)} of version ${v} has no after-snapshot`;
  }
  return versions;
}

function parsed(json: string): Row | null {
  try {
    return JSON.parse(json) as Row;
  } catch {
    return null;
  }
}
