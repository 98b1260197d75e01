// The automated revocation policies on a controllable clock: a dry run shows
// the plan and changes nothing; a real run opens one change request per rule
// through the write path (or applies it under the emergency rule), revokes
// the tokens a narrowed profile left live, is audited, and does not open a
// rule's change twice; the schedule runs once per period.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../auth/permissions";
import type { Db } from "../db/client";
import { testActor } from "../testing/actors";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { submitChange } from "../testing/submit-change";
import { runRevocationPolicies } from "./run";
import { runDueRevocationPolicies } from "./schedule";
import { updateRevocationPolicies, type RevocationPolicies } from "./settings";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const policies = (apply: "review" | "emergency", schedule = false): RevocationPolicies => ({
  unusedCredentials: { enabled: true, days: 90, apply },
  oldKeys: { enabled: true, days: 30, apply },
  expiredGrantClients: { enabled: true, apply },
  narrowedTokens: { enabled: true },
  schedule: { enabled: schedule, everyHours: 24 },
});

/**
 * svc-idle: a secret never used; svc-used: a secret and a provisioning key used
 * recently, and two tokens under cache-rw v1, one of which holds the write
 * scope the profile loses; temp: a one-hour grant and nothing else. In a
 * protected environment, so a change needs review unless the emergency rule applies it.
 */
async function catalog(db: Db, admin: Actor, start: Date) {
  await submitChange(db, {
    actor: admin,
    input: {
      title: "Bootstrap",
      operations: [
        { entity: "environment", kind: "create", id: "prod", data: { name: "prod", protection: "protected" } },
        { entity: "domain", kind: "create", id: "pay", data: { name: "payments" } },
        { entity: "resource", kind: "create", id: "cache", data: { name: "cache", kind: "storage", environmentId: "prod", domainId: "pay" } },
        { entity: "scope", kind: "create", id: "cache-read", data: { resourceId: "cache", action: "read" } },
        { entity: "scope", kind: "create", id: "cache-write", data: { resourceId: "cache", action: "write" } },
        { entity: "profile", kind: "create", id: "cache-rw", data: { name: "cache-rw", environmentId: "prod", scopeIds: ["cache-read", "cache-write"] } },
        { entity: "client", kind: "create", id: "idle", data: { name: "svc-idle", kind: "service" } },
        { entity: "client", kind: "create", id: "used", data: { name: "svc-used", kind: "service" } },
        { entity: "client", kind: "create", id: "temp", data: { name: "temp", kind: "human" } },
        { entity: "binding", kind: "create", id: "b-idle", data: { clientId: "idle", profileId: "cache-rw" } },
        { entity: "binding", kind: "create", id: "b-used", data: { clientId: "used", profileId: "cache-rw" } },
        { entity: "binding", kind: "create", id: "b-temp", data: { clientId: "temp", profileId: "cache-rw", expiresAt: new Date(start.getTime() + HOUR).toISOString() } },
        { entity: "credential", kind: "create", id: "sec-idle", data: { clientId: "idle" } },
        { entity: "credential", kind: "create", id: "sec-used", data: { clientId: "used" } },
        { entity: "credential", kind: "create", id: "key-used", data: { clientId: "used", kind: "provisioning_key" } },
      ],
    },
  });
  // use is telemetry the token service records, not a catalog change
  await db.credential.updateMany({ where: { id: { in: ["sec-used", "key-used"] } }, data: { lastUsedAt: new Date(start.getTime() + 99 * DAY) } });
  const token = (jti: string, scope: string) => ({ jti, clientId: "used", profileId: "cache-rw", profileVersion: 1, scope, expiresAt: new Date(start.getTime() + 200 * DAY) });
  await db.token.createMany({ data: [token("t-rw", "prod/cache:read prod/cache:write"), token("t-ro", "prod/cache:read")] });
  // the profile narrows: tokens holding the write scope are no longer backed by it
  await submitChange(db, { actor: admin, input: { title: "Narrow cache-rw", operations: [{ entity: "profile", kind: "update", id: "cache-rw", data: { removeScopeIds: ["cache-write"] } }] } });
}

