// Ending console sessions server-side: the cookie that names a revoked session
// is refused everywhere (lib/auth/sessions/session-actor.ts), copied or not.
import { appendAudit, type Actor as AuditActor } from "../../audit/append";
import { transaction, type Db, type Tx } from "../../db/client";

export type RevokeReason = "signed_out" | "user_disabled" | "role_changed";

/** Sign-out: ends one session and audits it; nothing happens (and false) when it had already ended. */
export async function signOutSession(client: Db, sessionId: unknown, now = new Date()): Promise<boolean> {
  if (typeof sessionId !== "string" || sessionId === "") return false;
  return transaction(client, async (tx) => {
    const s = await tx.consoleSession.findUnique({ where: { id: sessionId }, select: { revokedAt: true, user: { select: { id: true, email: true } } } });
    if (!s || s.revokedAt) return false;
    const { count } = await tx.consoleSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now, revokedReason: "signed_out" } });
    if (count === 0) return false;
    await appendAudit(tx, { id: s.user.id, label: s.user.email }, [
      { action: "user.signed_out", targetType: "user", targetId: s.user.id, targetName: s.user.email, after: { session: sessionId } },
    ], now);
    return true;
  });
}

/** Ends every live session of a user inside the caller's transaction (disable, role change), with one audit event when there were any. */
export async function revokeUserSessions(
  tx: Tx,
  actor: AuditActor,
  user: { id: string; email: string },
  reason: RevokeReason,
  now = new Date(),
): Promise<number> {
  const { count } = await tx.consoleSession.updateMany({
    where: { userId: user.id, revokedAt: null, expiresAt: { gt: now } },
    data: { revokedAt: now, revokedReason: reason },
  });
  if (count > 0) {
    await appendAudit(tx, actor, [
      { action: "user.sessions_revoked", targetType: "user", targetId: user.id, targetName: user.email, after: { sessions: count, reason } },
    ], now);
  }
  return count;
}
