import type { Db } from "../db/client";
import { isRole, type Actor } from "./permissions";

/**
 * A console user as an actor, with the role as stored now; null when disabled or gone.
 * For work done on a user's behalf without a request (recovery); a request's actor
 * comes from its session (./sessions/session-actor.ts), never from a user id alone.
 */
export async function actorForUserId(db: Db, id: string): Promise<Actor | null> {
  const user = await db.user.findUnique({ where: { id }, select: { id: true, email: true, role: true, disabled: true } });
  if (!user || user.disabled || !isRole(user.role)) return null;
  return { id: user.id, label: user.email, role: user.role, kind: "user" };
}
