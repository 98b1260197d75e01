// Audit checkpoints: the chain head (sequence, hash, the head event's time)
// signed as a compact JWS with the token service's signing key, stored
// (AuditCheckpoint), queued to webhook endpoints subscribed to
// audit.checkpoint (in the same transaction), and written to
// PERIMETER_CHECKPOINT_DIR when set. Published outside the database, a
// checkpoint is what a rewrite of the chain cannot follow: recomputing every
// hash after an edit, head included, still leaves the event at a published
// sequence with another hash (`npm run audit:verify -- --checkpoints`, ./checkpoint-verify.ts).
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { transaction, type Db } from "../db/client";
import { signJwt } from "../oauth/jwt-sign";
import type { SigningKey } from "../oauth/key-store";
import { enqueueWebhookEvent } from "../webhooks/enqueue";

export const CHECKPOINT_TYP = "perimeter-audit-checkpoint+jwt";

export type CheckpointClaims = { iss: string; seq: number; hash: string; at: string; iat: number };
export type Checkpoint = { seq: number; hash: string; at: string; kid: string; jws: string; createdAt?: string };

export type CheckpointOptions = {
  key: Pick<SigningKey, "kid" | "keyObject"> | null;
  issuer: string;
  /** PERIMETER_CHECKPOINT_DIR */
  dir?: string;
  /** a checkpoint even when the head has not moved since the last one (on demand) */
  force?: boolean;
  now?: Date;
};

export class CheckpointUnavailable extends Error {}

/** Signs the current chain head; null when there is nothing new to sign (an empty chain, or the head already checkpointed and not forced). */
export async function createCheckpoint(db: Db, opts: CheckpointOptions): Promise<Checkpoint | null> {
  if (!opts.key) throw new CheckpointUnavailable("no signing key is available (PERIMETER_KEY_SECRET, and an active key of the token service)");
  const key = opts.key;
  const now = opts.now ?? new Date();
  const made = await transaction(db, async (tx) => {
    const state = await tx.catalogState.findUnique({ where: { id: 1 } });
    if (!state || state.auditSeq === 0) return null;
    const last = await tx.auditCheckpoint.findFirst({ orderBy: { seq: "desc" } });
    if (last && last.seq === state.auditSeq && !opts.force) return null;
    const head = await tx.auditEvent.findUnique({ where: { seq: state.auditSeq }, select: { seq: true, hash: true, at: true } });
    if (!head) throw new CheckpointUnavailable(`the chain head ${state.auditSeq} has no event`);
    const claims: CheckpointClaims = { iss: opts.issuer, seq: head.seq, hash: head.hash, at: head.at.toISOString(), iat: Math.floor(now.getTime() / 1000) };
    const jws = await signJwt(key, claims, CHECKPOINT_TYP);
    const checkpoint: Checkpoint = { seq: head.seq, hash: head.hash, at: claims.at, kid: key.kid, jws, createdAt: now.toISOString() };
    await tx.auditCheckpoint.create({ data: { seq: head.seq, hash: head.hash, at: head.at, jws, kid: key.kid } });
    await enqueueWebhookEvent(tx, "audit.checkpoint", { seq: checkpoint.seq, hash: checkpoint.hash, at: checkpoint.at, kid: checkpoint.kid, jws }, now);
    return checkpoint;
  });
  if (made && opts.dir) writeCheckpointFile(opts.dir, made);
  return made;
}

/** Writes one checkpoint as <dir>/audit-checkpoint-<seq>-<time>.json, atomically (a reader never sees half a file). */
export function writeCheckpointFile(dir: string, c: Checkpoint): string {
  mkdirSync(dir, { recursive: true });
  const name = `audit-checkpoint-${String(c.seq).padStart(12, "0")}-${(c.createdAt ?? new Date().toISOString()).replace(/[:.]/g, "")}.json`;
  const file = path.join(dir, name);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(c, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  return file;
}

/** The stored checkpoints, newest first. */
export async function listCheckpoints(db: Db, { limit = 100, before }: { limit?: number; before?: number } = {}): Promise<Checkpoint[]> {
  const rows = await db.auditCheckpoint.findMany({ where: before ? { seq: { lt: before } } : {}, orderBy: [{ seq: "desc" }, { at: "desc" }], take: limit });
  return rows.map((r) => ({ seq: r.seq, hash: r.hash, at: r.at.toISOString(), kid: r.kid, jws: r.jws }));
}

/**
 * Checkpoints on a timer (the server's): every `minutes`, when the head moved.
 * `key()` is read at each run (keys rotate). Returns stop().
 */
export function startCheckpointTimer(db: Db, opts: Omit<CheckpointOptions, "key" | "force"> & { key: () => CheckpointOptions["key"]; minutes: number; onError?: (e: unknown) => void }): () => void {
  if (opts.minutes <= 0) return () => {};
  const t = setInterval(() => {
    createCheckpoint(db, { ...opts, key: opts.key() }).catch((e: unknown) => opts.onError?.(e));
  }, opts.minutes * 60_000);
  t.unref();
  return () => clearInterval(t);
}
