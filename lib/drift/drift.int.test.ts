import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../auth/permissions";
import { submitChange } from "../testing/submit-change";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { testActor } from "../testing/actors";
import { fixDrift } from "./fix";
import { driftReport, findDrift } from "./load";
import { DAY } from "./types";

const HOUR = 3_600_000;

describe.each(providersUnderTest)("drift findings and fixes on %s", (provider) => {
  let t: TestDatabase;
  let editor: Actor;
  const start = new Date();
  /** two hours later: the temporary grant has expired */
  const later = new Date(start.getTime() + 2 * HOUR);

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    editor = await testActor(t.db, "editor@drift.test", "editor");
    const admin = await testActor(t.db, "admin@drift.test", "admin");
    await submitChange(t.db, {
      actor: admin,
      input: {
        title: "Bootstrap",
        operations: [
          { entity: "environment", kind: "create", id: "prod", data: { name: "prod", protection: "protected" } },
          { entity: "environment", kind: "create", id: "dev", data: { name: "dev" } },
          { entity: "domain", kind: "create", id: "pay", data: { name: "payments" } },
          { entity: "resource", kind: "create", id: "odb", data: { name: "orders-db", kind: "database", environmentId: "prod", domainId: "pay" } },
          { entity: "scope", kind: "create", id: "odb-read", data: { resourceId: "odb", action: "read" } },
          { entity: "scope", kind: "create", id: "odb-admin", data: { resourceId: "odb", action: "admin" } },
          { entity: "resource", kind: "create", id: "cache", data: { name: "cache", kind: "storage", environmentId: "dev", domainId: "pay" } },
          { entity: "scope", kind: "create", id: "cache-read", data: { resourceId: "cache", action: "read" } },
          { entity: "profile", kind: "create", id: "odb-ro", data: { name: "orders-ro", environmentId: "prod", owner: "pay@acme.example", scopeIds: ["odb-read"] } },
          { entity: "profile", kind: "create", id: "odb-dba", data: { name: "orders-dba", environmentId: "prod", owner: "pay@acme.example", scopeIds: ["odb-admin"] } },
          { entity: "profile", kind: "create", id: "cache-ro", data: { name: "cache-ro", environmentId: "dev", scopeIds: ["cache-read"] } },
          { entity: "client", kind: "create", id: "alice", data: { name: "alice", kind: "human" } },
          { entity: "client", kind: "create", id: "dba", data: { name: "svc-dba", kind: "service" } },
          { entity: "client", kind: "create", id: "svc", data: { name: "svc-cache", kind: "service" } },
          { entity: "binding", kind: "create", id: "b-alice", data: { clientId: "alice", profileId: "odb-ro", expiresAt: new Date(start.getTime() + HOUR).toISOString(), reason: "INC-7" } },
          { entity: "binding", kind: "create", id: "b-dba", data: { clientId: "dba", profileId: "odb-dba" } },
          { entity: "binding", kind: "create", id: "b-cache", data: { clientId: "svc", profileId: "cache-ro" } },
          { entity: "claimRule", kind: "create", id: "gha-any", data: { name: "gha-any", issuer: "https://token.actions.githubusercontent.com", conditions: { repository: "*" }, profileId: "cache-ro" } },
          { entity: "claimRule", kind: "create", id: "gha-main", data: { name: "gha-main", issuer: "https://token.actions.githubusercontent.com", conditions: { repository: "acme/cache" }, profileId: "cache-ro" } },
          { entity: "credential", kind: "create", id: "k-svc", data: { clientId: "svc" } },
        ],
      },
    });
  });
  afterAll(async () => t?.drop());

  const keys = (findings: { key: string }[]) => findings.map((f) => f.key).sort();

  it("finds each kind of drift in the catalog, and only where it is", async () => {
    const now = await findDrift(t.db, { now: start });
    expect(keys(now.findings)).toEqual(["open-claim-rule:claimRule:gha-any", "ownerless-profile:profile:cache-ro", "privileged-client:client:dba"]);
    expect(now.notes.join(" ")).toMatch(/unused.*skipped/i);

    const [expired] = (await findDrift(t.db, { now: later })).findings.filter((f) => f.kind === "expired-grant");
    expect(expired).toMatchObject({ key: "expired-grant:binding:b-alice", environment: "prod" });

    const inTenDays = (await findDrift(t.db, { now: new Date(start.getTime() + 10 * DAY) })).findings;
    expect(keys(inTenDays)).toContain("stale-credential:credential:k-svc");
  });

  it("fixes an expired grant with one change request that deletes the binding, and does not open a second", async () => {
    const fixed = await fixDrift(t.db, { actor: editor, key: "expired-grant:binding:b-alice", now: later });
    expect(fixed.existing).toBe(false);
    const cr = await t.db.changeRequest.findUniqueOrThrow({ where: { number: fixed.changeRequest.number }, include: { operations: true } });
    expect(cr).toMatchObject({ title: "Remove expired grant alice → orders-ro", status: "open", authorId: editor.id });
    expect(cr.operations.map((o) => [o.entity, o.kind, o.targetId])).toEqual([["binding", "delete", "b-alice"]]);
    expect(await t.db.auditEvent.count({ where: { changeRequestId: cr.id, action: "change.opened" } })).toBe(1);

    const again = await fixDrift(t.db, { actor: editor, key: "expired-grant:binding:b-alice", now: later });
    expect(again).toMatchObject({ existing: true, changeRequest: { number: cr.number, status: "open" } });
    const report = await driftReport(t.db, { now: later, kind: "expired-grant" });
    expect(report.items).toMatchObject([{ key: "expired-grant:binding:b-alice", pending: { number: cr.number } }]);
    expect(report.counts["privileged-client"]).toBe(1);
  });

  it("fixes a privileged client by making its standing binding temporary", async () => {
    const fixed = await fixDrift(t.db, { actor: editor, key: "privileged-client:client:dba", now: start });
    const ops = await t.db.operation.findMany({ where: { changeRequest: { number: fixed.changeRequest.number } } });
    expect(ops.map((o) => [o.entity, o.kind, o.targetId])).toEqual([["binding", "update", "b-dba"]]);
    expect(JSON.parse(ops[0]!.payload)).toMatchObject({ expiresAt: expect.any(String) });
  });

  it("applies a low-risk fix at once when the rules allow: the open claim rule is deleted", async () => {
    const fixed = await fixDrift(t.db, { actor: editor, key: "open-claim-rule:claimRule:gha-any", now: start });
    expect(fixed.changeRequest.status).toBe("applied");
    expect(await t.db.claimRule.findUnique({ where: { id: "gha-any" } })).toBeNull();
    expect(keys((await findDrift(t.db, { now: start })).findings)).not.toContain("open-claim-rule:claimRule:gha-any");
  });

  it("finds scopes unused for the window from the decision aggregates, once they cover it, and narrows the profile", async () => {
    const in40Days = new Date(start.getTime() + 40 * DAY);
    const minute = (d: Date) => new Date(d.getTime() - (d.getTime() % 60_000));
    await t.db.decisionStat.create({ data: { minute: minute(new Date(start.getTime() + 20 * DAY)), clientId: "svc", profileId: "cache-ro", scopeId: "cache-read", outcome: "allow", count: 3 } });
    const tooShort = await findDrift(t.db, { now: in40Days });
    expect(tooShort.notes.join(" ")).toMatch(/recorded only since/);
    expect(tooShort.findings.filter((f) => f.kind === "unused-scopes")).toEqual([]);

    await t.db.decisionStat.createMany({
      data: [
        { minute: minute(start), clientId: "svc", profileId: "cache-ro", scopeId: "cache-read", outcome: "allow", count: 1 },
        // a denial is not use
        { minute: minute(new Date(start.getTime() + 35 * DAY)), clientId: "alice", profileId: "odb-ro", scopeId: "odb-read", outcome: "deny", count: 9 },
        { minute: minute(new Date(start.getTime() + 35 * DAY)), clientId: "svc", profileId: "cache-ro", scopeId: "cache-read", outcome: "allow", count: 1 },
      ],
    });
    const found = await findDrift(t.db, { now: in40Days });
    expect(found.notes).toEqual([]);
    const unused = found.findings.filter((f) => f.kind === "unused-scopes");
    expect(unused.map((f) => f.key).sort()).toEqual(["unused-scopes:profile:odb-dba", "unused-scopes:profile:odb-ro"]);
    expect(unused.find((f) => f.target.id === "odb-ro")!.message).toBe("orders-ro used none of its 1 scopes in the last 30 days");

    const fixed = await fixDrift(t.db, { actor: editor, key: "unused-scopes:profile:odb-ro", now: in40Days });
    const ops = await t.db.operation.findMany({ where: { changeRequest: { number: fixed.changeRequest.number } } });
    expect(ops.map((o) => [o.entity, o.kind, o.targetId, JSON.parse(o.payload)])).toEqual([["profile", "update", "odb-ro", expect.objectContaining({ removeScopeIds: ["odb-read"] })]]);
    await t.db.decisionStat.deleteMany();
  });

  it("refuses findings without an automatic fix and unknown keys", async () => {
    await expect(fixDrift(t.db, { actor: editor, key: "ownerless-profile:profile:cache-ro", now: start })).rejects.toMatchObject({ code: "conflict" });
    await expect(fixDrift(t.db, { actor: editor, key: "expired-grant:binding:nope", now: start })).rejects.toMatchObject({ code: "not_found" });
    await expect(fixDrift(t.db, { actor: editor, key: 3, now: start })).rejects.toMatchObject({ code: "validation", fields: [{ field: "key" }] });
    const viewer = await testActor(t.db, "viewer@drift.test", "viewer");
    await expect(fixDrift(t.db, { actor: viewer, key: "privileged-client:client:dba", now: start })).rejects.toMatchObject({ code: "forbidden" });
  });
});
