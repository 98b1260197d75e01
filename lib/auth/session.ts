import "server-only";
import { cache } from "react";
import { redirect } from "next/navigation";
import { getServerSession } from "next-auth";
import { authOptions, type PerimeterSession } from "./options";
import type { Actor } from "./permissions";

/**
 * The signed-in console user, with the role as stored now: the session cookie
 * names a ConsoleSession that must be live and its user enabled (checked by the
 * jwt callback in ./options.ts). Once per request.
 */
export const getSessionActor = cache(async (): Promise<Actor | null> => {
  const session = (await getServerSession(authOptions())) as PerimeterSession | null;
  return session?.actor ?? null;
});

/**
 * The one entry for console pages: every server component under app/(console)
 * that reads data calls this first (lib/auth/console-pages.test.ts checks it),
 * so no page relies on the layout alone.
 */
export async function requireActor(): Promise<Actor> {
  const actor = await getSessionActor();
  if (!actor) redirect("/login");
  return actor;
}
