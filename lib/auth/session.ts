import "server-only";
import { cache } from "react";
import { getServerSession } from "next-auth";
import { db } from "../db/client";
import type { Actor } from "./permissions";
import { authOptions } from "./options";
import { actorForUserId } from "./user-actor";

/** The signed-in console user, with the role as stored now (not as when the session began). */
export const getSessionActor = cache(async (): Promise<Actor | null> => {
  const session = await getServerSession(authOptions());
  const id = (session?.user as { id?: string } | undefined)?.id;
  return id ? actorForUserId(db(), id) : null;
});
