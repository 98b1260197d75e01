// Token revocation. The Token table is the record; each instance keeps the
// revoked, unexpired jtis in memory. Every revocation bumps
// CatalogState.revocationSeq in its transaction and stamps the tokens it
// revokes with the new value (Token.revocationSeq), so an instance loads what
// it has not seen by sequence — never by time, which writers' clocks and long
// transactions would reorder. The catalog fence reads the sequence with the
// catalog version (../access/follower.ts): an inspection whose fence read a
// sequence this set has not synced to loads the revocations first (syncTo),
// so no token revoked anywhere before a request arrived is answered active,
// without a database read per introspection while nothing is revoked. The
// "revocations" signal (LISTEN/NOTIFY on PostgreSQL, a polled stamp on
// SQLite) syncs idle instances ahead of time.
import type { Actor, NewAuditEvent } from "../audit/append";
import { appendAudit } from "../audit/append";
import { transaction, type Db } from "../db/client";
import { afterCommit } from "../db/after-commit";
import { metrics } from "../ops/metrics";
import { publishLocalRevocations } from "./local-revocations";
import { providerOfDb, raiseSignal } from "./signals";

export type RevokeWhere = { jti: string } | { jtis: string[] } | { clientId: string } | { profileId: string } | { resource: { id: string; ref: string } };

export class RevocationSet {
  private readonly revoked = new Map<string, number>();
  /** CatalogState.revocationSeq as read at the start of the last completed load: every revocation up to it is in the set (-1: none loaded yet) */
  private synced = -1;
  private syncing: Promise<void> | null = null;
  private again = false;

  constructor(private readonly db: Db) {}

  get size() {
    return this.revoked.size;
  }

  has(jti: string): boolean {
    return this.revoked.has(jti);
  }

  add(jti: string, expiresAtMs: number) {
    this.revoked.set(jti, expiresAtMs);
  }

  prune(now = Date.now()) {
    for (const [jti, exp] of this.revoked) if (exp <= now) this.revoked.delete(jti);
  }

  /** The revocation sequence this set has every revocation of. */
  get syncedSeq(): number {
    return Math.max(0, this.synced);
  }

  /** Resolves once the set holds every revocation up to sequence `seq` (a load that read it or a later one). */
  async syncTo(seq: number): Promise<void> {
    // a load in flight may have read the sequence before `seq` committed; the one after it began after
    // this call, so it holds what was committed by then (three at most: a database reset lowers the sequence)
    for (let i = 0; i < 3 && this.synced < seq; i++) await this.sync();
  }

  /** Loads the revocations after the synced sequence (all unexpired ones when `full` or first). Coalesces concurrent calls. */
  sync(full = false): Promise<void> {
    if (this.syncing) {
      this.again = true;
      return this.syncing;
    }
    this.syncing = this.load(full).finally(() => {
      this.syncing = null;
      if (this.again) {
        this.again = false;
        // its callers have their own promise: a failure here is theirs to see on the next call
        this.sync().catch(() => {});
      }
    });
    return this.syncing;
  }

  private async load(full: boolean) {
    // the sequence first: every revocation it counts committed before the rows below are read
    const state = await this.db.catalogState.findUnique({ where: { id: 1 }, select: { revocationSeq: true } });
    const seq = state?.revocationSeq ?? 0;
    const first = this.synced < 0;
    // everything unexpired on a full load (rows revoked before sequences existed included), else what came after the synced sequence
    const rows = await this.db.token.findMany({
      where: full || first || seq < this.synced ? { revokedAt: { not: null }, expiresAt: { gt: new Date() } } : { revocationSeq: { gt: this.synced, lte: seq } },
      select: { jti: true, expiresAt: true, revokedAt: true },
    });
    // a revocation first seen here after start-up came from another instance (this one's own are added at commit): time its trip
    const seen = Date.now();
    for (const r of rows) {
      if (!first && r.revokedAt && !this.revoked.has(r.jti)) metrics().revocationLag.observe(Math.max(0, seen - r.revokedAt.getTime()) / 1000);
      if (r.expiresAt.getTime() > seen) this.revoked.set(r.jti, r.expiresAt.getTime());
    }
    // a full load is the truth even when the sequence went down (a restored database)
    if (full || first || seq > this.synced) this.synced = seq;
  }
}

function whereOf(w: RevokeWhere) {
  if ("jti" in w) return { jti: w.jti };
  if ("jtis" in w) return { jti: { in: w.jtis } };
  if ("clientId" in w) return { clientId: w.clientId };
  if ("profileId" in w) return { profileId: w.profileId };
  // tokens whose scope names an action on the resource ("prod/orders-db:read …")
  const prefix = `${w.resource.ref}:`;
  return { OR: [{ scope: { startsWith: prefix } }, { scope: { contains: ` ${prefix}` } }] };
}

/**
 * Revokes the matching live tokens, audits it and signals every instance, in
 * one transaction; once committed, this process's token service honours it
 * before this returns. Returns the revoked jtis with their expiry.
 */
export async function revokeTokens(
  db: Db,
  where: RevokeWhere,
  opts: { actor: Actor; reason: string; target: { type: string; id: string; name: string }; now?: Date },
): Promise<{ jti: string; expiresAt: Date }[]> {
  const now = opts.now ?? new Date();
  const provider = providerOfDb(db);
  return transaction(db, async (tx) => {
    const rows = await tx.token.findMany({ where: { ...whereOf(where), revokedAt: null, expiresAt: { gt: now } }, select: { jti: true, expiresAt: true } });
    if (rows.length) {
      // the next sequence (the row lock orders revocations as they commit); the fence reads it with the catalog version
      const { revocationSeq } = await tx.catalogState.update({ where: { id: 1 }, data: { revocationSeq: { increment: 1 } }, select: { revocationSeq: true } });
      for (let i = 0; i < rows.length; i += 500) {
        await tx.token.updateMany({ where: { jti: { in: rows.slice(i, i + 500).map((r) => r.jti) }, revokedAt: null }, data: { revokedAt: now, revocationSeq } });
      }
      await raiseSignal(tx, provider, "revocations");
      afterCommit(tx, () => publishLocalRevocations(rows));
    }
    const event: NewAuditEvent = {
      action: "token.revoked",
      targetType: opts.target.type,
      targetId: opts.target.id,
      targetName: opts.target.name,
      after: { tokens: rows.length, reason: opts.reason, ...(rows.length <= 20 ? { jtis: rows.map((r) => r.jti) } : {}) },
    };
    if (rows.length || !("jti" in where)) await appendAudit(tx, opts.actor, [event], now);
    return rows;
  });
}
