// API tokens for machines calling /api/v1: "Authorization: Bearer pmt_api_…".
// Only the argon2id hash is stored; the prefix finds the row.
import type { Db } from "../db/client";
import { prefixOf, verifySecret } from "../crypto/secrets";
import type { Actor } from "./permissions";

/** A verified API token: who it acts as, and until when (epoch ms; null: no expiry). */
export type VerifiedApiToken = { actor: Actor; expiresAt: number | null };

export async function verifyApiToken(client: Db, token: string, now = new Date()): Promise<VerifiedApiToken | null> {
  const prefix = prefixOf(token);
  if (!prefix?.startsWith("pmt_api_")) return null;
  const row = await client.apiToken.findUnique({ where: { prefix } });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
  if (!(await verifySecret(token, row.hash))) return null;
  await client.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  return {
    actor: { id: null, label: `api-token:${row.name}`, role: row.access === "write" ? "editor" : "viewer", kind: "api-token" },
    expiresAt: row.expiresAt?.getTime() ?? null,
  };
}

export async function actorForApiToken(client: Db, token: string, now = new Date()): Promise<Actor | null> {
  return (await verifyApiToken(client, token, now))?.actor ?? null;
}
