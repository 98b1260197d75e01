// OIDC sign-in on both databases: users are found by (issuer, subject); a first
// sign-in links to the account with the same e-mail address, or creates one,
// only when the provider verified the address; every refusal is audited and
// writes nothing else.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../../testing/databases";
import { createUser } from "../../users/create-user";
import { updateUser } from "../../users/update-user";
import { systemActor } from "../permissions";
import { actorForSession } from "../sessions/session-actor";
import type { OidcClaims } from "./claims";
import { signInWithOidc, type OidcSignInContext } from "./sign-in-oidc";

const iss = "https://idp.example";
const ctx: OidcSignInContext = { expectedIssuer: `${iss}/`, defaultRole: "viewer", address: "192.0.2.20", userAgent: "test" };
const claims = (sub: string, email: string | undefined, emailVerified: boolean, more: Partial<OidcClaims> = {}): OidcClaims => ({
  iss,
  sub,
  email,
  emailVerified,
  name: "",
  ...more,
});

describe.each(providersUnderTest)("OIDC sign-in on %s", (provider) => {
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
  });
  afterAll(async () => t?.drop());

  const counts = async () => ({ users: await t.db.user.count(), identities: await t.db.externalIdentity.count(), sessions: await t.db.consoleSession.count() });

  it("creates a user with the default role for a new, verified identity, and finds it by issuer and subject afterwards", async () => {
    const first = await signInWithOidc(t.db, claims("sub-ana", "Ana@Example.com", true, { name: "Ana Costa" }), ctx);
    expect(first).toMatchObject({ ok: true, linked: "new-user", user: { email: "ana@example.com", name: "Ana Costa", role: "viewer" } });
    if (!first.ok) return;
    expect(await actorForSession(t.db, first.sessionId)).toMatchObject({ id: first.user.id, role: "viewer" });
    expect(await t.db.externalIdentity.findMany({ where: { userId: first.user.id } })).toEqual([
      expect.objectContaining({ issuer: iss, subject: "sub-ana", email: "ana@example.com" }),
    ]);
    // the address changed at the provider, and is no longer verified: the identity still finds Ana
    const again = await signInWithOidc(t.db, claims("sub-ana", "ana.costa@elsewhere.example", false), ctx);
    expect(again).toMatchObject({ ok: true, linked: "existing", user: { id: first.user.id, email: "ana@example.com" } });
    const actions = await t.db.auditEvent.findMany({ where: { targetId: first.user.id }, orderBy: { seq: "asc" }, select: { action: true } });
    expect(actions.map((a) => a.action)).toEqual(["user.created", "user.identity_linked", "user.signed_in", "user.signed_in"]);
  });

  it("links a first sign-in to the local account with the same, verified address", async () => {
    const local = await createUser(t.db, { actor: systemActor, input: { email: "ben@example.com", role: "approver", password: "local-password" } });
    const r = await signInWithOidc(t.db, claims("sub-ben", "ben@example.com", true), ctx);
    expect(r).toMatchObject({ ok: true, linked: "new-link", user: { id: local.id, role: "approver" } });
  });

  it("never links by an unverified address, nor creates an account for one", async () => {
    await createUser(t.db, { actor: systemActor, input: { email: "cy@example.com", role: "admin", password: "local-password" } });
    const before = await counts();
    expect(await signInWithOidc(t.db, claims("attacker", "cy@example.com", false), ctx)).toEqual({ ok: false, reason: "SsoEmailNotVerified" });
    expect(await signInWithOidc(t.db, claims("newcomer", "new@example.com", false), ctx)).toEqual({ ok: false, reason: "SsoEmailNotVerified" });
    expect(await signInWithOidc(t.db, claims("anonymous", undefined, false), ctx)).toEqual({ ok: false, reason: "SsoNoEmail" });
    expect(await counts()).toEqual(before);
    const refused = await t.db.auditEvent.findMany({ where: { action: "user.sign_in_refused" }, orderBy: { seq: "asc" } });
    expect(refused.map((e) => [e.actorId, e.actorLabel, JSON.parse(e.after!).reason, JSON.parse(e.after!).subject])).toEqual([
      [null, "cy@example.com", "SsoEmailNotVerified", "attacker"],
      [null, "new@example.com", "SsoEmailNotVerified", "newcomer"],
      [null, `${iss} anonymous`, "SsoNoEmail", "anonymous"],
    ]);
  });

  it("refuses a second identity of the same provider claiming an address already linked", async () => {
    const before = await counts();
    expect(await signInWithOidc(t.db, claims("another-ana", "ana@example.com", true), ctx)).toEqual({ ok: false, reason: "SsoLinkedElsewhere" });
    expect(await counts()).toEqual(before);
  });

  it("tells identities apart by issuer: the same subject at another provider is someone else", async () => {
    const otherIss = "https://other-idp.example";
    const r = await signInWithOidc(t.db, { ...claims("sub-ana", "dana@example.com", true), iss: otherIss }, { ...ctx, expectedIssuer: otherIss });
    expect(r).toMatchObject({ ok: true, linked: "new-user", user: { email: "dana@example.com" } });
  });

  it("refuses an ID token from another issuer than the configured one", async () => {
    const before = await counts();
    expect(await signInWithOidc(t.db, { ...claims("sub-ana", "ana@example.com", true), iss: "https://evil.example" }, ctx)).toEqual({ ok: false, reason: "SsoWrongIssuer" });
    expect(await counts()).toEqual(before);
  });

  it("refuses a disabled user, whether found by identity or by address, and links nothing", async () => {
    const admin = await createUser(t.db, { actor: systemActor, input: { email: "root@example.com", role: "admin" } });
    const adminActor = { id: admin.id, label: admin.email, role: "admin" as const, kind: "user" as const };
    const ana = await t.db.user.findUniqueOrThrow({ where: { email: "ana@example.com" } });
    const eve = await createUser(t.db, { actor: systemActor, input: { email: "eve@example.com", role: "viewer" } });
    await updateUser(t.db, { actor: adminActor, input: { id: ana.id, disabled: true } });
    await updateUser(t.db, { actor: adminActor, input: { id: eve.id, disabled: true } });
    const before = await counts();
    expect(await signInWithOidc(t.db, claims("sub-ana", "ana@example.com", true), ctx)).toEqual({ ok: false, reason: "SsoDisabled" });
    expect(await signInWithOidc(t.db, claims("sub-eve", "eve@example.com", true), ctx)).toEqual({ ok: false, reason: "SsoDisabled" });
    expect(await counts()).toEqual(before);
  });

  it("refuses claims a database cannot store, writing nothing", async () => {
    const before = await counts();
    expect(await signInWithOidc(t.db, claims("sub\u0000nul", "nul@example.com", true), ctx)).toEqual({ ok: false, reason: "SsoBadClaims" });
    expect(await signInWithOidc(t.db, claims("sub-x", "x@example.com", true, { name: "bad \ud800 name" }), ctx)).toEqual({ ok: false, reason: "SsoBadClaims" });
    expect(await counts()).toEqual(before);
  });
});
