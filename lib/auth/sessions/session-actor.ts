import type { Db } from "../../db/client";
import { isRole, type Actor } from "../permissions";
import { touchEveryMs } from "./policy";

/**
 * The console user behind a session id, with the role as stored now; null when
 * the session is unknown, revoked or expired, or its user disabled or gone.
 * Every console request (page, server action, route handler) comes through here.
 */
export async function actorForSession(client: Db, sessionId: unknown, now = new Date()): Promise<Actor | null> {
  if (typeof sessionId !== "string" || sessionId === "") return null;
  const s = await client.consoleSession.findUnique({
    where: { id: sessionId },
    select: { id: true, revokedAt: true, expiresAt: true, lastSeenAt: true, user: { select: { id: true, email: true, role: true, disabled: true } } },
  });
  if (!s || s.revokedAt || s.expiresAt <= now || s.user.disabled || !isRole(s.user.role)) return null;
  if (now.getTime() - s.lastSeenAt.getTime() >= touchEveryMs) {
    await client.consoleSession.updateMany({ where: { id: s.id, lastSeenAt: s.lastSeenAt }, data: { lastSeenAt: now } });
  }
  return { id: s.user.id, label: s.user.email, role: s.user.role, kind: "user", sessionId: s.id };
}
