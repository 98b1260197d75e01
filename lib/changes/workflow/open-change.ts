// Opening a change request: validate and analyse it (applied in a rolled-back
// transaction), record it as "open" with its operations, findings, reach delta
// and risk, then apply it at once when the approval rules require no review.
import { appendAudit } from "../../audit/append";
import { can, type Actor } from "../../auth/permissions";
import { transaction, type Db } from "../../db/client";
import { AppError } from "../../errors";
import { enqueueWebhookEvent } from "../../webhooks/enqueue";
import { operationResults, operationRows, withIds, type OperationResult } from "../apply-operations";
import { loadApprovalRules, requirementFor } from "../approval-rules";
import { parseChange } from "../operations";
import { analyzeChange, type Analysis } from "./analyze";
import { refuseBlocking } from "./refuse-blocking";
import { applyChangeRequest } from "./apply-change";
import { storedReach } from "./review-data";
import { rolledBack } from "./rollback";

export type OpenResult = {
  changeRequest: { id: string; number: number; title: string; status: string; risk: string };
  results: OperationResult[];
  findings: Analysis["findings"];
  reach: { gained: number; lost: number; clientsGaining: number; clientsLosing: number };
};

export async function openChange(
  db: Db,
  { actor, input, now = new Date(), revertOfId = null }: { actor: Actor; input: unknown; now?: Date; revertOfId?: string | null },
): Promise<OpenResult> {
  if (!can(actor, "change.create")) throw new AppError("forbidden", `${actor.role} may not change the catalog`);
  const parsed = parseChange(input);
  if (parsed.expiresAt && parsed.expiresAt <= now) throw AppError.field("expiresAt", "must be in the future");
  const ops = withIds(parsed.operations);

  const analysis = await rolledBack(db, (tx) => analyzeChange(tx, ops, "pending", now));
  refuseBlocking(analysis);
  const rules = await loadApprovalRules(db);
  const requirement = requirementFor(rules, analysis.risk.level, analysis.touchesProtected);

  const cr = await transaction(db, async (tx) => {
    const state = await tx.catalogState.update({ where: { id: 1 }, data: { crNumber: { increment: 1 } } });
    const row = await tx.changeRequest.create({
      data: {
        number: state.crNumber,
        title: parsed.title,
        reason: parsed.reason,
        status: "open",
        risk: analysis.risk.level,
        authorId: actor.id,
        baseVersion: state.catalogVersion,
        expiresAt: parsed.expiresAt ?? null,
        revertOfId,
        findings: JSON.stringify(analysis.findings),
        reach: JSON.stringify(storedReach(analysis, requirement)),
      },
    });
    await tx.operation.createMany({ data: operationRows(row.id, analysis.done).map((r) => ({ ...r, after: null })) });
    const summary = {
      number: row.number,
      title: row.title,
      risk: row.risk,
      author: actor.label,
      operations: ops.length,
      gained: analysis.delta.gained.length,
      lost: analysis.delta.lost.length,
      expiresAt: row.expiresAt?.toISOString() ?? null,
    };
    await appendAudit(tx, actor, [{ action: "change.opened", targetType: "changeRequest", targetId: row.id, targetName: `CR-${row.number}`, changeRequestId: row.id, after: summary }], now);
    await enqueueWebhookEvent(tx, "change.opened", summary, now);
    if (analysis.touchesCritical) await enqueueWebhookEvent(tx, "change.critical", summary, now);
    return row;
  });

  let status = cr.status;
  let results = operationResults(analysis.done).map(({ secret: _secret, ...r }) => r);
  if (requirement.autoApply) {
    const applied = await applyChangeRequest(db, { actor, id: cr.id, now, auto: true });
    status = applied.changeRequest.status;
    results = applied.results;
  }
  return {
    changeRequest: { id: cr.id, number: cr.number, title: cr.title, status, risk: cr.risk },
    results,
    findings: analysis.findings,
    reach: {
      gained: analysis.delta.gained.length,
      lost: analysis.delta.lost.length,
      clientsGaining: analysis.delta.clientsGaining,
      clientsLosing: analysis.delta.clientsLosing,
    },
  };
}
