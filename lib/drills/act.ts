// The responder's actions during a drill are the real incident actions
// (lib/graph/incident.ts: an emergency change request through the one write
// path, or the token service's revocation); the drill only records when each
// was taken and what it opened, then probes at once.
import { z } from "zod";
import type { Actor } from "../auth/permissions";
import type { Db } from "../db/client";
import { AppError, validationError } from "../errors";
import { runGraphIncident } from "../graph/incident";
import { probeNow } from "./probe";
import { drillActions } from "./types";

export const drillActionInput = z.object({ action: z.enum(drillActions, { message: `must be one of ${drillActions.join(", ")}` }) });

export async function takeDrillAction(db: Db, { actor, id, input }: { actor: Actor; id: string; input: unknown }) {
  const parsed = drillActionInput.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const drill = await db.drill.findUnique({ where: { id } });
  if (!drill) throw new AppError("not_found", "no drill with this id");
  if (drill.status !== "running" && drill.status !== "contained") throw new AppError("conflict", `D-${drill.number} is ${drill.status}; actions are taken while it runs`);
  // the responder acted now: a probe may see the effect before this call returns
  const at = new Date();
  const outcome = await runGraphIncident(db, actor, { action: parsed.data.action, clientId: drill.clientId, reason: `Breach drill D-${drill.number}: ${drill.clientName} declared compromised` });
  const cr = outcome.changeRequest ? await db.changeRequest.findUnique({ where: { number: outcome.changeRequest.number }, select: { id: true, number: true } }) : null;
  await db.drillEvent.create({
    data: {
      drillId: id,
      at,
      kind: "action",
      message: `${actor.label}: ${outcome.message}`,
      detail: JSON.stringify({ action: parsed.data.action, by: actor.label, revoked: outcome.revoked, changeRequest: cr }),
    },
  });
  await db.drill.updateMany({ where: { id, firstActionAt: null }, data: { firstActionAt: at } });
  await probeNow(db, id, { id: actor.id, label: actor.label });
  return outcome;
}
