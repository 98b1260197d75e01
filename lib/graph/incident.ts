import "server-only";
// Incident actions from the graph (admins only): each is an emergency change
// through the one write path — applied at once, marked break-glass, audited,
// reviewed afterwards — or, for tokens, the token service's revocation.
import { invalidateReadModel } from "../access/cache";
import { can, type Actor } from "../auth/permissions";
import { openChange } from "../changes/workflow/open-change";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { revokeTokens } from "../oauth/revocations";
import { counted } from "../format";

export type IncidentAction = "suspend" | "revokeCredentials" | "revokeTokens";
export type IncidentInput = { action: IncidentAction; clientId: string; reason?: string };
export type IncidentOutcome = {
  action: IncidentAction;
  client: { id: string; name: string };
  changeRequest: { number: number; title: string; status: string } | null;
  /** credentials or tokens revoked */
  revoked: number;
  message: string;
};

const prefix = "Emergency (break-glass): ";

async function emergency(db: Db, actor: Actor, title: string, reason: string, operations: unknown[]) {
  // applied at once under the emergency rule; it waits in the after-the-fact review queue
  const done = await openChange(db, { actor, source: "incident", input: { title: `${prefix}${title}`, reason, operations, emergency: true } });
  invalidateReadModel();
  return { number: done.changeRequest.number, title: done.changeRequest.title, status: done.changeRequest.status };
}

export async function runGraphIncident(db: Db, actor: Actor, input: IncidentInput): Promise<IncidentOutcome> {
  if (!can(actor, "change.emergency")) throw new AppError("forbidden", "only admins may take emergency actions");
  const client = await db.client.findUnique({ where: { id: input.clientId }, select: { id: true, name: true, status: true } });
  if (!client) throw new AppError("not_found", `there is no client ${input.clientId}`, [{ field: "clientId", message: "no client with this id" }]);
  const reason = input.reason?.trim() || "Incident response from the access graph";
  const who = { id: client.id, name: client.name };

  if (input.action === "suspend") {
    if (client.status === "suspended") return { action: "suspend", client: who, changeRequest: null, revoked: 0, message: `${client.name} is already suspended` };
    const cr = await emergency(db, actor, `suspend client ${client.name}`, reason, [{ kind: "update", entity: "client", id: client.id, data: { status: "suspended" } }]);
    return { action: "suspend", client: who, changeRequest: cr, revoked: 0, message: `${client.name} suspended by CR-${cr.number}` };
  }
  if (input.action === "revokeCredentials") {
    const live = await db.credential.findMany({ where: { clientId: client.id, revokedAt: null }, select: { id: true } });
    if (!live.length) return { action: "revokeCredentials", client: who, changeRequest: null, revoked: 0, message: `${client.name} has no live credentials` };
    const cr = await emergency(
      db,
      actor,
      `revoke the credentials of ${client.name}`,
      reason,
      live.map((c) => ({ kind: "update", entity: "credential", id: c.id, data: { revoke: true } })),
    );
    return { action: "revokeCredentials", client: who, changeRequest: cr, revoked: live.length, message: `${counted(live.length, "credential")} of ${client.name} revoked by CR-${cr.number}` };
  }
  const rows = await revokeTokens(db, { clientId: client.id }, {
    actor: { id: actor.id, label: actor.label },
    reason: `${prefix}${reason}`,
    target: { type: "client", id: client.id, name: client.name },
  });
  return { action: "revokeTokens", client: who, changeRequest: null, revoked: rows.length, message: `${rows.length} live token(s) of ${client.name} revoked` };
}
