// Local-account sign-in: argon2id verification, and an audit event for every
// attempt (the attempted email only; never the password).
import { appendAudit } from "../audit/append";
import { randomBytes } from "node:crypto";
import { hashSecret, verifySecret } from "../crypto/secrets";
import { transaction, type Db } from "../db/client";

export type SignedInUser = { id: string; email: string; name: string; role: string };

// Verifying against a fixed hash when the account is unknown keeps the timing
// of "no such user" and "wrong password" alike.
let dummyHash: Promise<string> | undefined;

export async function signInWithPassword(client: Db, email: string, password: string): Promise<SignedInUser | null> {
  const normalised = email.trim().toLowerCase();
  const user = await client.user.findUnique({ where: { email: normalised } });
  const ok = await verifySecret(password, user?.passwordHash ?? (await (dummyHash ??= hashSecret(randomBytes(16).toString("hex")))));
  const success = !!user && !!user.passwordHash && ok && !user.disabled;
  await transaction(client, async (tx) => {
    if (success) await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
    await appendAudit(tx, { id: success ? user.id : null, label: normalised }, [
      { action: success ? "user.signed_in" : "user.sign_in_failed", targetType: "user", targetId: user?.id ?? "", targetName: normalised },
    ]);
  });
  return success ? { id: user.id, email: user.email, name: user.name, role: user.role } : null;
}

/** OIDC sign-in: find the console user for a verified email, creating it with the default role. */
export async function signInWithOidc(client: Db, email: string, name: string, defaultRole: string): Promise<SignedInUser | null> {
  const normalised = email.trim().toLowerCase();
  return transaction(client, async (tx) => {
    const existing = await tx.user.findUnique({ where: { email: normalised } });
    if (existing?.disabled) return null;
    const user = existing
      ? await tx.user.update({ where: { id: existing.id }, data: { lastSignInAt: new Date() } })
      : await tx.user.create({ data: { email: normalised, name, role: defaultRole, lastSignInAt: new Date() } });
    const events = [
      ...(existing ? [] : [{ action: "user.created" as const, targetType: "user", targetId: user.id, targetName: user.email, after: { email: user.email, role: user.role } }]),
      { action: "user.signed_in" as const, targetType: "user", targetId: user.id, targetName: user.email },
    ];
    await appendAudit(tx, { id: user.id, label: user.email }, events);
    return { id: user.id, email: user.email, name: user.name, role: user.role };
  });
}
