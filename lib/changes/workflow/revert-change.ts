// Reverting an applied change request opens its exact inverse (lib/changes/
// inverse.ts) as a new request, reviewed like any other; when that applies,
// the original becomes "reverted". When the inverse cannot be exact (a field
// the change set was changed again since, a revocation), the revert request
// is recorded as stale, saying why, and nothing is undone.
import type { Actor } from "../../auth/permissions";
import { transaction, type Db } from "../../db/client";
import { AppError } from "../../errors";
import { planInverse } from "../inverse";
import { loadApprovalRules, requirementFor } from "../approval-rules";
import { parseChange } from "../operations";
import { analyzeChange } from "./analyze";
import { openChange, requireAuthor, type OpenResult } from "./open-change";
import { recordChange } from "./record-change";
import { rolledBack } from "./rollback";

export async function revertChange(db: Db, { actor, id, reason = "", now = new Date() }: { actor: Actor; id: string; reason?: string; now?: Date }): Promise<OpenResult> {
  requireAuthor(actor);
  const cr = await db.changeRequest.findUnique({ where: { id }, include: { operations: true } });
  if (!cr) throw new AppError("not_found", "no change request with this id");
  if (cr.status !== "applied") throw new AppError("conflict", `CR-${cr.number} is ${cr.status}; only applied requests can be reverted`);
  const label = `CR-${cr.number}`;
  const title = `Revert ${label}: ${cr.title}`.slice(0, 200);
  const plan = await transaction(db, (tx) => planInverse(tx, cr.operations, label));
  if (plan.conflicts.length) {
    const staleReason = `cannot undo ${label} exactly: ${plan.conflicts.join("; ")}`.slice(0, 2000);
    const ops = plan.operations.length ? parseChange({ title, operations: plan.operations }).operations : [];
    const analysis = await rolledBack(db, (tx) => analyzeChange(tx, ops, "pending", now));
    const requirement = requirementFor(await loadApprovalRules(db), analysis.risk.level, analysis.touchesProtected);
    const stale = await transaction(db, (tx) => recordChange(tx, { actor, title, reason: reason || `Reverts ${label}`, analysis, requirement, source: "revert", now, revertOfId: cr.id, staleReason }));
    throw new AppError("stale", `CR-${stale.number} is stale: ${staleReason}`);
  }
  if (!plan.operations.length) throw new AppError("conflict", `${label} has nothing left to undo: its effect is already gone`);
  return openChange(db, { actor, now, source: "revert", revertOfId: cr.id, input: { title, reason: reason || `Reverts ${label}`, operations: plan.operations } });
}
