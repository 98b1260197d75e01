// `perimeter apply` on the server: opens the change request for the files'
// plan through the one write path (openChange), so it is reviewed under the
// approval rules like any other change. Idempotent: while a request opened
// from the same plan (same hash) is still open or approved, it is returned
// instead of a second one. With the hash of an earlier plan, a catalog that
// has moved since (the plan would differ) is refused as stale.
//
// Two applies of one plan at once (two CI jobs, a retried request) open one
// request: the plan's identity is written in the transaction that records the
// request, after the lock every recording takes, and that transaction looks
// again for a pending request of the plan, and refuses a catalog that moved
// after the plan was computed (the other apply may have applied it already).
import { z } from "zod";
import type { Actor } from "../auth/permissions";
import { openChange, requireAuthor, type OpenResult } from "../changes/workflow/open-change";
import type { Db, Tx } from "../db/client";
import { AppError, validationError } from "../errors";
import { diffCatalog, planInput } from "./plan-catalog";
import { text } from "../validation/text";

export const applyInput = planInput.extend({
  /** the hash `perimeter plan` printed: refuse when the plan is no longer the same */
  planHash: text().regex(/^[0-9a-f]{64}$/, "must be the 64-character plan hash that plan printed").optional(),
  source: z.enum(["cli", "api"]).default("api"),
});

export type ApplyOutcome = {
  planHash: string;
  /** the catalog already matches the files */
  upToDate: boolean;
  /** the request was opened earlier from the same plan */
  reused: boolean;
  changeRequest: { id: string; number: number; title: string; status: string; risk: string } | null;
  findings: OpenResult["findings"];
};

const pending = ["open", "approved"];

export async function applyCatalog(db: Db, { actor, input }: { actor: Actor; input: unknown }): Promise<ApplyOutcome> {
  requireAuthor(actor);
  const parsed = applyInput.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { base, change } = await diffCatalog(db, parsed.data);
  const hash = base.planHash;
  if (parsed.data.planHash && parsed.data.planHash !== hash) {
    throw new AppError("stale", "the catalog has moved since this plan was made: run perimeter plan again and review the new plan", [
      { field: "planHash", message: `the plan is now ${hash}` },
    ]);
  }
  if (!change) return { planHash: hash, upToDate: true, reused: false, changeRequest: null, findings: [] };

  const reuse = (open: PendingRequest): ApplyOutcome => {
    const { findings, ...changeRequest } = open;
    return { planHash: hash, upToDate: false, reused: true, changeRequest, findings: JSON.parse(findings) as OpenResult["findings"] };
  };
  const open = await pendingFromPlan(db, hash);
  if (open) return reuse(open);
  try {
    const opened = await openChange(db, {
      actor,
      input: change,
      source: parsed.data.source,
      // the plan's identity (not catalog state), recorded with the request: the same plan opens no second one
      alsoRecord: async (tx, request) => {
        const other = await pendingFromPlan(tx, hash);
        if (other) throw new PlanAlreadyOpen(other);
        if (request.baseVersion !== base.catalogVersion) {
          throw new AppError("stale", "the catalog changed while this plan was being applied: run perimeter plan again and review the new plan", [
            { field: "planHash", message: `the plan was computed at catalog version ${base.catalogVersion}; it is now ${request.baseVersion}` },
          ]);
        }
        await tx.changePlan.create({ data: { changeRequestId: request.id, planHash: hash } });
      },
    });
    return { planHash: hash, upToDate: false, reused: false, changeRequest: opened.changeRequest, findings: opened.findings };
  } catch (e) {
    if (e instanceof PlanAlreadyOpen) return reuse(e.request);
    throw e;
  }
}

type PendingRequest = { id: string; number: number; title: string; status: string; risk: string; findings: string };

/** Another apply of the same plan recorded its request first (its transaction committed before ours took the lock). */
class PlanAlreadyOpen extends Error {
  constructor(readonly request: PendingRequest) {
    super("a request of this plan is already open");
  }
}

/** The newest open or approved request opened from this plan, if any. */
async function pendingFromPlan(db: Db | Tx, hash: string): Promise<PendingRequest | null> {
  const earlier = await db.changePlan.findMany({ where: { planHash: hash }, select: { changeRequestId: true } });
  if (!earlier.length) return null;
  return db.changeRequest.findFirst({
    where: { id: { in: earlier.map((e) => e.changeRequestId) }, status: { in: pending } },
    select: { id: true, number: true, title: true, status: true, risk: true, findings: true },
    orderBy: { number: "desc" },
  });
}
