// A credential created by a reviewed change request gets its secret when the
// request applies, often at the hands of someone other than its author. The
// secret belongs to the author: it is sealed for them (lib/crypto/seal.ts),
// they see it once on the change request, and the applier never does.
// Unrevealed secrets are discarded after a day (rotate the credential then).
// A request opened with an API token belongs to the token's creator: they
// collect it signed in, or with that same (write) token. Requests of the
// system have no one to hold it for: their applier receives the secret.
import { appendAudit, type NewAuditEvent } from "../../audit/append";
import { can, type Actor } from "../../auth/permissions";
import { seal, unseal } from "../../crypto/seal";
import { transaction, type Db, type Tx } from "../../db/client";
import { keySecret } from "../../env";
import { AppError } from "../../errors";
import type { OperationResult } from "../apply-operations";
import { createId } from "../ids";

/** The sealing key is bound to the delivery and its recipient: a ciphertext copied into another row does not open. */
const purposeOf = (d: { id: string; recipientId: string }) => `perimeter secret delivery v1:${d.id}:${d.recipientId}`;

/** Each credential's client, so the events land in the client's audit trail (lib/audit/subjects.ts reads after.clientId). */
async function clientsOf(tx: Tx, credentialIds: string[]): Promise<Map<string, string>> {
  const rows = await tx.credential.findMany({ where: { id: { in: credentialIds } }, select: { id: true, clientId: true } });
  return new Map(rows.map((r) => [r.id, r.clientId]));
}
export const DELIVERY_HOURS = 24;

export type RevealedSecret = { credentialId: string; name: string; secret: string };

/**
 * Inside the applying transaction: when the applier is not the author, seals
 * each new secret for the author and returns the results without them.
 */
export async function holdSecretsForAuthor(
  tx: Tx,
  cr: { id: string; number: number; authorId: string | null },
  applier: Actor,
  results: OperationResult[],
  now: Date,
): Promise<{ results: OperationResult[]; events: NewAuditEvent[] }> {
  const withSecret = results.filter((r) => r.secret);
  if (!withSecret.length || !cr.authorId || cr.authorId === applier.id) return { results, events: [] };
  const author = await tx.user.findUnique({ where: { id: cr.authorId }, select: { email: true, disabled: true } });
  // an author who is gone could never collect it: the applier receives it, as for an API token's request
  if (!author || author.disabled) return { results, events: [] };
  const expiresAt = new Date(now.getTime() + DELIVERY_HOURS * 3_600_000);
  const key = keySecret();
  const clients = await clientsOf(tx, withSecret.map((r) => r.id));
  const events: NewAuditEvent[] = [];
  for (const r of withSecret) {
    const delivery = { id: createId(), recipientId: cr.authorId };
    await tx.secretDelivery.create({
      data: { ...delivery, changeRequestId: cr.id, credentialId: r.id, credentialName: r.name, sealed: await seal(r.secret!, key, purposeOf(delivery)), createdAt: now, expiresAt },
    });
    events.push({
      action: "credential.secret_held",
      targetType: "credential",
      targetId: r.id,
      targetName: r.name,
      changeRequestId: cr.id,
      after: { clientId: clients.get(r.id) ?? null, for: author.email, until: expiresAt.toISOString() },
    });
  }
  return { results: results.map((r) => (r.secret ? { ...r, secret: undefined, heldFor: author.email } : r)), events };
}

/** The secrets waiting for this user on a change request (names only). */
export async function pendingSecrets(db: Db, changeRequestId: string, userId: string | null, now = new Date()) {
  if (!userId) return [];
  return db.secretDelivery.findMany({
    where: { changeRequestId, recipientId: userId, sealed: { not: null }, expiresAt: { gt: now } },
    select: { credentialId: true, credentialName: true, expiresAt: true },
    orderBy: { createdAt: "asc" },
  });
}

/** Shows the author their secrets, once: the ciphertext is erased in the same transaction. */
export async function revealSecrets(db: Db, { actor, changeRequestId, now = new Date() }: { actor: Actor; changeRequestId: string; now?: Date }): Promise<RevealedSecret[]> {
  // An API token collects only the secrets of the request it opened itself (a pipeline
  // picking up what it asked for), and only a write token; everything else its creator
  // asked for is collected signed in, so one leaked token cannot sweep them all.
  if (actor.kind === "system" || !actor.id || (actor.kind === "api-token" && !can(actor, "change.create"))) {
    throw new AppError("forbidden", "only the request's author may see its secrets: signed in, or with the write API token that opened it");
  }
  const key = keySecret();
  return transaction(db, async (tx) => {
    if (actor.kind === "api-token") {
      const cr = await tx.changeRequest.findUnique({ where: { id: changeRequestId }, select: { authorTokenId: true } });
      if (!cr || cr.authorTokenId !== actor.tokenId) throw new AppError("forbidden", "an API token collects only the secrets of a request it opened; sign in to collect this one");
    }
    const waiting = await tx.secretDelivery.findMany({ where: { changeRequestId, recipientId: actor.id!, sealed: { not: null }, expiresAt: { gt: now } } });
    if (!waiting.length) throw new AppError("not_found", "no secret waits for you on this change request (it was shown already, or it expired)");
    const out: RevealedSecret[] = [];
    for (const d of waiting) {
      // conditional erase: two tabs pressing "show" at once reveal it once
      const erased = await tx.secretDelivery.updateMany({ where: { id: d.id, sealed: { not: null } }, data: { sealed: null, revealedAt: now } });
      if (erased.count) out.push({ credentialId: d.credentialId, name: d.credentialName, secret: await unseal(d.sealed!, key, purposeOf(d)) });
    }
    if (!out.length) throw new AppError("conflict", "the secret was shown already");
    const clients = await clientsOf(tx, out.map((s) => s.credentialId));
    await appendAudit(
      tx,
      actor,
      out.map((s) => ({
        action: "credential.secret_revealed",
        targetType: "credential",
        targetId: s.credentialId,
        targetName: s.name,
        changeRequestId,
        after: { clientId: clients.get(s.credentialId) ?? null },
      })),
      now,
    );
    return out;
  });
}

/** Erases secrets nobody came for in time (the expiry sweeper calls this). */
export async function discardExpiredSecrets(db: Db, now = new Date()): Promise<number> {
  return transaction(db, async (tx) => {
    const candidates = await tx.secretDelivery.findMany({ where: { sealed: { not: null }, expiresAt: { lte: now } }, select: { id: true, credentialId: true, credentialName: true, changeRequestId: true } });
    // erased row by row and conditionally: another instance's sweep or a reveal may have got there first
    const stale: typeof candidates = [];
    for (const c of candidates) {
      const erased = await tx.secretDelivery.updateMany({ where: { id: c.id, sealed: { not: null } }, data: { sealed: null } });
      if (erased.count) stale.push(c);
    }
    if (!stale.length) return 0;
    const clients = await clientsOf(tx, stale.map((s) => s.credentialId));
    const events: NewAuditEvent[] = stale.map((s) => ({
      action: "credential.secret_discarded",
      targetType: "credential",
      targetId: s.credentialId,
      targetName: s.credentialName,
      changeRequestId: s.changeRequestId,
      after: { clientId: clients.get(s.credentialId) ?? null, reason: `not shown within ${DELIVERY_HOURS} h; rotate the credential to get a new secret` },
    }));
    await appendAudit(tx, { id: null, label: "system" }, events, now);
    return stale.length;
  });
}
