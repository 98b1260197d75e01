// API tokens: created by an admin, shown once, stored as an argon2id hash,
// revocable. Each write is audited in its own transaction.
import { z } from "zod";
import { appendAudit } from "../audit/append";
import { can, type Actor } from "../auth/permissions";
import { newSecret } from "../crypto/secrets";
import { transaction, type Db } from "../db/client";
import { AppError, validationError } from "../errors";
import { credentialsChanged } from "../oauth/credential-changes";
import { text } from "../validation/text";

export const apiTokenInput = z.object({
  name: text().trim().min(3, "must be at least 3 characters").max(60, "must be at most 60 characters"),
  access: z.enum(["read", "write"]),
  expiresInDays: z.coerce.number().int().min(1, "must be at least 1 day").max(365, "must be at most 365 days").nullable().default(90),
});

function requireAdmin(actor: Actor) {
  if (!can(actor, "apiToken.manage") || actor.kind !== "user" || !actor.id) throw new AppError("forbidden", "only admins manage API tokens");
  return actor.id;
}

export async function createApiToken(client: Db, { actor, input, now = new Date() }: { actor: Actor; input: unknown; now?: Date }) {
  const userId = requireAdmin(actor);
  const parsed = apiTokenInput.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { name, access, expiresInDays } = parsed.data;
  const secret = await newSecret("api");
  const expiresAt = expiresInDays ? new Date(now.getTime() + expiresInDays * 86_400_000) : null;
  const row = await transaction(client, async (tx) => {
    const token = await tx.apiToken.create({
      data: { name, access, prefix: secret.prefix, hash: secret.hash, createdById: userId, expiresAt },
      select: { id: true, name: true, access: true, prefix: true, expiresAt: true },
    });
    await appendAudit(tx, actor, [{ action: "apiToken.created", targetType: "apiToken", targetId: token.id, targetName: token.name, after: token }], now);
    return token;
  });
  return { ...row, token: secret.secret };
}

export async function revokeApiToken(client: Db, { actor, id, now = new Date() }: { actor: Actor; id: string; now?: Date }) {
  requireAdmin(actor);
  return transaction(client, async (tx) => {
    const token = await tx.apiToken.findUnique({ where: { id } });
    if (!token) throw new AppError("not_found", "no API token with this id");
    if (token.revokedAt) return { id, revokedAt: token.revokedAt };
    const updated = await tx.apiToken.update({ where: { id }, data: { revokedAt: now } });
    // introspection and decisions cache verified API tokens: every instance drops them
    await credentialsChanged(tx);
    await appendAudit(tx, actor, [{ action: "apiToken.revoked", targetType: "apiToken", targetId: id, targetName: token.name }], now);
    return { id, revokedAt: updated.revokedAt };
  });
}

export async function listApiTokens(client: Db) {
  return client.apiToken.findMany({
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      name: true,
      access: true,
      prefix: true,
      createdAt: true,
      expiresAt: true,
      revokedAt: true,
      lastUsedAt: true,
      createdBy: { select: { email: true } },
    },
  });
}
