// Keeps one in-memory read model in step with the committed catalog, and
// answers "a model no older than what was committed before now".
//
// - Deltas: each committed version names the change request that made it
//   (CatalogVersionLog, written with the version bump); its operations'
//   after-snapshots (read by ./catalog-deltas.ts) are applied to the model (ReadModel.apply), so a change
//   costs a few rows, not a reload of the catalog. A gap (a version without
//   its row, operations missing, anything ReadModel cannot patch) rebuilds
//   from the database instead: correctness first.
//   On PostgreSQL the fence's version read brings them along (prefetched).
// - The fence: fenced() resolves once the model has applied the version
//   that a read begun after the request arrived found committed
//   (./committed-version.ts reads it, shared among requests and remembered).
//   So no answer comes from a model older than a change committed, on any
//   instance, before the request arrived. Outside a request every call reads
//   anew. fencedNow() serves the synchronous hot path from a read at hand
//   that began after the request arrived.
//   committedRevocations() tells the token service whether its revocation
//   set is behind what was committed before the request arrived.
// - Propagation (follow()): NOTIFY, this process's own commits and a poll
//   (./catalog-listener.ts) make it catch up without waiting for a request.
import type { Db } from "../db/client";
import { providerOfDb, type Provider } from "../db/provider";
import { readDeltas, type VersionDelta } from "./catalog-deltas";
import { listenForCatalog } from "./catalog-listener";
import { CommittedVersion, VERSIONS_PER_READ } from "./committed-version";
import { ReadModel, Unpatchable } from "./read-model";
import { loadSnapshot } from "./snapshot";
import { metrics, secondsSince } from "../ops/metrics";
import { lastLocalCommit } from "../ops/moments";
import { currentArrival } from "../ops/request-context";

/**
 * The moment a version read must have begun after to serve the caller: after
 * the current request arrived and after this process's latest catalog commit
 * (so a request sees its own writes); null outside a request — read anew.
 */
function readMustFollow(): number | null {
  const arrival = currentArrival();
  return arrival === null ? null : Math.max(arrival, lastLocalCommit());
}

/** `seq`: the order waits were registered in (see rebuild) */
type Waiter = { version: number; seq: number; resolve: (m: ReadModel) => void; reject: (e: unknown) => void };

export type FollowerStats = {
  /** versions applied as deltas */
  deltas: number;
  /** full reloads of the catalog (the first load included) */
  rebuilds: number;
  /** why the last rebuild happened */
  lastRebuild: string | null;
  /** version reads (fences) that went to the database */
  fences: number;
  /** reads of deltas on their own (on PostgreSQL the fence's read brings the new versions' deltas) */
  deltaReads: number;
};

export type FollowOptions = { url?: string; /** apply this process's own commits at once (false: behave as another instance) */ local?: boolean; pollMs?: number };

export class CatalogFollower {
  readonly stats: FollowerStats = { deltas: 0, rebuilds: 0, lastRebuild: null, fences: 0, deltaReads: 0 };
  /** called after each new model (bench and tests measure propagation with it) */
  onModel: ((m: ReadModel, how: "delta" | "rebuild") => void) | null = null;
  private model: ReadModel | null = null;
  private readonly provider: Provider;
  private wanted = 0;
  private waiters: Waiter[] = [];
  private waiterSeq = 0;
  private pumping = false;
  private readonly versions: CommittedVersion;
  private url: string | undefined;
  private following = 0;
  private stopFollowing: (() => Promise<void>) | null = null;
  private compactionQueued = false;

  private readonly deltas: boolean;

  /** `deltas: false` rebuilds for every version (the baseline the benchmark compares with). */
  constructor(
    private readonly db: Db,
    opts: { url?: string; deltas?: boolean } = {},
  ) {
    this.provider = providerOfDb(db);
    this.deltas = opts.deltas ?? true;
    this.versions = new CommittedVersion(db, {
      onRead: () => void this.stats.fences++,
      // not while a catch-up runs (a rebuild takes seconds at scale): it reads what it needs itself
      prefetchFrom: () => (this.deltas && !this.pumping ? this.model?.version : undefined),
    });
    this.useUrl(opts.url);
  }

