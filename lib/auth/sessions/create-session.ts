import type { Tx } from "../../db/client";
import { sessionMaxAgeSeconds, summariseUserAgent } from "./policy";

export type NewSession = { userId: string; method: "password" | "oidc"; address: string | null; userAgent: string | null | undefined };

/** Starts a console session inside the sign-in's transaction; the cookie will carry the returned id. */
export async function createSession(tx: Tx, s: NewSession, now = new Date()): Promise<string> {
  const row = await tx.consoleSession.create({
    data: {
      userId: s.userId,
      method: s.method,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + sessionMaxAgeSeconds * 1000),
      address: s.address ?? "",
      userAgent: summariseUserAgent(s.userAgent),
    },
    select: { id: true },
  });
  return row.id;
}
