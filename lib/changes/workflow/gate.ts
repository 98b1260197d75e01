// The approval gate: whether a recorded change request may be applied, judged
// from its own stored record (never from what the caller claims). There are
// exactly four ways through, and every apply asks here first:
// - "approved": reviewers approved it and the stored requirement is still met;
// - "auto": the approval rules required no review when it was opened;
// - "emergency": opened under the emergency rule by someone allowed to use it;
//   it applies first and waits in the after-the-fact review queue;
// - "expiry": the planned inverse of a temporary change whose time is up,
//   pre-approved by the approval of the change it undoes.
import { can, type Actor } from "../../auth/permissions";
import type { Tx } from "../../db/client";
import { AppError } from "../../errors";
import { approvalsSatisfied } from "./review";
import { parseReach } from "./review-data";

export const applyVias = ["approved", "auto", "emergency", "expiry"] as const;
export type ApplyVia = (typeof applyVias)[number];

type Recorded = { id: string; number: number; status: string; emergency: boolean; source: string; revertOfId: string | null; reach: string };

const refuse = (cr: Recorded, why: string) => new AppError("conflict", `CR-${cr.number} cannot be applied: ${why}`);

/** Throws unless the request may apply this way; returns the status it applies from. */
export async function checkGate(tx: Tx, cr: Recorded, actor: Actor, via: ApplyVia): Promise<string> {
  if (!actor.id) throw new AppError("forbidden", "every change needs a human principal; this actor acts for nobody");
  switch (via) {
    case "approved":
      if (!can(actor, "change.create")) throw new AppError("forbidden", `${actor.role} may not apply change requests`);
      if (cr.status !== "approved") throw refuse(cr, cr.status === "applied" ? "it is already applied" : `it is ${cr.status}, not approved`);
      if (!(await approvalsSatisfied(tx, cr.id))) throw refuse(cr, "its approvals no longer meet the approval rules");
      return "approved";
    case "auto":
      if (cr.status !== "open") throw refuse(cr, `it is ${cr.status}`);
      if (!parseReach(cr.reach)?.requirement.autoApply) throw refuse(cr, "the approval rules require a review");
      return "open";
    case "emergency":
      if (!cr.emergency) throw refuse(cr, "it was not opened as an emergency change");
      if (!can(actor, "change.emergency")) throw new AppError("forbidden", `${actor.role} may not apply emergency changes`);
      if (cr.status !== "open") throw refuse(cr, `it is ${cr.status}`);
      return "open";
    case "expiry": {
      if (cr.source !== "expiry" || !cr.revertOfId) throw refuse(cr, "it is not the expiry of a temporary change");
      const original = await tx.changeRequest.findUnique({ where: { id: cr.revertOfId }, select: { status: true } });
      if (original?.status !== "expired") throw refuse(cr, "the temporary change it undoes has not expired");
      if (cr.status !== "open") throw refuse(cr, `it is ${cr.status}`);
      return "open";
    }
  }
}
