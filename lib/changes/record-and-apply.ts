// Records a change request as applied and applies it, inside the caller's
// transaction: bumps the catalog version, stores the request and its
// operations, applies them, and appends one audit event per operation plus
// "change.applied". Used for changes that need no review by construction
// (demo seed, scheduled expiry of temporary grants).
import { recordCatalogVersion } from "../access/catalog-version";
import { appendAudit, type Actor as AuditActor } from "../audit/append";
import type { Tx } from "../db/client";
import { findingsFor, type Finding } from "../policy/findings";
import { applyOperations, operationEvents, operationResults, operationRows, type OperationResult } from "./apply-operations";
import type { ParsedOperation } from "./operations";
import { refuseBlocking } from "./workflow/refuse-blocking";

export type RecordedChange = {
  changeRequest: { id: string; number: number; title: string; status: string };
  catalogVersion: number;
  results: OperationResult[];
  findings: Finding[];
};

export async function recordAndApply(
  tx: Tx,
  opts: { actor: AuditActor; authorId: string | null; title: string; reason: string; operations: ParsedOperation[]; now: Date; revertOfId?: string | null; dryRun?: boolean },
): Promise<RecordedChange> {
  const { actor, now } = opts;
  // Locks the state row: writers are serialised on both providers.
  const state = await tx.catalogState.update({ where: { id: 1 }, data: { catalogVersion: { increment: 1 }, crNumber: { increment: 1 } } });
  const cr = await tx.changeRequest.create({
    data: {
      number: state.crNumber,
      title: opts.title,
      reason: opts.reason,
      status: "applied",
      authorId: opts.authorId,
      baseVersion: state.catalogVersion - 1,
      revertOfId: opts.revertOfId ?? null,
      appliedAt: now,
      // the change's clock, like its rows and audit events (the demo seed replays past changes)
      createdAt: now,
      updatedAt: now,
    },
  });
  const done = await applyOperations({ tx, changeRequestId: cr.id, now }, opts.operations);
  const findings = await findingsFor(tx, done.map(({ op, applied }) => ({ entity: op.entity, id: applied.targetId, deleted: op.kind === "delete" })));
  const result: RecordedChange = {
    changeRequest: { id: cr.id, number: cr.number, title: cr.title, status: cr.status },
    catalogVersion: state.catalogVersion,
    results: operationResults(done),
    findings,
  };
  if (opts.dryRun) return result;
  refuseBlocking({ findings });
  await tx.operation.createMany({ data: operationRows(cr.id, done) });
  await recordCatalogVersion(tx, { version: state.catalogVersion, changeRequestId: cr.id, operations: done.length });
  await appendAudit(
    tx,
    actor,
    [
      ...operationEvents(cr.id, done),
      {
        action: "change.applied",
        targetType: "changeRequest",
        targetId: cr.id,
        targetName: `CR-${cr.number}`,
        changeRequestId: cr.id,
        after: { title: cr.title, operations: done.length, catalogVersion: state.catalogVersion },
      },
    ],
    now,
  );
  return result;
}
