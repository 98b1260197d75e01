// Rolling back a drill's containment: each change request the responder's
// actions applied (a suspension, revoked credentials) is reverted through the
// write path (lib/changes/workflow/revert-change.ts): one revert request per
// applied change, reviewed like any other widening. Revoked tokens stay
// revoked (a revocation cannot be undone; clients mint new ones).
import type { Actor } from "../auth/permissions";
import { revertChange } from "../changes/workflow/revert-change";
import type { Db } from "../db/client";
import { AppError } from "../errors";

export async function rollBackDrill(db: Db, { actor, id }: { actor: Actor; id: string }) {
  const drill = await db.drill.findUnique({ where: { id }, include: { events: { where: { kind: "action" }, orderBy: { at: "asc" } } } });
  if (!drill) throw new AppError("not_found", "no drill with this id");
  if (drill.status !== "completed") throw new AppError("conflict", `D-${drill.number} is ${drill.status}; complete it before rolling its containment back`);
  const changeIds = drill.events.flatMap((e) => {
    const cr = (JSON.parse(e.detail) as { changeRequest?: { id: string } | null }).changeRequest;
    return cr ? [cr.id] : [];
  });
  const applied = await db.changeRequest.findMany({ where: { id: { in: changeIds }, status: "applied" }, select: { id: true, number: true } });
  if (!applied.length) throw new AppError("conflict", `D-${drill.number} has no applied containment change to roll back (revoked tokens stay revoked)`);
  const reverts = [];
  for (const cr of applied) {
    const done = await revertChange(db, { actor, id: cr.id, reason: `Roll back the containment of breach drill D-${drill.number}` });
    reverts.push({ of: cr.number, changeRequest: done.changeRequest });
  }
  await db.drillEvent.create({ data: { drillId: id, at: new Date(), kind: "note", message: `${actor.label} rolled the containment back: ${reverts.map((r) => `CR-${r.changeRequest.number} reverts CR-${r.of}`).join(", ")}` } });
  return { reverts };
}
