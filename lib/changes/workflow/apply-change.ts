// Applying an approved change request: atomic and safe under concurrency.
// The status moves approved -> applied with a conditional update inside the
// transaction, so two people pressing apply at once apply it once; an update
// or delete whose target changed since the request was opened makes the
// request stale (naming the object) instead of overwriting it.
import { recordCatalogVersion } from "../../access/catalog-version";
import { appendAudit, type NewAuditEvent } from "../../audit/append";
import { can, type Actor } from "../../auth/permissions";
import { transaction, type Db } from "../../db/client";
import { AppError } from "../../errors";
import { findingsFor } from "../../policy/findings";
import { enqueueWebhookEvent } from "../../webhooks/enqueue";
import { applyOperations, operationEvents, operationResults, StaleError, type OperationResult } from "../apply-operations";
import { lockCatalog } from "./lock";
import { refuseBlocking } from "./refuse-blocking";
import { holdSecretsForAuthor } from "./secret-delivery";
import { storedOperations } from "./stored-operations";

export type ApplyResult = {
  changeRequest: { id: string; number: number; title: string; status: string };
  catalogVersion: number;
  results: OperationResult[];
};

export async function applyChangeRequest(
  db: Db,
  { actor, id, now = new Date(), auto = false }: { actor: Actor; id: string; now?: Date; auto?: boolean },
): Promise<ApplyResult> {
  if (!auto && !can(actor, "change.create")) throw new AppError("forbidden", `${actor.role} may not apply change requests`);
  const from = auto ? ["open"] : ["approved"];
  try {
    return await transaction(db, async (tx) => {
      await lockCatalog(tx);
      const cr = await tx.changeRequest.findUnique({ where: { id }, include: { operations: true } });
      if (!cr) throw new AppError("not_found", "no change request with this id");
      const moved = await tx.changeRequest.updateMany({ where: { id, status: { in: from } }, data: { status: "applied", appliedAt: now } });
      if (moved.count === 0) {
        throw new AppError("conflict", cr.status === "applied" ? `CR-${cr.number} is already applied` : `CR-${cr.number} is ${cr.status}, not approved`);
      }
      const state = await tx.catalogState.update({ where: { id: 1 }, data: { catalogVersion: { increment: 1 } } });
      const ops = storedOperations(cr.title, cr.operations);
      const sorted = [...cr.operations].sort((a, b) => a.seq - b.seq);
      const done = await applyOperations({ tx, changeRequestId: cr.id, now }, ops, sorted.map((o) => o.before));
      refuseBlocking({ findings: await findingsFor(tx, done.map(({ op, applied }) => ({ entity: op.entity, id: applied.targetId, deleted: op.kind === "delete" }))) });
      for (const [seq, { applied }] of done.entries()) {
        await tx.operation.updateMany({
          where: { changeRequestId: cr.id, seq },
          data: { before: applied.before ? JSON.stringify(applied.before) : null, after: applied.after ? JSON.stringify(applied.after) : null },
        });
      }
      await recordCatalogVersion(tx, { version: state.catalogVersion, changeRequestId: cr.id, operations: ops.length });
      const summary = { number: cr.number, title: cr.title, catalogVersion: state.catalogVersion, operations: ops.length, auto };
      const delivered = await holdSecretsForAuthor(tx, cr, actor, operationResults(done), now);
      const events: NewAuditEvent[] = [
        ...operationEvents(cr.id, done),
        ...delivered.events,
        { action: "change.applied", targetType: "changeRequest", targetId: cr.id, targetName: `CR-${cr.number}`, changeRequestId: cr.id, after: summary },
      ];
      if (cr.revertOfId) {
        const original = await tx.changeRequest.updateMany({ where: { id: cr.revertOfId, status: { in: ["applied", "expired"] } }, data: { status: "reverted", closedAt: now } });
        if (original.count) {
          events.push({ action: "change.reverted", targetType: "changeRequest", targetId: cr.revertOfId, targetName: `reverted by CR-${cr.number}`, changeRequestId: cr.revertOfId, after: { revertedBy: cr.number } });
          await enqueueWebhookEvent(tx, "change.reverted", { revertedId: cr.revertOfId, by: cr.number }, now);
        }
      }
      await appendAudit(tx, actor, events, now);
      await enqueueWebhookEvent(tx, "change.applied", summary, now);
      return {
        changeRequest: { id: cr.id, number: cr.number, title: cr.title, status: "applied" },
        catalogVersion: state.catalogVersion,
        results: delivered.results,
      };
    });
  } catch (e) {
    if (e instanceof StaleError) await markStale(db, id, from, e.message, actor, now);
    throw e;
  }
}

async function markStale(db: Db, id: string, from: string[], reason: string, actor: Actor, now: Date) {
  await transaction(db, async (tx) => {
    await lockCatalog(tx);
    const moved = await tx.changeRequest.updateMany({ where: { id, status: { in: from } }, data: { status: "stale", staleReason: reason, closedAt: now } });
    if (!moved.count) return;
    const cr = await tx.changeRequest.findUniqueOrThrow({ where: { id } });
    await appendAudit(tx, actor, [{ action: "change.stale", targetType: "changeRequest", targetId: id, targetName: `CR-${cr.number}`, changeRequestId: id, after: { reason } }], now);
  });
}
