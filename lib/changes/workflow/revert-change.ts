// Reverting an applied change request opens its inverse as a new request,
// reviewed like any other; when that applies, the original becomes "reverted".
import type { Actor } from "../../auth/permissions";
import type { Db } from "../../db/client";
import { AppError } from "../../errors";
import { inverseOperations } from "../inverse";
import { openChange, type OpenResult } from "./open-change";

export async function revertChange(db: Db, { actor, id, reason = "", now = new Date() }: { actor: Actor; id: string; reason?: string; now?: Date }): Promise<OpenResult> {
  const cr = await db.changeRequest.findUnique({ where: { id }, include: { operations: true } });
  if (!cr) throw new AppError("not_found", "no change request with this id");
  if (cr.status !== "applied") throw new AppError("conflict", `CR-${cr.number} is ${cr.status}; only applied requests can be reverted`);
  return openChange(db, {
    actor,
    now,
    revertOfId: cr.id,
    input: { title: `Revert CR-${cr.number}: ${cr.title}`.slice(0, 200), reason: reason || `Reverts CR-${cr.number}`, operations: inverseOperations(cr.operations) },
  });
}
