// Applying a recorded change request: the only place the catalog changes.
// Every path (a reviewed request, a low-risk one the rules apply at once, an
// emergency change, the expiry of a temporary one) ends in applyRecorded,
// which first asks the gate whether the request's own stored record allows it
// to apply, then applies it atomically: the status moves with a conditional
// update (pressing apply twice applies once), an object that changed since the
// request was opened makes it stale instead of being overwritten, and the
// catalog version, profile versions, audit events and webhooks are written in
// the same transaction.
import { recordCatalogVersion } from "../../access/catalog-version";
import { alertsForAppliedChange } from "../../alerts/change-alerts";
import { appendAudit, type NewAuditEvent } from "../../audit/append";
import type { Actor } from "../../auth/permissions";
import { transaction, type Db, type Tx } from "../../db/client";
import { AppError } from "../../errors";
import { findingsFor } from "../../policy/findings";
import { enqueueWebhookEvent } from "../../webhooks/enqueue";
import { applyOperations, operationEvents, operationResults, StaleError, type OperationResult } from "../apply-operations";
import { checkGate, type ApplyVia } from "./gate";
import { lockCatalog } from "./lock";
import { refuseBlocking } from "./refuse-blocking";
import { holdSecretsForAuthor } from "./secret-delivery";
import { storedOperations } from "./stored-operations";

export type ApplyResult = {
  changeRequest: { id: string; number: number; title: string; status: string };
  catalogVersion: number;
  results: OperationResult[];
};

/** Applies a request inside the caller's transaction (which holds the catalog lock). */
export async function applyRecorded(tx: Tx, { actor, id, now, via }: { actor: Actor; id: string; now: Date; via: ApplyVia }): Promise<ApplyResult> {
  const cr = await tx.changeRequest.findUnique({ where: { id }, include: { operations: true } });
  if (!cr) throw new AppError("not_found", "no change request with this id");
  const from = await checkGate(tx, cr, actor, via);
  const moved = await tx.changeRequest.updateMany({ where: { id, status: from }, data: { status: "applied", appliedAt: now, ...(via === "emergency" ? { reviewDue: true } : {}) } });
  if (moved.count === 0) throw new AppError("conflict", cr.status === "applied" ? `CR-${cr.number} is already applied` : `CR-${cr.number} is ${cr.status}, not ${from}`);
  const state = await tx.catalogState.update({ where: { id: 1 }, data: { catalogVersion: { increment: 1 } } });
  const ops = storedOperations(cr.title, cr.operations);
  const sorted = [...cr.operations].sort((a, b) => a.seq - b.seq);
  // an expiry's operations were planned in this transaction: nothing can have moved
  const done = await applyOperations({ tx, changeRequestId: cr.id, now }, ops, via === "expiry" ? undefined : sorted.map((o) => o.before));
  refuseBlocking({ findings: await findingsFor(tx, done.map(({ op, applied }) => ({ entity: op.entity, id: applied.targetId, deleted: op.kind === "delete" }))) });
  for (const [seq, { applied }] of done.entries()) {
    await tx.operation.updateMany({
      where: { changeRequestId: cr.id, seq },
      data: { before: applied.before ? JSON.stringify(applied.before) : null, after: applied.after ? JSON.stringify(applied.after) : null },
    });
  }
  await recordCatalogVersion(tx, { version: state.catalogVersion, changeRequestId: cr.id, operations: ops.length });
  const summary = { number: cr.number, title: cr.title, catalogVersion: state.catalogVersion, operations: ops.length, via, source: cr.source, emergency: cr.emergency };
  const delivered = await holdSecretsForAuthor(tx, cr, actor, operationResults(done), now);
  const events: NewAuditEvent[] = [
    ...operationEvents(cr.id, done),
    ...delivered.events,
    { action: "change.applied", targetType: "changeRequest", targetId: cr.id, targetName: `CR-${cr.number}`, changeRequestId: cr.id, after: summary },
  ];
  if (cr.revertOfId && via !== "expiry") {
    // an emergency change still waiting for its after-the-fact review ends reverted
    await tx.changeRequest.updateMany({ where: { id: cr.revertOfId, reviewDue: true }, data: { reviewDue: false, postReview: "reverted", postReviewBy: actor.id, postReviewAt: now } });
    const original = await tx.changeRequest.updateMany({ where: { id: cr.revertOfId, status: { in: ["applied", "expired"] } }, data: { status: "reverted", closedAt: now } });
    if (original.count) {
      events.push({ action: "change.reverted", targetType: "changeRequest", targetId: cr.revertOfId, targetName: `reverted by CR-${cr.number}`, changeRequestId: cr.revertOfId, after: { revertedBy: cr.number } });
      await enqueueWebhookEvent(tx, "change.reverted", { revertedId: cr.revertOfId, by: cr.number }, now);
    }
  }
  await appendAudit(tx, actor, events, now);
  await enqueueWebhookEvent(tx, "change.applied", summary, now);
  if (via === "emergency") await enqueueWebhookEvent(tx, "change.emergency", { ...summary, author: actor.label }, now);
  // critical scope changes raise alerts (Settings → alert rules), in this transaction
  await alertsForAppliedChange(tx, cr, done, now);
  return {
    changeRequest: { id: cr.id, number: cr.number, title: cr.title, status: "applied" },
    catalogVersion: state.catalogVersion,
    results: delivered.results,
  };
}

/** Applies a request in its own transaction; a stale request is marked so, and says why. */
export async function applyChangeRequest(
  db: Db,
  { actor, id, now = new Date(), via = "approved" }: { actor: Actor; id: string; now?: Date; via?: Exclude<ApplyVia, "expiry"> },
): Promise<ApplyResult> {
  try {
    return await transaction(db, async (tx) => {
      await lockCatalog(tx);
      return applyRecorded(tx, { actor, id, now, via });
    });
  } catch (e) {
    if (e instanceof StaleError) await markStale(db, id, e.message, actor, now);
    throw e;
  }
}

export async function markStale(db: Db, id: string, reason: string, actor: Actor, now: Date) {
  await transaction(db, async (tx) => {
    await lockCatalog(tx);
    const moved = await tx.changeRequest.updateMany({ where: { id, status: { in: ["open", "approved"] } }, data: { status: "stale", staleReason: reason, closedAt: now } });
    if (!moved.count) return;
    const cr = await tx.changeRequest.findUniqueOrThrow({ where: { id } });
    await appendAudit(tx, actor, [{ action: "change.stale", targetType: "changeRequest", targetId: id, targetName: `CR-${cr.number}`, changeRequestId: id, after: { reason } }], now);
  });
}
