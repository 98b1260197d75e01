// The hot paths' durable record: Token rows and the audit events of the token
// service (token.issued, decision.denied), written by group commit. Callers
// await write(): it resolves only once the transaction holding their row and
// event committed, so a token is never handed out unrecorded and a denial is
// never answered unaudited; many waiting requests share one transaction, so
// the database is off the per-request path without losing durability.
//
// - One writer: while a batch commits, arrivals queue for the next one.
// - Bounded: past `maxPending` queued entries write() throws JournalBusy
//   (the endpoint answers 503 with Retry-After): backpressure, never a drop.
// - Poison isolated: an entry holding a string the database cannot store is
//   refused before the batch; a batch that fails all the same is split in
//   halves until the failing entry stands alone. That entry's callers get the
//   error, and an `audit.event_rejected` event records what was refused and
//   why. Every other entry is written.
// - Identical denials pending in the queue collapse into one event whose
//   count covers every request that waits for it.
import type { Actor, NewAuditEvent } from "../audit/append";
import { findUnstorable, unstorable } from "../validation/text";
import { metrics } from "../ops/metrics";
import { currentRequestId } from "../ops/request-context";
import type { JournalStore } from "./journal-store";

export type TokenRow = {
  jti: string;
  clientId: string;
  profileId: string;
  profileVersion: number;
  scope: string;
  audience: string;
  issuedAt: Date;
  expiresAt: Date;
};

type Entry = {
  actor: Actor;
  /** the request that made it (X-Request-Id), taken when it was queued */
  requestId?: string | null;
  event: NewAuditEvent;
  at: Date;
  token?: TokenRow;
  /** the requests waiting for this entry's commit */
  waiters: { resolve: () => void; reject: (e: unknown) => void }[];
  /** set for a collapsible denial while it is still queued */
  collapseKey?: string;
};

/** The writer cannot keep up: the request fails with 503 and Retry-After instead of waiting without bound. */
export class JournalBusy extends Error {
  constructor(readonly retryAfterSeconds = 1) {
    super("the audit writer is busy");
  }
}

/** The database cannot be reached: the request fails with 503 (nothing was handed out). */
export class JournalUnavailable extends Error {
  constructor(readonly reason: string) {
    super(`the record could not be written now: ${reason}`);
  }
}

/** This entry itself could not be stored (recorded as audit.event_rejected). */
export class JournalRejected extends Error {
  constructor(readonly reason: string) {
    super(`the record could not be written: ${reason}`);
  }
}

export type JournalOptions = {
  maxPending?: number;
  maxBatch?: number;
  /**
   * Under concurrent load (the last batch held more than one entry and ended
   * less than `busyWithinMs` ago), how long a new batch's first entry waits
   * for company before the batch commits, unless `maxBatch` / 8 entries
   * arrive sooner (or a flush asks). Otherwise the batch starts once the I/O
   * at hand is handled (setImmediate): an idle service, or one client asking
   * one request after another, adds no delay. Default 1 ms (Node's shortest
   * timer): a grant is answered once both its signature and its commit are
   * done, and under load the signature was taking as long, so bigger batches
   * cost less a token without slowing answers (at 10 connections,
   * bench/token-peer.ts: the writer thread 58 -> 35 µs a token, the event loop
   * 120 -> 90 µs, p50 1-2 ms as before, p99 8 -> 4 ms). 0: never wait.
   */
  commitDelayMs?: number;
  /** How recently a batch of several must have ended for the next to wait. Default 2 ms. */
  busyWithinMs?: number;
};

export class HotJournal {
  private queue: Entry[] = [];
  private readonly collapsing = new Map<string, Entry>();
  private writing: Promise<void> | null = null;
  private readonly idle: (() => void)[] = [];
  private readonly maxPending: number;
  private readonly maxBatch: number;
  private readonly commitDelayMs: number;
  private readonly busyWithinMs: number;
  /** ends the commit delay early (a full enough batch) */
  private startNow: (() => void) | null = null;
  /** when the last batch ended (performance.now()), and how many entries it held */
  private lastBatchEnd = -Infinity;
  private lastBatchSize = 0;
  /** counters for metrics and tests */
  readonly stats = { batches: 0, entries: 0, rejected: 0, busy: 0 };

  constructor(
    private readonly store: JournalStore,
    opts: JournalOptions = {},
  ) {
    this.maxPending = opts.maxPending ?? 20_000;
    this.maxBatch = opts.maxBatch ?? 500;
    this.commitDelayMs = opts.commitDelayMs ?? 1;
    this.busyWithinMs = opts.busyWithinMs ?? 2;
  }

  get pending() {
    return this.queue.length;
  }

  /** Records one event (and the token it issues); resolves once committed. */
  write(actor: Actor, event: NewAuditEvent, opts: { token?: TokenRow; at?: Date } = {}): Promise<void> {
    return new Promise((resolve, reject) => {
      this.enqueue({ actor, event, at: opts.at ?? new Date(), token: opts.token, requestId: currentRequestId(), waiters: [{ resolve, reject }] });
    });
  }

  /**
   * Records a denial: an identical one still queued (same key) counts this
   * request too (`bump` updates its event); resolves once a committed event counts it.
   */
  collapse(key: string, make: () => { actor: Actor; event: NewAuditEvent }, bump: (event: NewAuditEvent, at: Date) => void, at = new Date()): Promise<void> {
    return new Promise((resolve, reject) => {
      const queued = this.collapsing.get(key);
      if (queued) {
        bump(queued.event, at);
        queued.at = at;
        queued.waiters.push({ resolve, reject });
        return;
      }
      const { actor, event } = make();
      const entry: Entry = { actor, event, at, requestId: currentRequestId(), waiters: [{ resolve, reject }], collapseKey: key };
      if (this.enqueue(entry)) this.collapsing.set(key, entry);
    });
  }

