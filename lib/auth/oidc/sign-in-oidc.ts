// OIDC sign-in: the console user is found by the provider's (issuer, subject),
// never by an e-mail address. The first sign-in of an identity links it to the
// console user with that e-mail address, or creates one with the default role,
// and only when the provider says the address is verified (email_verified):
// otherwise anyone able to type a colleague's address at the provider would
// become that colleague here. Every outcome is audited.
import { appendAudit, type NewAuditEvent } from "../../audit/append";
import { transaction, type Db, type Tx } from "../../db/client";
import { unstorable } from "../../validation/text";
import type { Role } from "../permissions";
import { createSession } from "../sessions/create-session";
import type { SignedInUser } from "../sign-in";
import { sameIssuer, type OidcClaims } from "./claims";

/** Why an SSO sign-in was refused; the login page explains each (app/(auth)/login). */
export const oidcRefusals = ["SsoWrongIssuer", "SsoBadClaims", "SsoNoEmail", "SsoEmailNotVerified", "SsoLinkedElsewhere", "SsoDisabled"] as const;
export type OidcRefusal = (typeof oidcRefusals)[number];

export type OidcSignInContext = { expectedIssuer: string; defaultRole: Role; address: string | null; userAgent?: string | null };

export type OidcSignIn = { ok: true; user: SignedInUser; sessionId: string; linked: "existing" | "new-link" | "new-user" } | { ok: false; reason: OidcRefusal };

type Found = { user: { id: string; email: string; name: string; role: string }; linked: "existing" | "new-link" | "new-user"; events: NewAuditEvent[] };

async function findOrLink(tx: Tx, c: OidcClaims, ctx: OidcSignInContext, now: Date): Promise<Found | OidcRefusal> {
  const identity = await tx.externalIdentity.findUnique({ where: { issuer_subject: { issuer: c.iss, subject: c.sub } }, include: { user: true } });
  if (identity) {
    if (identity.user.disabled) return "SsoDisabled";
    await tx.externalIdentity.update({ where: { id: identity.id }, data: { lastSignInAt: now } });
    return { user: identity.user, linked: "existing", events: [] };
  }
  if (!c.email) return "SsoNoEmail";
  if (!c.emailVerified) return "SsoEmailNotVerified";
  const link = (userId: string) => tx.externalIdentity.create({ data: { issuer: c.iss, subject: c.sub, userId, email: c.email!, createdAt: now, lastSignInAt: now } });
  const linkedEvent = (u: { id: string; email: string }): NewAuditEvent => ({
    action: "user.identity_linked",
    targetType: "user",
    targetId: u.id,
    targetName: u.email,
    after: { issuer: c.iss, subject: c.sub, email: c.email },
  });
  const existing = await tx.user.findUnique({ where: { email: c.email } });
  if (existing) {
    if (existing.disabled) return "SsoDisabled";
    // one identity per provider per user: a second subject claiming the same address is someone else
    if (await tx.externalIdentity.findUnique({ where: { userId_issuer: { userId: existing.id, issuer: c.iss } } })) return "SsoLinkedElsewhere";
    await link(existing.id);
    return { user: existing, linked: "new-link", events: [linkedEvent(existing)] };
  }
  const user = await tx.user.create({ data: { email: c.email, name: c.name.slice(0, 80), role: ctx.defaultRole, createdAt: now } });
  await link(user.id);
  return {
    user,
    linked: "new-user",
    events: [
      { action: "user.created", targetType: "user", targetId: user.id, targetName: user.email, after: { email: user.email, role: user.role } },
      linkedEvent(user),
    ],
  };
}

function refusalEvent(c: OidcClaims, reason: OidcRefusal): NewAuditEvent {
  return { action: "user.sign_in_refused", targetType: "user", targetName: c.email ?? "", after: { method: "oidc", issuer: c.iss, subject: c.sub, reason } };
}

const isUniqueViolation = (e: unknown) => (e as { code?: string } | null)?.code === "P2002";

export async function signInWithOidc(client: Db, asserted: OidcClaims, ctx: OidcSignInContext, now = new Date()): Promise<OidcSignIn> {
  const claims = { ...asserted, email: asserted.email?.trim().toLowerCase() || undefined };
  const fields = [claims.iss, claims.sub, claims.email ?? "", claims.name];
  if (fields.some((f) => unstorable(f) !== null || f.length > 1000)) return { ok: false, reason: "SsoBadClaims" };
  const who = { id: null, label: claims.email ?? `${claims.iss} ${claims.sub}` };
  if (!sameIssuer(claims.iss, ctx.expectedIssuer)) {
    await transaction(client, (tx) => appendAudit(tx, who, [refusalEvent(claims, "SsoWrongIssuer")], now));
    return { ok: false, reason: "SsoWrongIssuer" };
  }
  const attempt = () =>
    transaction(client, async (tx): Promise<OidcSignIn> => {
      const found = await findOrLink(tx, claims, ctx, now);
      if (typeof found === "string") {
        // refused before anything was written; only the refusal is recorded
        await appendAudit(tx, who, [refusalEvent(claims, found)], now);
        return { ok: false, reason: found };
      }
      const { user } = found;
      const sessionId = await createSession(tx, { userId: user.id, method: "oidc", address: ctx.address, userAgent: ctx.userAgent }, now);
      await tx.user.update({ where: { id: user.id }, data: { lastSignInAt: now } });
      await appendAudit(tx, { id: user.id, label: user.email }, [
        ...found.events,
        { action: "user.signed_in", targetType: "user", targetId: user.id, targetName: user.email, after: { method: "oidc", issuer: claims.iss, address: ctx.address, session: sessionId } },
      ], now);
      return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role }, sessionId, linked: found.linked };
    });
  try {
    return await attempt();
  } catch (e) {
    // two first sign-ins of one identity at once: the loser finds the winner's link
    if (isUniqueViolation(e)) return attempt();
    throw e;
  }
}