  /** The database URL: on SQLite, opens the connection for synchronous version reads. */
  useUrl(url: string | undefined): void {
    if (!url || this.url) return;
    this.url = url;
    this.versions.useUrl(url);
  }

  /** Whether the LISTEN connection is up (PostgreSQL, while following); true where there is none to have (SQLite, not following). */
  listening(): boolean {
    return this.provider !== "postgres" || this.following === 0 || this.versions.listenConnection !== null;
  }

  /** The model at hand, whatever its version (null before the first load). */
  current(): ReadModel | null {
    return this.model;
  }

  /** A model that has applied every version committed before this call (before the current request arrived). */
  fenced(): Promise<ReadModel> {
    return this.fence(readMustFollow());
  }

  /** A model that has applied every version committed before `after` (a moment, ../ops/moments.ts; null: before now). */
  private async fence(after: number | null): Promise<ReadModel> {
    const known = this.versions.knownAfter(after);
    return this.reach(known ? known.version : await this.versions.readAfter(after));
  }

  /**
   * fenced() without waiting: the model, when a version read that began after
   * the current request arrived is at hand and the model has applied it; else
   * null (the caller awaits fenced()).
   */
  fencedNow(): ReadModel | null {
    const known = this.versions.knownAfter(readMustFollow());
    if (!known) return null;
    const m = this.model;
    if (m && m.version >= known.version) return m;
    void this.reach(known.version).catch(() => {});
    return null;
  }

  /** Resolves with the model once it has applied `version` (catching up as needed). */
  reach(version: number): Promise<ReadModel> {
    const m = this.model;
    if (m && m.version >= version) return Promise.resolve(m);
    return new Promise<ReadModel>((resolve, reject) => {
      this.waiters.push({ version, seq: ++this.waiterSeq, resolve, reject });
      if (version > this.wanted) this.wanted = version;
      void this.pump();
    });
  }

  /**
   * The revocation sequence of the newest version read. After fenced() (or a
   * non-null fencedNow()) it comes from a read that began after the current
   * request arrived: a revocation set synced to it misses no revocation
   * committed before then. 0 before any read.
   */
  committedRevocations(): number {
    return this.versions.revocations();
  }

