"use server";
// Console actions for a client's credentials (through the write path: each is
// a change request) and its incident actions (admins).
import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/action";
import { openChange } from "@/lib/changes/workflow/open-change";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { loadDriftPolicy } from "@/lib/drift/settings";
import { runIncidentAction } from "@/lib/oauth/incidents";

type IssueInput = { clientId: string; label?: string; expiresInDays?: number | null };
type RotateInput = { credentialId: string; overlapHours: number };

const inDays = (d: number | null | undefined) => (d ? new Date(Date.now() + d * 86_400_000).toISOString() : null);

export const issueSecretAction = guardedAction("change.create", async (actor, input: IssueInput) => {
  const client = await db().client.findUnique({ where: { id: input.clientId }, select: { name: true } });
  if (!client) throw new AppError("not_found", "this client no longer exists");
  // the console never issues a never-expiring secret by default: the drift policy's rotation period applies
  const expiresInDays = input.expiresInDays ?? (await loadDriftPolicy(db())).credentialRotationDays;
  const result = await openChange(db(), {
    actor,
    input: {
      title: `Issue a client secret for ${client.name}`,
      operations: [{ kind: "create", entity: "credential", data: { clientId: input.clientId, kind: "secret", label: input.label ?? "", expiresAt: inDays(expiresInDays) } }],
    },
  });
  revalidatePath(`/clients/${input.clientId}`);
  return result;
});

/** A new secret now; the old one keeps working for the overlap, then expires. */
export const rotateSecretAction = guardedAction("change.create", async (actor, input: RotateInput) => {
  const old = await db().credential.findUnique({ where: { id: input.credentialId }, include: { client: { select: { name: true } } } });
  if (!old || old.revokedAt) throw new AppError("not_found", "this credential no longer exists or is revoked");
  if (old.kind === "public_key") throw new AppError("validation", "public keys are replaced by registering a new key, not rotated");
  const hours = Math.min(Math.max(Number(input.overlapHours) || 0, 0), 720);
  const end = new Date(Date.now() + Math.max(hours, 1 / 60) * 3_600_000).toISOString();
  const result = await openChange(db(), {
    actor,
    input: {
      title: `Rotate credential ${old.prefix} of ${old.client.name}`,
      reason: `the old credential expires ${hours ? `after a ${hours} h overlap` : "now"}`,
      operations: [
        { kind: "create", entity: "credential", data: { clientId: old.clientId, kind: old.kind, label: old.label, expiresAt: old.expiresAt && old.expiresAt.getTime() > Date.now() + 60_000 ? old.expiresAt.toISOString() : null } },
        { kind: "update", entity: "credential", id: old.id, data: { expiresAt: end } },
      ],
    },
  });
  revalidatePath(`/clients/${old.clientId}`);
  return result;
});

export const revokeCredentialAction = guardedAction("change.create", async (actor, credentialId: string) => {
  const old = await db().credential.findUnique({ where: { id: credentialId }, include: { client: { select: { name: true } } } });
  if (!old) throw new AppError("not_found", "this credential no longer exists");
  const result = await openChange(db(), {
    actor,
    input: { title: `Revoke credential ${old.prefix} of ${old.client.name}`, operations: [{ kind: "update", entity: "credential", id: old.id, data: { revoke: true } }] },
  });
  revalidatePath(`/clients/${old.clientId}`);
  return result;
});

export const clientIncidentAction = guardedAction("change.emergency", async (actor, input: { clientId: string; action: "revoke_tokens" | "suspend_client"; reason: string }) => {
  const result = await runIncidentAction(db(), actor, { action: input.action, clientId: input.clientId, reason: input.reason });
  revalidatePath(`/clients/${input.clientId}`);
  return result;
});
