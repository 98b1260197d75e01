import type { Db } from "../../db/client";
import { credentialStatus } from "./list-credentials";

/** One credential's metadata. The hash never leaves the database; the secret was shown once, at creation. */
export async function getCredential(db: Db, id: string, now: Date = new Date()) {
  const c = await db.credential.findUnique({
    where: { id },
    select: {
      id: true,
      prefix: true,
      kind: true,
      label: true,
      createdAt: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      client: { select: { id: true, name: true, kind: true } },
    },
  });
  if (!c) return null;
  return { ...c, status: credentialStatus(c, now) };
}

export type CredentialDetail = NonNullable<Awaited<ReturnType<typeof getCredential>>>;
