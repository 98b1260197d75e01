// Start-up (and periodic) recovery of requests a crash left between opening
// and applying: a request the approval rules let apply at once, or an
// emergency one, is recorded "open" in one transaction and applied in the
// next. The gate and the conditional status update make this exactly once,
// whichever instance gets there first; a grace period leaves the opener time
// to finish its own apply.
import type { Db } from "../../db/client";
import { actorForUserId } from "../../auth/user-actor";
import { StaleError } from "../apply-operations";
import { applyChangeRequest } from "./apply-change";
import { parseReach } from "./review-data";
import { actingFor } from "./expire-changes";

export async function recoverOpenChanges(db: Db, { now = new Date(), graceMs = 10_000 } = {}): Promise<number[]> {
  const open = await db.changeRequest.findMany({
    where: { status: "open", createdAt: { lte: new Date(now.getTime() - graceMs) } },
    select: { id: true, number: true, emergency: true, reach: true, authorId: true },
    orderBy: { number: "asc" },
    take: 100,
  });
  const recovered: number[] = [];
  for (const cr of open) {
    const via = cr.emergency ? "emergency" : parseReach(cr.reach)?.requirement.autoApply ? "auto" : null;
    if (!via) continue; // waiting for review, as it should
    // the author applies their own emergency change; an automatic apply acts for the author
    const author = cr.authorId ? await actorForUserId(db, cr.authorId) : null;
    const actor = via === "emergency" && author ? author : await actingFor(db, [cr.authorId], `recovery of CR-${cr.number}`);
    try {
      await applyChangeRequest(db, { actor, id: cr.id, now, via });
      recovered.push(cr.number);
    } catch (e) {
      if (!(e instanceof StaleError)) console.error(`recovery of CR-${cr.number} failed:`, e instanceof Error ? e.message : e);
    }
  }
  return recovered;
}