  /** false when the queue is full (the entry's waiters were refused) */
  private enqueue(entry: Entry): boolean {
    if (this.queue.length >= this.maxPending) {
      this.stats.busy++;
      for (const w of entry.waiters) w.reject(new JournalBusy());
      return false;
    }
    this.queue.push(entry);
    if (this.startNow && this.queue.length >= this.maxBatch / 8) this.startNow();
    this.kick();
    return true;
  }

  private kick() {
    if (this.writing || this.queue.length === 0) return;
    // collect what arrives meanwhile into the same batch (at least this turn of the event loop)
    const wait = new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | null = null;
      const go = () => {
        this.startNow = null;
        if (timer) clearTimeout(timer);
        resolve();
      };
      const busy = this.lastBatchSize > 1 && performance.now() - this.lastBatchEnd < this.busyWithinMs;
      if (busy && this.commitDelayMs > 0) timer = setTimeout(go, this.commitDelayMs);
      else setImmediate(go);
      this.startNow = go;
    });
    this.writing = wait.then(() => this.drain());
  }

  private async drain() {
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, this.maxBatch);
        for (const e of batch) if (e.collapseKey) this.collapsing.delete(e.collapseKey);
        await this.commit(batch);
        this.lastBatchSize = batch.length;
      }
    } finally {
      this.writing = null;
      this.lastBatchEnd = performance.now();
      if (this.queue.length) this.kick();
      else for (const f of this.idle.splice(0)) f();
    }
  }

  /** Writes what is queued, then closes the store's connection. */
  async close(): Promise<void> {
    await this.flush();
    await this.store.close();
  }

  /** Waits until everything queued before the call is committed (or refused). */
  flush(): Promise<void> {
    if (!this.writing && this.queue.length === 0) return Promise.resolve();
    return new Promise((r) => {
      this.idle.push(r);
      this.kick();
      this.startNow?.(); // a batch waiting for company goes now
    });
  }

  private async commit(batch: Entry[]): Promise<void> {
    // what the database cannot store (PostgreSQL refuses NUL and lone surrogates; SQLite would keep
    // them, and the two would disagree) is refused up front, alike on both
    const storable: Entry[] = [];
    for (const entry of batch) {
      const why = unstorableEntry(entry);
      if (why) await this.refuse(entry, new JournalRejected(why));
      else storable.push(entry);
    }
    if (storable.length) await this.commitStorable(storable);
  }

  private async commitStorable(batch: Entry[]): Promise<void> {
    try {
      await this.persist(batch);
      this.stats.batches++;
      this.stats.entries += batch.length;
      let oldest = Infinity;
      for (const e of batch) if (e.at.getTime() < oldest) oldest = e.at.getTime();
      const m = metrics();
      m.auditBatchLag.observe(Math.max(0, Date.now() - oldest) / 1000);
      m.auditBatchSize.observe(batch.length);
      for (const e of batch) for (const w of e.waiters) w.resolve();
      return;
    } catch (e) {
      if (!(await this.reachable())) {
        for (const entry of batch) for (const w of entry.waiters) w.reject(new JournalUnavailable(describe(e)));
        return;
      }
      if (batch.length === 1) return this.refuse(batch[0]!, e);
      // retried in halves until the entry that fails stands alone
      const half = Math.ceil(batch.length / 2);
      await this.commitStorable(batch.slice(0, half));
      await this.commitStorable(batch.slice(half));
    }
  }

  private persist(batch: Entry[]) {
    return this.store.writeBatch(batch);
  }

  private async reachable(): Promise<boolean> {
    return this.store.reachable();
  }

  /** The entry's requests fail; an audit.event_rejected event says what was refused and why (when that can be written). */
  private async refuse(entry: Entry, error: unknown) {
    this.stats.rejected++;
    const reason = error instanceof JournalRejected ? error.reason : describe(error);
    const rejected = error instanceof JournalRejected ? error : new JournalRejected(reason);
    try {
      await this.store.writeBatch([
        {
          actor: { id: null, label: "system:token-service" },
          at: new Date(),
          event: {
            action: "audit.event_rejected",
            targetType: storable(entry.event.targetType),
            targetId: storable(entry.event.targetId ?? ""),
            targetName: storable(entry.event.targetName ?? ""),
            after: { action: entry.event.action, actor: storable(entry.actor.label), reason, requests: entry.waiters.length, ...(entry.token ? { jti: storable(entry.token.jti), issued: false } : {}) },
          },
        },
      ]);
    } catch (e) {
      // the database refuses even that: the requests fail all the same (never answered unrecorded)
      console.error("audit: a rejected event could not be recorded:", describe(e));
      for (const w of entry.waiters) w.reject(new JournalUnavailable(describe(e)));
      return;
    }
    console.error(`audit: ${entry.event.action} refused and recorded as audit.event_rejected: ${reason}`);
    for (const w of entry.waiters) w.reject(rejected);
  }
}

/** Why an entry cannot be stored (a string PostgreSQL refuses), or null. */
function unstorableEntry(e: Entry): string | null {
  const found = findUnstorable({ actor: e.actor.label, event: e.event, token: e.token ?? null });
  return found ? `${found.path}: ${found.message}` : null;
}

/** A string safe to store in the rejection event itself (the offending characters replaced). */
function storable(s: string): string {
  if (!unstorable(s)) return s.slice(0, 200);
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDFFF]/g, "\uFFFD").slice(0, 200);
}

function describe(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return storable(m.split("\n").filter(Boolean).slice(-1)[0] ?? "write failed");
}
