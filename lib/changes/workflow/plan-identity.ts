// The identity of a catalog-files plan (its hash) recorded with the change
// request it opened, in the same transaction: `perimeter apply` run twice at
// once (two CI jobs, a retried request) opens one request. recordChange takes
// the CatalogState lock first, so these transactions run one at a time and
// each sees what the one before it committed.
import type { Db, Tx } from "../../db/client";
import { AppError } from "../../errors";

/** What the plan was computed from: its hash and the catalog version it was diffed against. */
export type PlanIdentity = { hash: string; catalogVersion: number };

export type PendingRequest = { id: string; number: number; title: string; status: string; risk: string; findings: string };

/** Another apply of the same plan recorded its request first (the caller answers with that request). */
export class PlanAlreadyOpen extends AppError {
  constructor(readonly request: PendingRequest) {
    super("conflict", `CR-${request.number} was opened from this plan already`);
  }
}

/** The catalog moved between computing the plan and recording it (another apply of the same files may have applied it). */
export class PlanOutdated extends AppError {
  constructor(planVersion: number, nowVersion: number) {
    super("stale", "the catalog changed while these files were being applied: run perimeter plan again and review the new plan", [
      { field: "state", message: `the plan was computed at catalog version ${planVersion}; it is now ${nowVersion}` },
    ]);
  }
}

const pending = ["open", "approved"];

/** The newest open or approved request opened from this plan, if any. */
export async function pendingFromPlan(db: Db | Tx, hash: string): Promise<PendingRequest | null> {
  const earlier = await db.changePlan.findMany({ where: { planHash: hash }, select: { changeRequestId: true } });
  if (!earlier.length) return null;
  return db.changeRequest.findFirst({
    where: { id: { in: earlier.map((e) => e.changeRequestId) }, status: { in: pending } },
    select: { id: true, number: true, title: true, status: true, risk: true, findings: true },
    orderBy: { number: "desc" },
  });
}

/** In the transaction that recorded `request` (after its CatalogState lock): refuses a second request of the plan, or a plan the catalog moved past; else records the plan's identity. */
export async function recordPlanIdentity(tx: Tx, plan: PlanIdentity, request: { id: string; baseVersion: number }): Promise<void> {
  const other = await pendingFromPlan(tx, plan.hash);
  if (other) throw new PlanAlreadyOpen(other);
  if (request.baseVersion !== plan.catalogVersion) throw new PlanOutdated(plan.catalogVersion, request.baseVersion);
  await tx.changePlan.create({ data: { changeRequestId: request.id, planHash: plan.hash } });
}