  /** Catches up with whatever is committed now (a notification, a poll): a new read, whatever request context it runs in. */
  catchUp(): Promise<ReadModel> {
    return this.fence(null);
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (!this.model || this.model.version < this.wanted) await this.step();
      this.settle(null);
    } catch (e) {
      this.settle(e);
    } finally {
      this.pumping = false;
    }
    if (this.waiters.length) void this.pump();
  }

  private settle(error: unknown): void {
    const m = this.model;
    const waiting = this.waiters;
    this.waiters = [];
    for (const w of waiting) {
      if (m && m.version >= w.version) w.resolve(m);
      else if (error) w.reject(error);
      else this.waiters.push(w);
    }
  }

  /** One catch-up: the next versions as deltas, or a rebuild. */
  private async step(): Promise<void> {
    const from = this.model;
    if (!from) return this.rebuild("first load");
    if (!this.deltas) return this.rebuild("deltas are off");
    const versions = this.versions.takePrefetched(from.version) ?? (await this.readDeltas(from.version));
    let model = from;
    let applied = 0;
    const started = performance.now();
    const commits: unknown[] = [];
    for (let v = from.version + 1; versions.has(v); v++) {
      const d = versions.get(v)!;
      if (d.broken) return this.rebuild(d.broken);
      if (d.changes.length !== d.operations) return this.rebuild(`version ${v}: ${d.changes.length} of ${d.operations} operations found`);
      try {
        model = model.apply(d.changes, v);
      } catch (e) {
        if (e instanceof Unpatchable) return this.rebuild(`version ${v}: ${e.message}`);
        throw e;
      }
      applied++;
      commits.push(d.at);
    }
    // nothing to apply although a newer version is committed: its record is missing
    if (applied === 0) return this.rebuild(versions.size ? `version ${from.version + 1} has no record` : `no record after version ${from.version}`);
    this.install(model, "delta", applied);
    const m = metrics();
    m.readModelSeconds.observe({ kind: "delta" }, (performance.now() - started) / 1000);
    // from each version's commit (on whichever instance) to its taking effect here
    for (const at of commits) {
      const lag = secondsSince(at);
      if (lag !== null) m.catalogLag.observe(lag);
    }
  }

  private readDeltas(base: number): Promise<Map<number, VersionDelta>> {
    this.stats.deltaReads++;
    return readDeltas({ db: this.db, provider: this.provider, pg: this.versions.listenConnection, sqlite: this.versions.sqlite }, base, base + VERSIONS_PER_READ);
  }

  private async rebuild(why: string): Promise<void> {
    const started = performance.now();
    const { version, snapshot } = await loadSnapshot(this.db);
    const next = new ReadModel(snapshot, version);
    // the indexes the previous model served are built now, not by the first request to need them
    if (this.model) next.prepareLike(this.model);
    this.stats.lastRebuild = why;
    this.install(next, "rebuild", 0);
    metrics().readModelSeconds.observe({ kind: "rebuild" }, (performance.now() - started) / 1000);
    const model = this.model;
    if (!model || model.version >= this.wanted) return;
    // Waits beyond the model remain. Versions may have committed while the snapshot loaded (a
    // request that arrived after one of them waits for it): pump() reaches them next. A wait
    // registered before a read begun now needs no more than what that read sees; a version beyond
    // it was never committed here (another database's commit in this process).
    const registered = this.waiterSeq;
    // on SQLite the read is synchronous and must not yield between `registered` and the clamp below
    const now = this.versions.readNow();
    const committed = typeof now === "number" ? now : await now;
    let wanted = model.version;
    for (const w of this.waiters) {
      if (w.seq <= registered && w.version > committed) w.version = committed;
      if (w.version > wanted) wanted = w.version;
    }
    this.wanted = wanted;
    this.settle(null);
  }

  private install(next: ReadModel, how: "delta" | "rebuild", versions: number): void {
    // a rebuild may read an older version than a delta already installed meanwhile: keep the newest
    if (this.model && this.model.version > next.version) return;
    this.model = next;
    if (how === "delta") this.stats.deltas += versions;
    else this.stats.rebuilds++;
    const m = metrics();
    m.readModelVersion.set(next.version);
    m.readModelUpdates.inc({ kind: how }, how === "delta" ? versions : 1);
    this.settle(null);
    this.onModel?.(next, how);
    if (!this.compactionQueued && next.needsCompaction()) {
      this.compactionQueued = true;
      // off the path of the requests waiting for this version
      setImmediate(() => {
        this.compactionQueued = false;
        this.model?.compact();
      }).unref();
    }
  }

  /**
   * Keeps the model current without waiting for requests: LISTEN (PostgreSQL),
   * this process's commits (unless `local` is false), and a poll. Counted:
   * the returned stop() ends it when the last follower stops.
   */
  follow(opts: FollowOptions = {}): () => Promise<void> {
    this.useUrl(opts.url);
    this.following++;
    if (this.following === 1) this.stopFollowing = this.startFollowing(opts);
    let stopped = false;
    return async () => {
      if (stopped) return;
      stopped = true;
      if (--this.following === 0) await this.stopFollowing?.();
    };
  }

  private startFollowing(opts: FollowOptions): () => Promise<void> {
    return listenForCatalog({
      url: this.url,
      provider: this.provider,
      local: opts.local !== false,
      pollMs: opts.pollMs,
      catchUp: () => this.catchUp(),
      busy: () => this.pumping,
      connection: (c) => void (this.versions.listenConnection = c),
    });
  }

  /** Stops following and closes the connections of its own (an instance's follower, tests). */
  async close(): Promise<void> {
    this.following = 0;
    await this.stopFollowing?.();
    this.stopFollowing = null;
    this.versions.close();
  }
}
