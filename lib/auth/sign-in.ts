// Local-account sign-in: throttle, argon2id verification, an audit event for
// every attempt (the attempted email and client address; never the password),
// and a server-side session for a success.
import { randomBytes } from "node:crypto";
import { appendAudit } from "../audit/append";
import { hashSecret, verifySecret } from "../crypto/secrets";
import { transaction, type Db } from "../db/client";
import { unstorable } from "../validation/text";
import { createSession } from "./sessions/create-session";
import { attemptSucceeded, reserveAttempt, throttleKeys } from "./throttle/throttle";

export type SignedInUser = { id: string; email: string; name: string; role: string };

export type PasswordAttempt = { email: string; password: string; address: string | null; userAgent?: string | null };

export type PasswordSignIn =
  | { ok: true; user: SignedInUser; sessionId: string }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

// Verifying against a fixed hash when the account is unknown keeps the timing
// of "no such user" and "wrong password" alike.
let dummyHash: Promise<string> | undefined;
const dummy = () => (dummyHash ??= hashSecret(randomBytes(16).toString("hex")));

const MAX_EMAIL = 320;
const MAX_PASSWORD = 1024;

export async function signInWithPassword(client: Db, attempt: PasswordAttempt, now = new Date()): Promise<PasswordSignIn> {
  const email = attempt.email.trim().toLowerCase();
  if (!email || email.length > MAX_EMAIL || unstorable(email) || attempt.password.length > MAX_PASSWORD) {
    // nothing that could be stored, so nothing to count or audit. Refused at once: its shape alone
    // decides, so the time says nothing about any account, and an argon2id run here would be
    // unthrottled work anyone could ask for (on libuv's threadpool, which every instance shares)
    return { ok: false, reason: "invalid" };
  }
  // Counted before the check, against the account and the address, whether or
  // not the account exists: a refusal says nothing about the account.
  const keys = throttleKeys(email, attempt.address);
  const gate = await reserveAttempt(client, keys, now);
  if (!gate.ok) return { ok: false, reason: "throttled", retryAfterSeconds: Math.ceil(gate.retryAfterMs / 1000) };

  const user = await client.user.findUnique({ where: { email } });
  const ok = await verifySecret(attempt.password, user?.passwordHash ?? (await dummy()));
  const success = !!user && !!user.passwordHash && ok && !user.disabled;
  const sessionId = await transaction(client, async (tx) => {
    const sid = success ? await createSession(tx, { userId: user.id, method: "password", address: attempt.address, userAgent: attempt.userAgent }, now) : null;
    if (success) await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: now } });
    await appendAudit(tx, { id: success ? user.id : null, label: email }, [
      {
        action: success ? "user.signed_in" : "user.sign_in_failed",
        targetType: "user",
        targetId: user?.id ?? "",
        targetName: email,
        after: { method: "password", address: attempt.address, ...(sid ? { session: sid } : {}) },
      },
    ], now);
    return sid;
  });
  if (!success || !sessionId) return { ok: false, reason: "invalid" };
  await attemptSucceeded(client, keys);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role }, sessionId };
}
