// Opening a change request: the one entry point for every catalog change, from
// every surface (console, API, CLI, imports, drift fixes, access reviews,
// incidents, reverts, the demo seed). It validates and analyses the change
// (applied in a rolled-back transaction), records it as "open" with its
// operations, findings, reach delta, risk and approval requirement, then
// applies it at once only where the gate allows: the approval rules need no
// review, or an admin invoked the emergency rule (reviewed after the fact).
import canonicalize from "canonicalize";
import { can, type Actor } from "../../auth/permissions";
import { transaction, type Db } from "../../db/client";
import { AppError } from "../../errors";
import { operationResults, withIds, type OperationResult } from "../apply-operations";
import { loadApprovalRules, requirementFor } from "../approval-rules";
import { parseChange } from "../operations";
import type { ChangeSource } from "../sources";
import { analyzeChange, type Analysis } from "./analyze";
import { applyChangeRequest } from "./apply-change";
import { recordPlanIdentity, type PlanIdentity } from "./plan-identity";
import { recordChange } from "./record-change";
import { refuseBlocking } from "./refuse-blocking";
import { rolledBack } from "./rollback";

export type OpenResult = {
  changeRequest: { id: string; number: number; title: string; status: string; risk: string; emergency?: boolean };
  results: OperationResult[];
  findings: Analysis["findings"];
  reach: { gained: number; lost: number; clientsGaining: number; clientsLosing: number };
};

export type OpenOptions = {
  actor: Actor;
  input: unknown;
  now?: Date;
  source?: ChangeSource;
  revertOfId?: string | null;
  /** catalog files: the plan this change is, recorded with it so the same plan opens one request (./plan-identity.ts) */
  plan?: PlanIdentity;
};

/** A change whose every operation is an update that leaves its object as it was changes nothing: refused, never recorded. */
export function refuseNoOp({ done }: Pick<Analysis, "done">) {
  const noop = done.every(({ op, applied }) => op.kind === "update" && canonicalize(applied.before) === canonicalize(applied.after));
  if (noop) throw new AppError("validation", "this change changes nothing: every field already holds the value given", [{ field: "operations", message: "change at least one field to a new value" }]);
}

/** Who may open changes at all; every change needs a human principal. */
export function requireAuthor(actor: Actor) {
  if (!can(actor, "change.create")) throw new AppError("forbidden", `${actor.role} may not change the catalog`);
  if (!actor.id) throw new AppError("forbidden", "every change needs a human principal; this actor acts for nobody");
}

export async function openChange(db: Db, { actor, input, now = new Date(), source = "console", revertOfId = null, plan }: OpenOptions): Promise<OpenResult> {
  requireAuthor(actor);
  const parsed = parseChange(input);
  if (parsed.expiresAt && parsed.expiresAt <= now) throw AppError.field("expiresAt", "must be in the future");
  if (parsed.emergency && !can(actor, "change.emergency")) throw new AppError("forbidden", "only admins may invoke the emergency rule", [{ field: "emergency", message: "only admins may apply a change first and have it reviewed after" }]);
  const ops = withIds(parsed.operations);

  const analysis = await rolledBack(db, (tx) => analyzeChange(tx, ops, "pending", now));
  refuseNoOp(analysis);
  refuseBlocking(analysis);
  const requirement = requirementFor(await loadApprovalRules(db), analysis.risk.level, analysis.touchesProtected);

  const cr = await transaction(db, async (tx) => {
    const row = await recordChange(tx, { actor, title: parsed.title, reason: parsed.reason, analysis, requirement, source, now, expiresAt: parsed.expiresAt, revertOfId, emergency: parsed.emergency });
    if (plan) await recordPlanIdentity(tx, plan, row);
    return row;
  });

  let status = cr.status;
  let results = operationResults(analysis.done).map(({ secret: _secret, ...r }) => r);
  const via = parsed.emergency ? "emergency" : requirement.autoApply ? "auto" : null;
  if (via) {
    const applied = await applyChangeRequest(db, { actor, id: cr.id, now, via });
    status = applied.changeRequest.status;
    results = applied.results;
  }
  return {
    changeRequest: { id: cr.id, number: cr.number, title: cr.title, status, risk: cr.risk, ...(cr.emergency ? { emergency: true } : {}) },
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