describe.each(providersUnderTest)("revocation policies for review on %s", (provider) => {
  let t: TestDatabase;
  let admin: Actor;
  let editor: Actor;
  const start = new Date();
  const now = new Date(start.getTime() + 100 * DAY);

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    admin = await testActor(t.db, "admin@policies.test", "admin");
    editor = await testActor(t.db, "editor@policies.test", "editor");
    await catalog(t.db, admin, start);
    await updateRevocationPolicies(t.db, { actor: admin, input: policies("review") });
  });
  afterAll(async () => t?.drop());

  it("refuses bad policies naming the field", async () => {
    const bad = { ...policies("review"), unusedCredentials: { enabled: true, days: 0, apply: "review" } };
    await expect(updateRevocationPolicies(t.db, { actor: admin, input: bad })).rejects.toMatchObject({ code: "validation", fields: [{ field: "unusedCredentials.days" }] });
    await expect(updateRevocationPolicies(t.db, { actor: editor, input: policies("review") })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("a dry run shows what each rule would do and changes nothing", async () => {
    const changesBefore = await t.db.changeRequest.count();
    const run = await runRevocationPolicies(t.db, { actor: editor, dryRun: true, now });
    expect(run.actions.map((a) => [a.rule, a.targets])).toEqual([
      ["revoke-unused-credentials", [expect.stringMatching(/^svc-idle\//)]],
      ["expire-old-keys", [expect.stringMatching(/^svc-used\/pmt_key_/)]],
      ["suspend-clients-without-grants", ["temp"]],
      ["revoke-tokens-after-narrowing", ["svc-used"]],
    ]);
    expect(run.actions[3]).toMatchObject({ revoked: 1, summary: expect.stringContaining("cache-rw no longer holds prod/cache:write") });
    expect(await t.db.changeRequest.count()).toBe(changesBefore);
    expect(await t.db.credential.findUniqueOrThrow({ where: { id: "sec-idle" } })).toMatchObject({ revokedAt: null });
    expect(await t.db.token.findUniqueOrThrow({ where: { jti: "t-rw" } })).toMatchObject({ revokedAt: null });
    expect(await t.db.auditEvent.count({ where: { action: "revocationPolicy.ran" } })).toBe(0);
    expect(await t.db.revocationRun.findUniqueOrThrow({ where: { id: run.id } })).toMatchObject({ dryRun: true, trigger: "manual" });
  });

  it("a run opens one change request per rule for review, revokes only the narrowed token, and is audited", async () => {
    const run = await runRevocationPolicies(t.db, { actor: editor, dryRun: false, now });
    expect(run.errors).toEqual([]);
    const opened = await t.db.changeRequest.findMany({ where: { source: "policy" }, include: { operations: true }, orderBy: { number: "asc" } });
    expect(opened.map((c) => [c.status, c.authorId, c.operations.map((o) => [o.entity, o.targetId, JSON.parse(o.payload)])])).toEqual([
      ["open", editor.id, [["credential", "sec-idle", { revoke: true }]]],
      ["open", editor.id, [["credential", "key-used", { expiresAt: now.toISOString() }]]],
      ["open", editor.id, [["client", "temp", { status: "suspended" }]]],
    ]);
    // nothing applied before review
    expect(await t.db.credential.findUniqueOrThrow({ where: { id: "sec-idle" } })).toMatchObject({ revokedAt: null });
    expect((await t.db.token.findUniqueOrThrow({ where: { jti: "t-rw" } })).revokedAt).not.toBeNull();
    expect((await t.db.token.findUniqueOrThrow({ where: { jti: "t-ro" } })).revokedAt).toBeNull();
    const audited = await t.db.auditEvent.findFirstOrThrow({ where: { action: "revocationPolicy.ran", targetId: run.id } });
    expect(audited.actorId).toBe(editor.id);

    const again = await runRevocationPolicies(t.db, { actor: editor, dryRun: false, now });
    expect(again.actions.map((a) => a.changeRequest?.existing)).toEqual([true, true, true]);
    expect(await t.db.changeRequest.count({ where: { source: "policy" } })).toBe(3);
  });
});

describe.each(providersUnderTest)("revocation policies under the emergency rule, on a schedule, on %s", (provider) => {
  let t: TestDatabase;
  let admin: Actor;
  const start = new Date();
  const now = new Date(start.getTime() + 100 * DAY);

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    admin = await testActor(t.db, "admin@policies.test", "admin");
    await catalog(t.db, admin, start);
    await updateRevocationPolicies(t.db, { actor: admin, input: policies("emergency", true) });
  });
  afterAll(async () => t?.drop());

  it("runs when due, applies each rule's change at once for review after, and waits a period before the next run", async () => {
    const run = await runDueRevocationPolicies(t.db, now);
    expect(run).toMatchObject({ trigger: "schedule", dryRun: false, errors: [] });
    const applied = await t.db.changeRequest.findMany({ where: { source: "policy" }, orderBy: { number: "asc" } });
    expect(applied.map((c) => [c.status, c.emergency, c.reviewDue, c.authorId])).toEqual(Array(3).fill(["applied", true, true, admin.id]));
    expect(applied[0]!.title).toMatch(/^Policy revoke-unused-credentials: /);
    expect((await t.db.credential.findUniqueOrThrow({ where: { id: "sec-idle" } })).revokedAt).not.toBeNull();
    expect((await t.db.credential.findUniqueOrThrow({ where: { id: "key-used" } })).expiresAt).toEqual(now);
    expect(await t.db.client.findUniqueOrThrow({ where: { id: "temp" } })).toMatchObject({ status: "suspended" });
    expect((await t.db.token.findUniqueOrThrow({ where: { jti: "t-rw" } })).revokedAt).not.toBeNull();

    expect(await runDueRevocationPolicies(t.db, new Date(now.getTime() + HOUR))).toBeNull();
    const next = await runDueRevocationPolicies(t.db, new Date(now.getTime() + 25 * HOUR));
    // nothing left to do
    expect(next).toMatchObject({ trigger: "schedule", actions: [] });
  });
});
