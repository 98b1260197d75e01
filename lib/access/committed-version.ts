// Reads the committed catalog version for the fence (./follower.ts): "the
// version committed before this moment", by a read that began after it.
//
// - One read is shared by every caller that arrived before it began
//   (../ops/moments.ts orders arrivals and reads), and the newest read is
//   remembered: a request that arrived before it began needs no read of its own.
// - SQLite: the version is read synchronously through a connection of its own
//   (microseconds), once per turn of the event loop for all the requests that
//   arrived in it.
// - PostgreSQL: one round trip on the LISTEN connection (the pool while it
//   reconnects). The same statement brings the deltas of the versions beyond
//   the model's (prefetched), so a request that finds a new version waits for
//   no second read.
// - Each read also returns the revocation sequence (CatalogState.revocationSeq,
//   bumped by every token revocation).
import Database from "better-sqlite3";
import type pg from "pg";
import type { Db } from "../db/client";
import { providerOf, providerOfDb, sqlitePath } from "../db/provider";
import { readVersionWithDeltas, type VersionDelta, type VersionRow } from "./catalog-deltas";
import { nextMoment } from "../ops/moments";

/** How many versions one catch-up query reads at most. */
export const VERSIONS_PER_READ = 500;
const VERSION_SQL = `SELECT "catalogVersion" AS v, "revocationSeq" AS r FROM "CatalogState" WHERE "id" = 1`;

/** A completed read: the version and revocation sequence it saw, and the moment it began. */
export type VersionRead = { moment: number; version: number; revocations: number };

export class CommittedVersion {
  private running: { moment: number; version: Promise<number> } | null = null;
  private next: Promise<number> | null = null;
  /** the SQLite read to come (see nextSqliteRead) */
  private sqliteRead: Promise<number> | null = null;
  private last: VersionRead | null = null;
  private sqliteConnection: { db: Database.Database; version: Database.Statement } | null = null;
  private url: string | undefined;
  /** the LISTEN connection (PostgreSQL, while following), lent by ./catalog-listener.ts */
  listenConnection: pg.Client | null = null;
  /** deltas a read brought along (PostgreSQL), until the follower takes them */
  private prefetched: Map<number, VersionDelta> | null = null;

  constructor(
    private readonly db: Db,
    private readonly opts: {
      /** counts each read that goes to the database */
      onRead: () => void;
      /** the version beyond which a read should bring the deltas along; undefined: none (deltas off, a catch-up running) */
      prefetchFrom: () => number | undefined;
    },
  ) {}

  /** The database URL: on SQLite, opens the connection for synchronous reads. */
  useUrl(url: string | undefined): void {
    if (!url || this.url) return;
    this.url = url;
    if (providerOfDb(this.db) === "sqlite" && providerOf(url) === "sqlite" && sqlitePath(url) !== ":memory:") {
      const db = new Database(sqlitePath(url), { timeout: 10_000 });
      this.sqliteConnection = { db, version: db.prepare(VERSION_SQL) };
    }
  }

  /** The SQLite connection of the synchronous reads (the follower reads deltas through it too). */
  get sqlite(): Database.Database | null {
    return this.sqliteConnection?.db ?? null;
  }

  /** The newest completed read, if it began after `after` (a moment); null for null (outside a request every call reads anew). */
  knownAfter(after: number | null): VersionRead | null {
    const known = this.last;
    return known && after !== null && known.moment > after ? known : null;
  }

  /** The revocation sequence of the newest read; 0 before any. */
  revocations(): number {
    return this.last?.revocations ?? 0;
  }

  /** The committed version, by a read that begins after `after` (after this call when null): the one in flight or the next. */
  readAfter(after: number | null): Promise<number> {
    return this.sqliteConnection ? this.nextSqliteRead() : this.shared(after);
  }

  /** A read that begins now (synchronous on SQLite). */
  readNow(): number | Promise<number> {
    return this.sqliteConnection ? this.readSqliteNow() : this.begin();
  }

  /** The prefetched deltas, when they hold the version after `base` (each version they hold is whole). */
  takePrefetched(base: number): Map<number, VersionDelta> | null {
    const p = this.prefetched;
    if (!p?.has(base + 1)) return null;
    this.prefetched = null;
    return p;
  }

  close(): void {
    this.sqliteConnection?.db.close();
    this.sqliteConnection = null;
    this.prefetched = null;
  }

  /** Keeps the newest read (by when it began) for the requests that arrived before it began. */
  private remember(moment: number, read: VersionRow | undefined): number {
    const version = Number(read?.v ?? 0);
    if (!this.last || this.last.moment < moment) this.last = { moment, version, revocations: Number(read?.r ?? 0) };
    return version;
  }

  /**
   * SQLite: the version read synchronously once the I/O at hand is handled
   * (setImmediate), for every caller until then: the requests that arrived
   * together share one read, which begins after each of them arrived.
   */
  private nextSqliteRead(): Promise<number> {
    return (this.sqliteRead ??= new Promise<number>((resolve, reject) => {
      setImmediate(() => {
        this.sqliteRead = null;
        try {
          resolve(this.readSqliteNow());
        } catch (e) {
          reject(e);
        }
      });
    }));
  }

  private readSqliteNow(): number {
    this.opts.onRead();
    const moment = nextMoment();
    return this.remember(moment, this.sqliteConnection!.version.get() as VersionRow | undefined);
  }

  /** PostgreSQL: the read in flight when it began after `after`, else the next one (concurrent callers share it). */
  private shared(after: number | null): Promise<number> {
    const running = this.running;
    if (!running) return this.begin();
    if (after !== null && running.moment > after) return running.version;
    // the one in flight may have begun too early for this caller: wait for the next
    this.next ??= running.version
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        this.next = null;
        return this.begin();
      });
    return this.next;
  }

  private begin(): Promise<number> {
    this.opts.onRead();
    const moment = nextMoment();
    const version: Promise<number> = this.query().then((row) => this.remember(moment, row)).finally(() => {
      if (this.running?.version === version) this.running = null;
    });
    this.running = { moment, version };
    return version;
  }

  private async query(): Promise<VersionRow | undefined> {
    const c = this.listenConnection;
    if (c) {
      // the LISTEN connection, idle otherwise: one round trip, a prepared statement
      try {
        const base = this.opts.prefetchFrom();
        if (base === undefined) return (await c.query<VersionRow>({ name: "perimeter_catalog_version_revocations", text: VERSION_SQL })).rows[0];
        // the versions beyond the model's come along: a request that finds one waits for no second read
        const read = await readVersionWithDeltas(c, base, base + VERSIONS_PER_READ);
        if (read && read.deltas.size && (!this.prefetched || maxKey(read.deltas) > maxKey(this.prefetched))) this.prefetched = read.deltas;
        return read?.state;
      } catch {
        // the connection broke: the pool answers while it reconnects
      }
    }
    return (await this.db.$queryRawUnsafe<VersionRow[]>(VERSION_SQL))[0];
  }
}

const maxKey = (m: ReadonlyMap<number, unknown>) => Math.max(...m.keys());
