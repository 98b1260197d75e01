import type { Db } from "../db/client";
import { isRole, type Actor } from "./permissions";

/** The console user behind a session, with the role as stored now; null when disabled or gone. */
export async function actorForUserId(db: Db, id: string): Promise<Actor | null> {
  const user = await db.user.findUnique({ where: { id }, select: { id: true, email: true, role: true, disabled: true } });
  if (!user || user.disabled || !isRole(user.role)) return null;
  return { id: user.id, label: user.email, role: user.role, kind: "user" };
}
