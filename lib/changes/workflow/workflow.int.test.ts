import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/permissions";
import { verifyAuditChain } from "../../audit/verify";
import { createDb } from "../../db/client";
import { AppError } from "../../errors";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../../testing/databases";
import { testActor } from "../../testing/actors";
import { submitChange } from "../../testing/submit-change";
import { applyChangeRequest } from "./apply-change";
import { expireDueChanges } from "./expire-changes";
import { openChange } from "./open-change";
import { revertChange } from "./revert-change";
import { cancelChange, reviewChange } from "./review";

const HOUR = 3_600_000;

describe.each(providersUnderTest)("the change workflow on %s", (provider) => {
  let t: TestDatabase;
  const actors = {} as Record<"editor" | "approver" | "owner" | "admin", Actor>;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    actors.editor = await testActor(t.db, "editor@wf.test", "editor");
    actors.approver = await testActor(t.db, "approver@wf.test", "approver");
    actors.owner = await testActor(t.db, "owner@wf.test", "approver");
    actors.admin = await testActor(t.db, "admin@wf.test", "admin");
    await submitChange(t.db, {
      actor: actors.admin,
      input: {
        title: "Bootstrap",
        operations: [
          { entity: "environment", kind: "create", id: "prod", data: { name: "prod", protection: "protected" } },
          { entity: "environment", kind: "create", id: "dev", data: { name: "dev" } },
          { entity: "domain", kind: "create", id: "payments", data: { name: "payments", ownerEmails: ["owner@wf.test"] } },
          { entity: "resource", kind: "create", id: "odb", data: { name: "orders-db", kind: "database", environmentId: "prod", domainId: "payments", criticality: "high" } },
          { entity: "scope", kind: "create", id: "odb-read", data: { resourceId: "odb", action: "read" } },
          { entity: "scope", kind: "create", id: "odb-write", data: { resourceId: "odb", action: "write" } },
          { entity: "resource", kind: "create", id: "cache", data: { name: "cache", kind: "storage", environmentId: "dev", domainId: "payments" } },
          { entity: "scope", kind: "create", id: "cache-read", data: { resourceId: "cache", action: "read" } },
          { entity: "profile", kind: "create", id: "deploy", data: { name: "deploy-orders", environmentId: "prod", scopeIds: ["odb-read"] } },
          { entity: "profile", kind: "create", id: "cache-ro", data: { name: "cache-ro", environmentId: "dev", scopeIds: ["cache-read"] } },
          { entity: "client", kind: "create", id: "ci", data: { name: "ci-orders", kind: "pipeline" } },
          { entity: "client", kind: "create", id: "svc", data: { name: "svc-cache", kind: "service" } },
          { entity: "binding", kind: "create", data: { clientId: "ci", profileId: "deploy" } },
        ],
      },
    });
  });
  afterAll(async () => t?.drop());

  const addProdWrite = (title: string) =>
    openChange(t.db, {
      actor: actors.editor,
      input: { title, operations: [{ entity: "profile", kind: "update", id: "deploy", data: { addScopeIds: ["odb-write"] } }] },
    });

  it("reviews a prod write grant: high risk, reach delta, author cannot approve, two approvals incl. a domain owner, then applies", async () => {
    const opened = await addProdWrite("Let CI write orders-db");
    expect(opened.changeRequest).toMatchObject({ status: "open", risk: "high" });
    expect(opened.reach).toMatchObject({ gained: 1, lost: 0, clientsGaining: 1 });
    const id = opened.changeRequest.id;

    await expect(reviewChange(t.db, { actor: actors.editor, id, input: { decision: "approve" } })).rejects.toMatchObject({ code: "forbidden" });
    await expect(applyChangeRequest(t.db, { actor: actors.editor, id })).rejects.toMatchObject({ code: "conflict" });

    expect(await reviewChange(t.db, { actor: actors.approver, id, input: { decision: "approve" } })).toEqual({ status: "open" });
    expect(await reviewChange(t.db, { actor: actors.owner, id, input: { decision: "approve" } })).toEqual({ status: "approved" });

    const applied = await applyChangeRequest(t.db, { actor: actors.editor, id });
    expect(applied.changeRequest.status).toBe("applied");
    const profile = await t.db.profile.findUniqueOrThrow({ where: { id: "deploy" }, include: { scopes: true } });
    expect(profile.version).toBe(2);
    expect(profile.scopes.map((s) => s.scopeId).sort()).toEqual(["odb-read", "odb-write"]);
    const actions = (await t.db.auditEvent.findMany({ where: { changeRequestId: id }, orderBy: { seq: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["change.opened", "change.approved", "change.approved", "profile.updated", "change.applied"]);
    const stored = JSON.parse((await t.db.changeRequest.findUniqueOrThrow({ where: { id } })).reach);
    expect(stored.gained[0]).toMatchObject({ client: "ci-orders", resource: "prod/orders-db", action: "write", protected: true });
  });

  it("needs an owner for high risk: two approvals without one stay open", async () => {
    const extra = await testActor(t.db, "second@wf.test", "approver");
    await submitChange(t.db, { actor: actors.admin, input: { title: "Drop write again", operations: [{ entity: "profile", kind: "update", id: "deploy", data: { removeScopeIds: ["odb-write"] } }] } });
    const { changeRequest } = await addProdWrite("Write again");
    await reviewChange(t.db, { actor: actors.approver, id: changeRequest.id, input: { decision: "approve" } });
    expect(await reviewChange(t.db, { actor: extra, id: changeRequest.id, input: { decision: "approve" } })).toEqual({ status: "open" });
    await cancelChange(t.db, { actor: actors.editor, id: changeRequest.id });
    expect((await t.db.changeRequest.findUniqueOrThrow({ where: { id: changeRequest.id } })).status).toBe("cancelled");
  });

  it("applies an approved request exactly once when apply is pressed concurrently", async () => {
    const { changeRequest } = await addProdWrite("Concurrent apply");
    for (const a of [actors.approver, actors.owner]) await reviewChange(t.db, { actor: a, id: changeRequest.id, input: { decision: "approve" } });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 6 }, () => applyChangeRequest(t.db, { actor: actors.editor, id: changeRequest.id })),
    );
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    for (const o of outcomes.filter((o) => o.status === "rejected")) expect((o as PromiseRejectedResult).reason).toMatchObject({ code: "conflict" });
    expect(await t.db.auditEvent.count({ where: { changeRequestId: changeRequest.id, action: "change.applied" } })).toBe(1);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it("makes the second of two conflicting requests stale, naming the object that moved", async () => {
    const a = await openChange(t.db, { actor: actors.editor, input: { title: "Describe A", operations: [{ entity: "profile", kind: "update", id: "deploy", data: { description: "A" } }] } });
    const b = await openChange(t.db, { actor: actors.editor, input: { title: "Describe B", operations: [{ entity: "profile", kind: "update", id: "deploy", data: { description: "B" } }] } });
    // deploy-orders now holds a prod write scope without expiry: a high-risk
    // finding, so even a description change needs two approvals incl. an owner
    expect(a.changeRequest.risk).toBe("high");
    for (const cr of [a, b]) {
      for (const reviewer of [actors.approver, actors.owner]) await reviewChange(t.db, { actor: reviewer, id: cr.changeRequest.id, input: { decision: "approve" } });
    }
    const outcomes = await Promise.allSettled([
      applyChangeRequest(t.db, { actor: actors.editor, id: a.changeRequest.id }),
      applyChangeRequest(t.db, { actor: actors.editor, id: b.changeRequest.id }),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const failed = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect(failed.reason).toBeInstanceOf(AppError);
    expect(failed.reason.code).toBe("stale");
    expect(failed.reason.message).toContain("deploy-orders");
    const statuses = await t.db.changeRequest.findMany({ where: { id: { in: [a.changeRequest.id, b.changeRequest.id] } }, select: { status: true, staleReason: true } });
    expect(statuses.map((s) => s.status).sort()).toEqual(["applied", "stale"]);
    expect(statuses.find((s) => s.status === "stale")?.staleReason).toContain("profile deploy-orders changed");
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it("applies a low-risk change in an unprotected environment on its own", async () => {
    const r = await openChange(t.db, { actor: actors.editor, input: { title: "Cache reader", operations: [{ entity: "binding", kind: "create", data: { clientId: "svc", profileId: "cache-ro" } }] } });
    expect(r.changeRequest).toMatchObject({ status: "applied", risk: "low" });
    expect(await t.db.binding.count({ where: { clientId: "svc", profileId: "cache-ro" } })).toBe(1);
  });

  it("undoes a temporary grant at its expiry, also when the server was down at that moment", async () => {
    const now = new Date();
    const r = await openChange(t.db, {
      actor: actors.editor,
      now,
      input: { title: "Temporary cache access", expiresAt: new Date(now.getTime() + HOUR).toISOString(), operations: [{ entity: "client", kind: "create", id: "tmp", data: { name: "tmp-debugger", kind: "human" } }, { entity: "binding", kind: "create", id: "tmp-b", data: { clientId: "tmp", profileId: "cache-ro" } }] },
    });
    expect(r.changeRequest.status).toBe("applied");
    expect(await expireDueChanges(t.db, new Date(now.getTime() + HOUR / 2))).toEqual([]);
    expect(await t.db.binding.count({ where: { id: "tmp-b" } })).toBe(1);

    // a "restart" two hours later: a new client catches up on the missed expiry
    const restarted = createDb(t.url);
    try {
      expect(await expireDueChanges(restarted, new Date(now.getTime() + 2 * HOUR))).toEqual([r.changeRequest.number]);
      expect(await expireDueChanges(restarted, new Date(now.getTime() + 3 * HOUR))).toEqual([]);
    } finally {
      await restarted.$disconnect();
    }
    expect(await t.db.binding.count({ where: { id: "tmp-b" } })).toBe(0);
    expect(await t.db.client.count({ where: { id: "tmp" } })).toBe(0);
    const cr = await t.db.changeRequest.findUniqueOrThrow({ where: { id: r.changeRequest.id } });
    expect(cr.status).toBe("expired");
    // carried out by the system, for the person who made the temporary change
    expect(await t.db.auditEvent.count({ where: { changeRequestId: cr.id, action: "change.expired", actorId: actors.editor.id } })).toBe(1);
    const expiry = await t.db.changeRequest.findFirstOrThrow({ where: { revertOfId: cr.id, source: "expiry" } });
    expect(expiry).toMatchObject({ status: "applied", authorId: actors.editor.id });
  });

  it("reverts an applied request through a new, reviewed request", async () => {
    const applied = await openChange(t.db, { actor: actors.editor, input: { title: "Describe cache", operations: [{ entity: "resource", kind: "update", id: "cache", data: { description: "hot" } }] } });
    expect(applied.changeRequest.status).toBe("applied");
    const revert = await revertChange(t.db, { actor: actors.editor, id: applied.changeRequest.id });
    expect(revert.changeRequest.status).toBe("applied");
    expect((await t.db.resource.findUniqueOrThrow({ where: { id: "cache" } })).description).toBe("");
    expect((await t.db.changeRequest.findUniqueOrThrow({ where: { id: applied.changeRequest.id } })).status).toBe("reverted");
  });

  it("lets an approver reject, and refuses review by an editor", async () => {
    const { changeRequest } = await addProdWrite("Rejected one");
    await expect(reviewChange(t.db, { actor: actors.editor, id: changeRequest.id, input: { decision: "reject" } })).rejects.toMatchObject({ code: "forbidden" });
    expect(await reviewChange(t.db, { actor: actors.owner, id: changeRequest.id, input: { decision: "reject", comment: "not now" } })).toEqual({ status: "rejected" });
    await expect(reviewChange(t.db, { actor: actors.approver, id: changeRequest.id, input: { decision: "approve" } })).rejects.toMatchObject({ code: "conflict" });
  });
});
