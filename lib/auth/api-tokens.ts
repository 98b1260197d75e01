// API tokens for machines calling /api/v1: "Authorization: Bearer pmt_api_…".
// Only a keyed hash is stored (../crypto/secrets.ts; an older argon2id hash is
// replaced by one on its next successful use); the prefix finds the row. A token acts for
// the user who created it: never with more than that user's role (and at most
// an editor's), and not at all once that user is disabled.
import type { Db } from "../db/client";
import { prefixOf, verifyMachineSecret } from "../crypto/secrets";
import { isRole, roles, type Actor, type Role } from "./permissions";

/** A verified API token: who it acts as, and until when (epoch ms; null: no expiry). */
export type VerifiedApiToken = { actor: Actor; expiresAt: number | null };

export async function verifyApiToken(client: Db, token: string, now = new Date()): Promise<VerifiedApiToken | null> {
  const prefix = prefixOf(token);
  if (!prefix?.startsWith("pmt_api_")) return null;
  const row = await client.apiToken.findUnique({ where: { prefix }, include: { createdBy: { select: { id: true, email: true, role: true, disabled: true } } } });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
  const creator = row.createdBy;
  if (creator.disabled || !isRole(creator.role)) return null;
  const check = await verifyMachineSecret(token, row.hash);
  if (!check.ok) return null;
  // the upgrade is conditional on the hash read: a concurrent write wins
  if (check.upgrade) await client.apiToken.updateMany({ where: { id: row.id, hash: row.hash }, data: { hash: check.upgrade } });
  await client.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  return {
    actor: { id: creator.id, label: `api-token:${row.name} for ${creator.email}`, role: tokenRole(row.access, creator.role), kind: "api-token", tokenId: row.id },
    expiresAt: row.expiresAt?.getTime() ?? null,
  };
}

export async function actorForApiToken(client: Db, token: string, now = new Date()): Promise<Actor | null> {
  return (await verifyApiToken(client, token, now))?.actor ?? null;
}

const rank = (r: Role) => roles.indexOf(r);

/** A write token acts as an editor, a read token as a viewer; never above its creator's role now. */
function tokenRole(access: string, creatorRole: Role): Role {
  const granted: Role = access === "write" ? "editor" : "viewer";
  return rank(creatorRole) < rank(granted) ? creatorRole : granted;
}
