// Integration-test actors: a console user created by the system, as the Actor
// that the services expect.
import { systemActor, type Actor, type Role } from "../auth/permissions";
import type { Db } from "../db/client";
import { createUser } from "../users/create-user";

export async function testActor(db: Db, email: string, role: Role): Promise<Actor> {
  const u = await createUser(db, { actor: systemActor, input: { email, role } });
  return { id: u.id, label: u.email, role, kind: "user" };
}
