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

/** An API token's row and its creator, as verification needs them (times in epoch ms). */
export type ApiTokenRow = { id: string; name: string; hash: string; access: string; revokedAt: number | null; expiresAt: number | null; creator: { id: string; email: string; role: string; disabled: boolean } };

/**
 * Where verification reads and records: the console's Prisma client, or the
 * token service's raw SQL off the event loop with last-use times batched
 * (../oauth/service.ts). One rule set for both (verifyApiTokenWith).
 */
export type ApiTokenSource = {
  byPrefix(prefix: string): Promise<ApiTokenRow | null>;
  /** replaces a legacy hash by its keyed hash, conditional on the hash read (a concurrent write wins) */
  upgrade(id: string, from: string, to: string): Promise<void>;
  used(id: string, at: Date): Promise<void> | void;
};

export function prismaApiTokens(client: Db): ApiTokenSource {
  return {
    async byPrefix(prefix) {
      const row = await client.apiToken.findUnique({ where: { prefix }, include: { createdBy: { select: { id: true, email: true, role: true, disabled: true } } } });
      return row && { ...row, revokedAt: row.revokedAt?.getTime() ?? null, expiresAt: row.expiresAt?.getTime() ?? null, creator: row.createdBy };
    },
    async upgrade(id, from, to) {
      await client.apiToken.updateMany({ where: { id, hash: from }, data: { hash: to } });
    },
    async used(id, at) {
      await client.apiToken.update({ where: { id }, data: { lastUsedAt: at } });
    },
  };
}

export function verifyApiToken(client: Db, token: string, now = new Date()): Promise<VerifiedApiToken | null> {
  return verifyApiTokenWith(prismaApiTokens(client), token, now);
}

export async function verifyApiTokenWith(source: ApiTokenSource, token: string, now = new Date()): Promise<VerifiedApiToken | null> {
  const prefix = prefixOf(token);
  if (!prefix?.startsWith("pmt_api_")) return null;
  const row = await source.byPrefix(prefix);
  if (!row || row.revokedAt !== null || (row.expiresAt !== null && row.expiresAt <= now.getTime())) return null;
  const creator = row.creator;
  if (creator.disabled || !isRole(creator.role)) return null;
  const check = await verifyMachineSecret(token, row.hash);
  if (!check.ok) return null;
  if (check.upgrade) await source.upgrade(row.id, row.hash, check.upgrade);
  await source.used(row.id, now);
  return {
    actor: { id: creator.id, label: `api-token:${row.name} for ${creator.email}`, role: tokenRole(row.access, creator.role), kind: "api-token", tokenId: row.id },
    expiresAt: row.expiresAt,
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
