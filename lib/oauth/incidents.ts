// Incident actions: revoke every live token of a client, of a profile, or
// that reaches a resource; suspend a client (an emergency change request
// through the write path, applied at once, then its tokens revoked). Each is
// audited and signalled, so every instance honours it within a second.
import { z } from "zod";
import { invalidateReadModel } from "../access/cache";
import type { Actor } from "../auth/permissions";
import { openChange } from "../changes/workflow/open-change";
import type { Db } from "../db/client";
import { AppError, validationError } from "../errors";
import { revokeTokens, type RevokeWhere } from "./revocations";
import { text } from "../validation/text";

const ref = text().trim().min(1, "is required").max(200);
const reason = text().trim().max(500).default("");

export const incidentInput = z.discriminatedUnion("action", [
  z
    .object({ action: z.literal("revoke_tokens"), clientId: ref.optional(), profileId: ref.optional(), resourceId: ref.optional(), reason })
    .refine((v) => [v.clientId, v.profileId, v.resourceId].filter(Boolean).length === 1, { path: ["clientId"], message: "name exactly one of clientId, profileId and resourceId" }),
  z.object({ action: z.literal("suspend_client"), clientId: ref, reason }),
]);

export type IncidentResult = {
  action: "revoke_tokens" | "suspend_client";
  target: { type: "client" | "profile" | "resource"; id: string; name: string };
  revoked: number;
  changeRequest?: { id: string; number: number; title: string; status: string };
};

async function findClient(db: Db, idOrName: string) {
  const c = await db.client.findFirst({ where: { OR: [{ id: idOrName }, { name: idOrName }] }, select: { id: true, name: true, status: true } });
  if (!c) throw new AppError("not_found", `client ${idOrName} does not exist`, [{ field: "clientId", message: "no client with this id or name" }]);
  return c;
}

async function target(db: Db, v: { clientId?: string; profileId?: string; resourceId?: string }): Promise<{ where: RevokeWhere; target: IncidentResult["target"] }> {
  if (v.clientId) {
    const c = await findClient(db, v.clientId);
    return { where: { clientId: c.id }, target: { type: "client", id: c.id, name: c.name } };
  }
  if (v.profileId) {
    const p = await db.profile.findFirst({ where: { OR: [{ id: v.profileId }, { name: v.profileId }] }, select: { id: true, name: true } });
    if (!p) throw new AppError("not_found", `profile ${v.profileId} does not exist`, [{ field: "profileId", message: "no profile with this id or name" }]);
    return { where: { profileId: p.id }, target: { type: "profile", id: p.id, name: p.name } };
  }
  const refParts = /^([^/]+)\/(.+)$/.exec(v.resourceId!);
  const r = await db.resource.findFirst({
    where: refParts ? { name: refParts[2], environment: { name: refParts[1] } } : { id: v.resourceId! },
    select: { id: true, name: true, environment: { select: { name: true } } },
  });
  if (!r) throw new AppError("not_found", `resource ${v.resourceId} does not exist`, [{ field: "resourceId", message: 'no resource with this id (or "env/name")' }]);
  const name = `${r.environment.name}/${r.name}`;
  return { where: { resource: { id: r.id, ref: name } }, target: { type: "resource", id: r.id, name } };
}

export async function runIncidentAction(db: Db, actor: Actor, input: unknown): Promise<IncidentResult> {
  const parsed = incidentInput.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const v = parsed.data;
  const audit = { id: actor.id, label: actor.label };
  if (v.action === "revoke_tokens") {
    const t = await target(db, v);
    const rows = await revokeTokens(db, t.where, { actor: audit, reason: v.reason || "incident: revoke all tokens", target: t.target });
    return { action: v.action, target: t.target, revoked: rows.length };
  }
  const client = await findClient(db, v.clientId);
  let changeRequest: IncidentResult["changeRequest"];
  if (client.status !== "suspended") {
    // applied at once under the emergency rule (admins); it waits in the after-the-fact review queue
    const done = await openChange(db, {
      actor,
      source: "incident",
      input: {
        title: `Emergency: suspend client ${client.name}`,
        reason: v.reason || "incident response",
        operations: [{ kind: "update", entity: "client", id: client.id, data: { status: "suspended" } }],
        emergency: true,
      },
    });
    changeRequest = done.changeRequest;
    invalidateReadModel();
  }
  const rows = await revokeTokens(db, { clientId: client.id }, { actor: audit, reason: v.reason || "incident: client suspended", target: { type: "client", id: client.id, name: client.name } });
  return { action: v.action, target: { type: "client", id: client.id, name: client.name }, revoked: rows.length, ...(changeRequest ? { changeRequest } : {}) };
}
