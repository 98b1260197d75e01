// The drill's probe credential: a read-only API token for the responder who
// started it, used only to call introspection on every instance (which
// accepts a client or an API token). Created and revoked like any API token
// (audited); its secret is kept in memory by the process running the drill.
import { appendAudit, type Actor } from "../audit/append";
import { newSecret } from "../crypto/secrets";
import { transaction, type Db } from "../db/client";
import { AppError } from "../errors";
import { credentialsChanged } from "../oauth/credential-changes";

export async function createProbeToken(db: Db, p: { actor: Actor; userId: string | null; drillNumber: number; now: Date }) {
  if (!p.userId) throw new AppError("forbidden", "a drill needs a human principal to probe for");
  const secret = await newSecret("api");
  const row = await transaction(db, async (tx) => {
    const token = await tx.apiToken.create({
      data: { name: probeTokenName(p.drillNumber), access: "read", prefix: secret.prefix, hash: secret.hash, createdById: p.userId!, expiresAt: new Date(p.now.getTime() + 86_400_000) },
      select: { id: true, name: true, access: true, prefix: true, expiresAt: true },
    });
    await appendAudit(tx, p.actor, [{ action: "apiToken.created", targetType: "apiToken", targetId: token.id, targetName: token.name, after: token }], p.now);
    return token;
  });
  return { id: row.id, secret: secret.secret };
}

export const probeTokenName = (drillNumber: number) => `drill D-${drillNumber} probe`;

/** Revokes the drill's probe token, found by its name: the instance completing a drill need not be the one probing. */
export async function revokeProbeToken(db: Db, p: { actor: Actor; drillNumber: number; now: Date }) {
  await transaction(db, async (tx) => {
    const tokens = await tx.apiToken.findMany({ where: { name: probeTokenName(p.drillNumber), revokedAt: null } });
    if (!tokens.length) return;
    await tx.apiToken.updateMany({ where: { id: { in: tokens.map((t) => t.id) } }, data: { revokedAt: p.now } });
    await credentialsChanged(tx);
    await appendAudit(tx, p.actor, tokens.map((t) => ({ action: "apiToken.revoked" as const, targetType: "apiToken", targetId: t.id, targetName: t.name })), p.now);
  });
}
