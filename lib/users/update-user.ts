import { z } from "zod";
import { appendAudit, type NewAuditEvent } from "../audit/append";
import { can, roles, type Actor } from "../auth/permissions";
import { revokeUserSessions } from "../auth/sessions/revoke-sessions";
import { transaction, type Db, type Tx } from "../db/client";
import { AppError, validationError } from "../errors";
import { credentialsChanged } from "../oauth/credential-changes";
import { text } from "../validation/text";

export const userUpdateInput = z.object({
  id: text().min(1),
  role: z.enum(roles).optional(),
  disabled: z.boolean().optional(),
});

/**
 * Changes a console user's role or disables/enables them. Disabling ends their
 * console sessions and revokes the API tokens they created (which act for them);
 * a role change ends their sessions too, so they sign in again under the new role.
 * All in one transaction with its audit events.
 */
export async function updateUser(client: Db, { actor, input, now = new Date() }: { actor: Actor; input: unknown; now?: Date }) {
  if (!can(actor, "user.manage")) throw new AppError("forbidden", `${actor.role} may not manage users`);
  const parsed = userUpdateInput.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { id, ...patch } = parsed.data;
  if (id === actor.id && (patch.role !== undefined && patch.role !== "admin" || patch.disabled)) {
    throw AppError.field(patch.disabled ? "disabled" : "role", "you cannot demote or disable yourself; ask another admin");
  }
  return transaction(client, async (tx) => {
    const before = await tx.user.findUnique({ where: { id }, select: { id: true, email: true, role: true, disabled: true } });
    if (!before) throw new AppError("not_found", "no user with this id");
    const after = await tx.user.update({ where: { id }, data: patch, select: { id: true, email: true, role: true, disabled: true } });
    await appendAudit(tx, actor, [{ action: "user.updated", targetType: "user", targetId: id, targetName: before.email, before, after }], now);
    const disabling = after.disabled && !before.disabled;
    if (disabling || after.role !== before.role) {
      await revokeUserSessions(tx, actor, after, disabling ? "user_disabled" : "role_changed", now);
    }
    if (disabling) await revokeApiTokensOf(tx, actor, after, now);
    return after;
  });
}

/** A disabled user's API tokens stop for good (re-enabling the user does not bring them back). */
async function revokeApiTokensOf(tx: Tx, actor: Actor, user: { id: string; email: string }, now: Date): Promise<void> {
  const tokens = await tx.apiToken.findMany({ where: { createdById: user.id, revokedAt: null }, select: { id: true, name: true } });
  if (tokens.length === 0) return;
  await tx.apiToken.updateMany({ where: { id: { in: tokens.map((t) => t.id) } }, data: { revokedAt: now } });
  // introspection and decisions trust verified API tokens for a few seconds: every instance drops them
  await credentialsChanged(tx);
  const events: NewAuditEvent[] = tokens.map((t) => ({
    action: "apiToken.revoked",
    targetType: "apiToken",
    targetId: t.id,
    targetName: t.name,
    after: { reason: "user disabled", user: user.email },
  }));
  await appendAudit(tx, actor, events, now);
}

export function listUsers(client: Db) {
  return client.user.findMany({
    orderBy: { email: "asc" },
    select: { id: true, email: true, name: true, role: true, disabled: true, lastSignInAt: true },
  });
}
