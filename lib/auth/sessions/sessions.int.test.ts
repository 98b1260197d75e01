// Console sessions on both databases: a sign-in starts one, every read checks
// it, sign-out ends it (so a copied cookie stops), and disabling a user or
// changing their role ends all of theirs; disabling also revokes their API tokens.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../../api-tokens/manage-api-tokens";
import { createDb, type Db } from "../../db/client";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../../testing/databases";
import { createUser } from "../../users/create-user";
import { updateUser } from "../../users/update-user";
import { verifyApiToken } from "../api-tokens";
import { systemActor, type Actor } from "../permissions";
import { signInWithPassword } from "../sign-in";
import { sessionMaxAgeSeconds, touchEveryMs } from "./policy";
import { actorForSession } from "./session-actor";
import { signOutSession } from "./revoke-sessions";

const password = "session-test-password";

describe.each(providersUnderTest)("console sessions on %s", (provider) => {
  let t: TestDatabase;
  let other: Db; // another instance
  let admin: Actor;

  const newUser = async (email: string, role: "viewer" | "admin" = "viewer") => {
    const u = await createUser(t.db, { actor: systemActor, input: { email, role, password } });
    return { ...u, actor: { id: u.id, label: u.email, role, kind: "user" } as Actor };
  };
  const signIn = async (email: string, now = new Date()) => {
    const r = await signInWithPassword(t.db, { email, password, address: "192.0.2.10", userAgent: "Mozilla/5.0 \u0007test" }, now);
    if (!r.ok) throw new Error(`sign-in failed: ${r.reason}`);
    return r.sessionId;
  };

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    other = createDb(t.url);
    admin = (await newUser("admin@sessions.test", "admin")).actor;
  });
  afterAll(async () => {
    await other?.$disconnect();
    await t?.drop();
  });

  it("starts a session at sign-in that every instance accepts, with the role as stored now", async () => {
    const u = await newUser("ana@sessions.test");
    const sid = await signIn(u.email);
    const row = await t.db.consoleSession.findUniqueOrThrow({ where: { id: sid } });
    expect(row).toMatchObject({ userId: u.id, method: "password", address: "192.0.2.10", userAgent: "Mozilla/5.0  test", revokedAt: null });
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(sessionMaxAgeSeconds * 1000);
    expect(await actorForSession(other, sid)).toEqual({ id: u.id, label: u.email, role: "viewer", kind: "user", sessionId: sid });
    const signedIn = await t.db.auditEvent.findFirstOrThrow({ where: { action: "user.signed_in", targetId: u.id } });
    expect(JSON.parse(signedIn.after!)).toEqual({ method: "password", address: "192.0.2.10", session: sid });
  });

  it("refuses unknown, malformed and expired sessions", async () => {
    const u = await newUser("ben@sessions.test");
    const now = new Date();
    const sid = await signIn(u.email, now);
    for (const bad of [undefined, null, "", 42, "no-such-session"]) expect(await actorForSession(t.db, bad)).toBeNull();
    expect(await actorForSession(t.db, sid, new Date(now.getTime() + sessionMaxAgeSeconds * 1000 - 1))).not.toBeNull();
    expect(await actorForSession(t.db, sid, new Date(now.getTime() + sessionMaxAgeSeconds * 1000))).toBeNull();
  });

  it("notes when a session was last seen, at most once a minute", async () => {
    const u = await newUser("cy@sessions.test");
    const t0 = new Date();
    const sid = await signIn(u.email, t0);
    await actorForSession(t.db, sid, new Date(t0.getTime() + touchEveryMs - 1));
    expect((await t.db.consoleSession.findUniqueOrThrow({ where: { id: sid } })).lastSeenAt).toEqual(t0);
    const later = new Date(t0.getTime() + touchEveryMs + 5);
    await actorForSession(t.db, sid, later);
    expect((await t.db.consoleSession.findUniqueOrThrow({ where: { id: sid } })).lastSeenAt).toEqual(later);
  });

  it("sign-out ends the session on every instance, once, audited; the user's other sessions go on", async () => {
    const u = await newUser("di@sessions.test");
    const [a, b] = [await signIn(u.email), await signIn(u.email)];
    expect(await signOutSession(t.db, a)).toBe(true);
    expect(await actorForSession(t.db, a)).toBeNull();
    expect(await actorForSession(other, a)).toBeNull();
    expect(await actorForSession(t.db, b)).not.toBeNull();
    expect(await signOutSession(other, a)).toBe(false);
    expect(await signOutSession(t.db, undefined)).toBe(false);
    const events = await t.db.auditEvent.findMany({ where: { action: "user.signed_out", targetId: u.id } });
    expect(events.map((e) => [e.actorId, e.actorLabel, JSON.parse(e.after!)])).toEqual([[u.id, u.email, { session: a }]]);
    expect(await t.db.consoleSession.findUniqueOrThrow({ where: { id: a } })).toMatchObject({ revokedReason: "signed_out" });
  });

  it("disabling a user ends their sessions and revokes their API tokens, for good, in one audited transaction", async () => {
    const u = await newUser("eve@sessions.test", "admin");
    const sid = await signIn(u.email);
    const token = await createApiToken(t.db, { actor: u.actor, input: { name: "eve-ci", access: "write" } });
    const spent = await createApiToken(t.db, { actor: u.actor, input: { name: "eve-old", access: "read" } });
    await t.db.apiToken.update({ where: { id: spent.id }, data: { revokedAt: new Date(0) } });
    expect(await verifyApiToken(t.db, token.token)).not.toBeNull();
    const signalBefore = await t.db.setting.findUnique({ where: { key: "oauth.signal.credentials" } });

    await updateUser(t.db, { actor: admin, input: { id: u.id, disabled: true } });
    expect(await actorForSession(t.db, sid)).toBeNull();
    expect(await t.db.consoleSession.findUniqueOrThrow({ where: { id: sid } })).toMatchObject({ revokedReason: "user_disabled" });
    expect(await verifyApiToken(t.db, token.token)).toBeNull();
    expect((await t.db.apiToken.findUniqueOrThrow({ where: { id: token.id } })).revokedAt).not.toBeNull();
    // the one already revoked keeps its own revocation time
    expect((await t.db.apiToken.findUniqueOrThrow({ where: { id: spent.id } })).revokedAt).toEqual(new Date(0));
    // caches of verified credentials are told to drop them
    expect((await t.db.setting.findUniqueOrThrow({ where: { key: "oauth.signal.credentials" } })).value).not.toBe(signalBefore?.value);

    const events = await t.db.auditEvent.findMany({ where: { seq: { gt: 0 }, actorId: admin.id }, orderBy: { seq: "desc" }, take: 3 });
    expect(events.map((e) => [e.action, e.targetName]).reverse()).toEqual([
      ["user.updated", u.email],
      ["user.sessions_revoked", u.email],
      ["apiToken.revoked", "eve-ci"],
    ]);

    // enabling again brings neither back: the user signs in anew, and an admin issues new tokens
    await updateUser(t.db, { actor: admin, input: { id: u.id, disabled: false } });
    expect(await actorForSession(t.db, sid)).toBeNull();
    expect(await verifyApiToken(t.db, token.token)).toBeNull();
    expect(await actorForSession(t.db, await signIn(u.email))).not.toBeNull();
  });

  it("a disabled user cannot sign in, and a role change ends the sessions begun under the old role", async () => {
    const u = await newUser("fay@sessions.test");
    const sid = await signIn(u.email);
    await updateUser(t.db, { actor: admin, input: { id: u.id, role: "editor" } });
    expect(await actorForSession(t.db, sid)).toBeNull();
    expect(await t.db.consoleSession.findUniqueOrThrow({ where: { id: sid } })).toMatchObject({ revokedReason: "role_changed" });
    const again = await signIn(u.email);
    expect(await actorForSession(t.db, again)).toMatchObject({ role: "editor" });
    // an update that changes neither role nor status ends nothing
    await updateUser(t.db, { actor: admin, input: { id: u.id, role: "editor" } });
    expect(await actorForSession(t.db, again)).not.toBeNull();
    await updateUser(t.db, { actor: admin, input: { id: u.id, disabled: true } });
    expect(await signInWithPassword(t.db, { email: u.email, password, address: null })).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses to let an admin disable themselves, naming the field, and changes nothing", async () => {
    await expect(updateUser(t.db, { actor: admin, input: { id: admin.id, disabled: true } })).rejects.toMatchObject({
      code: "validation",
      fields: [expect.objectContaining({ field: "disabled" })],
    });
    expect((await t.db.user.findUniqueOrThrow({ where: { id: admin.id! } })).disabled).toBe(false);
  });
});
