// Regression tests for the side doors of the change workflow: each case is one
// member of a class the guarantees forbid (expiry and revert must undo exactly
// their own change; every path honours review; API tokens act for a person;
// emergency changes are reviewed after the fact; a crash never strands a
// request). The model-based test (./workflow.model.int.test.ts) covers the
// classes at large.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/permissions";
import { verifyAuditChain } from "../../audit/verify";
import { importIngress } from "../../catalog/import/ingress";
import { AppError } from "../../errors";
import { runIncidentAction } from "../../oauth/incidents";
import { testActor } from "../../testing/actors";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../../testing/databases";
import { submitChange } from "../../testing/submit-change";
import { reviewEmergency } from "./emergency-review";
import { expireDueChanges } from "./expire-changes";
import { openChange } from "./open-change";
import { recoverOpenChanges } from "./recover";
import { revertChange } from "./revert-change";
import { cancelChange, reviewChange } from "./review";

const HOUR = 3_600_000;

describe.each(providersUnderTest)("the workflow's guarantees on %s", (provider) => {
  let t: TestDatabase;
  const a = {} as Record<"editor" | "approver" | "owner" | "admin" | "admin2", Actor>;

  const scopesOf = async (profileId: string) => (await t.db.profileScope.findMany({ where: { profileId }, select: { scopeId: true } })).map((s) => s.scopeId).sort();
  const profile = (id: string) => t.db.profile.findUniqueOrThrow({ where: { id } });
  const change = (actor: Actor, title: string, operations: unknown[], extra: Record<string, unknown> = {}) => openChange(t.db, { actor, input: { title, operations, ...extra } });

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    a.editor = await testActor(t.db, "editor@g.test", "editor");
    a.approver = await testActor(t.db, "approver@g.test", "approver");
    a.owner = await testActor(t.db, "owner@g.test", "approver");
    a.admin = await testActor(t.db, "admin@g.test", "admin");
    a.admin2 = await testActor(t.db, "admin2@g.test", "admin");
    await submitChange(t.db, {
      actor: a.admin,
      input: {
        title: "Bootstrap",
        operations: [
          { entity: "environment", kind: "create", id: "prod", data: { name: "prod", protection: "protected" } },
          { entity: "environment", kind: "create", id: "dev", data: { name: "dev" } },
          { entity: "domain", kind: "create", id: "pay", data: { name: "payments", ownerEmails: ["owner@g.test"] } },
          { entity: "resource", kind: "create", id: "cache", data: { name: "cache", kind: "storage", environmentId: "dev", domainId: "pay" } },
          ...["s", "t", "u"].map((x) => ({ entity: "scope", kind: "create", id: `cache-${x}`, data: { resourceId: "cache", action: `verb-${x}` } })),
          { entity: "profile", kind: "create", id: "p", data: { name: "cache-ops", environmentId: "dev", scopeIds: ["cache-t", "cache-u"], maxTokenLifetimeSeconds: 3600 } },
          { entity: "client", kind: "create", id: "svc", data: { name: "svc-cache", kind: "service" } },
          { entity: "binding", kind: "create", id: "svc-p", data: { clientId: "svc", profileId: "p" } },
        ],
      },
    });
  });
  afterAll(async () => t?.drop());

  it("expiry removes only what the temporary change added: a later removal by another change stays removed", async () => {
    const now = new Date();
    const temp = await openChange(t.db, {
      actor: a.editor,
      now,
      input: { title: "Temporarily add S", expiresAt: new Date(now.getTime() + HOUR).toISOString(), operations: [{ entity: "profile", kind: "update", id: "p", data: { addScopeIds: ["cache-s"] } }] },
    });
    expect(temp.changeRequest.status).toBe("applied");
    await change(a.editor, "Remove T for good", [{ entity: "profile", kind: "update", id: "p", data: { removeScopeIds: ["cache-t"] } }]);
    expect(await scopesOf("p")).toEqual(["cache-s", "cache-u"]);

    expect(await expireDueChanges(t.db, new Date(now.getTime() + 2 * HOUR))).toEqual([temp.changeRequest.number]);
    // S (the temporary change's own effect) is gone; T stays removed; U was never touched
    expect(await scopesOf("p")).toEqual(["cache-u"]);
    const expiry = await t.db.changeRequest.findFirstOrThrow({ where: { revertOfId: temp.changeRequest.id, source: "expiry" } });
    expect(expiry).toMatchObject({ status: "applied", authorId: a.editor.id, outcomeNote: null });
  });

  it("revert is exact too, and a field changed again since makes the revert stale, saying why", async () => {
    const add = await change(a.editor, "Add S again", [{ entity: "profile", kind: "update", id: "p", data: { addScopeIds: ["cache-s"] } }]);
    await change(a.editor, "Add T back", [{ entity: "profile", kind: "update", id: "p", data: { addScopeIds: ["cache-t"] } }]);
    const revert = await revertChange(t.db, { actor: a.editor, id: add.changeRequest.id });
    expect(revert.changeRequest.status).toBe("applied");
    expect(await scopesOf("p")).toEqual(["cache-t", "cache-u"]);

    const longer = await change(a.editor, "Longer tokens", [{ entity: "profile", kind: "update", id: "p", data: { maxTokenLifetimeSeconds: 7200 } }]);
    await change(a.editor, "Shorter tokens", [{ entity: "profile", kind: "update", id: "p", data: { maxTokenLifetimeSeconds: 1800 } }]);
    const stale = await revertChange(t.db, { actor: a.editor, id: longer.changeRequest.id }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(AppError);
    expect((stale as AppError).code).toBe("stale");
    expect((stale as AppError).message).toMatch(/maxTokenLifetimeSeconds was changed again/);
    expect((await profile("p")).maxTokenLifetimeSeconds).toBe(1800);
    const recorded = await t.db.changeRequest.findFirstOrThrow({ where: { revertOfId: longer.changeRequest.id, source: "revert" } });
    expect(recorded).toMatchObject({ status: "stale", staleReason: expect.stringMatching(/maxTokenLifetimeSeconds/) });
  });

  it("expiry leaves a field another change took over, undoes the rest, and one failing expiry never blocks the next", async () => {
    const now = new Date(Date.now() + 10 * HOUR);
    const temp = await openChange(t.db, {
      actor: a.editor,
      now,
      input: {
        title: "Temporary: S and longer tokens",
        expiresAt: new Date(now.getTime() + HOUR).toISOString(),
        operations: [{ entity: "profile", kind: "update", id: "p", data: { addScopeIds: ["cache-s"], maxTokenLifetimeSeconds: 5400 } }],
      },
    });
    await change(a.editor, "Tokens to 2400", [{ entity: "profile", kind: "update", id: "p", data: { maxTokenLifetimeSeconds: 2400 } }]);
    // a second temporary change whose inverse cannot apply: its profile gained a binding meanwhile
    const temp2 = await openChange(t.db, {
      actor: a.editor,
      now,
      input: { title: "Temporary profile", expiresAt: new Date(now.getTime() + HOUR).toISOString(), operations: [{ entity: "profile", kind: "create", id: "tmp-p", data: { name: "tmp-profile", environmentId: "dev", scopeIds: ["cache-u"] } }] },
    });
    await change(a.editor, "Bind to the temporary profile", [{ entity: "binding", kind: "create", id: "svc-tmp", data: { clientId: "svc", profileId: "tmp-p" } }]);

    const expired = await expireDueChanges(t.db, new Date(now.getTime() + 2 * HOUR));
    expect(expired.sort()).toEqual([temp.changeRequest.number, temp2.changeRequest.number].sort());
    expect(await scopesOf("p")).not.toContain("cache-s");
    expect((await profile("p")).maxTokenLifetimeSeconds).toBe(2400);
    const original = await t.db.changeRequest.findUniqueOrThrow({ where: { id: temp.changeRequest.id } });
    expect(original).toMatchObject({ status: "expired", outcomeNote: expect.stringMatching(/maxTokenLifetimeSeconds was changed again/) });
    const second = await t.db.changeRequest.findUniqueOrThrow({ where: { id: temp2.changeRequest.id } });
    expect(second).toMatchObject({ status: "expired", outcomeNote: expect.stringMatching(/set aside/) });
    expect(await t.db.profile.count({ where: { id: "tmp-p" } })).toBe(1);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("an editor's import into a protected environment waits for review, and notifies like any change", async () => {
    await t.db.webhookEndpoint.create({ data: { name: "hooks", url: "http://127.0.0.1:9/", secret: "x".repeat(32), events: JSON.stringify(["change.opened"]) } });
    const yaml = ["apiVersion: networking.k8s.io/v1", "kind: Ingress", "metadata: { name: shop, namespace: web }", "spec:", "  rules:", "    - host: shop.example", "      http: { paths: [ { path: /, pathType: Prefix, backend: { service: { name: shop, port: { number: 80 } } } } ] }"].join("\n");
    const out = await importIngress(t.db, { actor: a.editor, input: { yaml, environmentId: "prod", domainId: "pay" }, dryRun: false });
    expect(out.result?.changeRequest).toMatchObject({ status: "open" });
    expect(await t.db.resource.count({ where: { environmentId: "prod", name: { startsWith: "shop" } } })).toBe(0);
    const cr = await t.db.changeRequest.findUniqueOrThrow({ where: { id: out.result!.changeRequest!.id } });
    expect(cr.source).toBe("import");
    expect(await t.db.webhookDelivery.count({ where: { event: "change.opened", payload: { contains: `"number":${cr.number}` } } })).toBe(1);
  });

  it("an incident suspension applies at once and waits for an after-the-fact review by someone else", async () => {
    const out = await runIncidentAction(t.db, a.admin, { action: "suspend_client", clientId: "svc-cache", reason: "leaked secret" });
    expect(out.changeRequest?.status).toBe("applied");
    const cr = await t.db.changeRequest.findUniqueOrThrow({ where: { id: out.changeRequest!.id } });
    expect(cr).toMatchObject({ emergency: true, reviewDue: true, source: "incident", authorId: a.admin.id });
    await expect(reviewEmergency(t.db, { actor: a.admin, id: cr.id, input: { decision: "confirm" } })).rejects.toThrow(/own emergency change/);
    await expect(reviewEmergency(t.db, { actor: a.editor, id: cr.id, input: { decision: "confirm" } })).rejects.toThrow(/approvers and admins/);
    expect(await reviewEmergency(t.db, { actor: a.approver, id: cr.id, input: { decision: "confirm", comment: "right call" } })).toEqual({ status: "confirmed" });
    expect(await t.db.changeRequest.findUniqueOrThrow({ where: { id: cr.id } })).toMatchObject({ reviewDue: false, postReview: "confirmed", postReviewBy: a.approver.id });
    expect(await t.db.auditEvent.count({ where: { changeRequestId: cr.id, action: "change.post_reviewed" } })).toBe(1);
  });

  it("refuses a change that changes nothing, and records nothing", async () => {
    const before = await t.db.changeRequest.count();
    const description = (await t.db.resource.findUniqueOrThrow({ where: { id: "cache" } })).description;
    for (const data of [{}, { description }]) {
      await expect(change(a.editor, "Nothing really", [{ entity: "resource", kind: "update", id: "cache", data }])).rejects.toMatchObject({ code: "validation", fields: [{ field: "operations" }] });
    }
    expect(await t.db.changeRequest.count()).toBe(before);
  });

  it("only admins invoke the emergency rule", async () => {
    await expect(change(a.editor, "Sneak it in", [{ entity: "client", kind: "update", id: "svc", data: { description: "x" } }], { emergency: true })).rejects.toMatchObject({ code: "forbidden" });
  });

  it("an API token acts for its creator: the creator cannot approve it, another admin's token cannot cancel it", async () => {
    const token: Actor = { id: a.admin.id, label: "api-token:ci for admin@g.test", role: "editor", kind: "api-token", tokenId: "tok-1" };
    const other: Actor = { id: a.admin2.id, label: "api-token:ops for admin2@g.test", role: "editor", kind: "api-token", tokenId: "tok-2" };
    const opened = await change(token, "Prod resource from CI", [{ entity: "resource", kind: "create", data: { name: "ci-made", kind: "compute", environmentId: "prod", domainId: "pay" } }]);
    const cr = await t.db.changeRequest.findUniqueOrThrow({ where: { id: opened.changeRequest.id } });
    expect(cr).toMatchObject({ status: "open", authorId: a.admin.id, authorTokenId: "tok-1" });
    await expect(reviewChange(t.db, { actor: a.admin, id: cr.id, input: { decision: "approve" } })).rejects.toThrow(/own change request/);
    await expect(cancelChange(t.db, { actor: other, id: cr.id })).rejects.toMatchObject({ code: "forbidden" });
    expect(await t.db.auditEvent.findFirst({ where: { changeRequestId: cr.id, action: "change.opened" }, select: { actorId: true } })).toEqual({ actorId: a.admin.id });
  });

  it("a request left open by a crash between opening and applying is applied once on recovery", async () => {
    const stranded = await openStranded();
    expect(await recoverOpenChanges(t.db, { graceMs: 0 })).toEqual([stranded.number]);
    expect(await recoverOpenChanges(t.db, { graceMs: 0 })).toEqual([]);
    expect((await t.db.resource.findUniqueOrThrow({ where: { id: "cache" } })).description).toBe("stranded");
  });

  /** A low-risk request recorded as open but never applied, exactly as a crash after the first transaction leaves it. */
  async function openStranded() {
    const { recordChange } = await import("./record-change");
    const { analyzeChange } = await import("./analyze");
    const { rolledBack } = await import("./rollback");
    const { parseChange } = await import("../operations");
    const ops = parseChange({ title: "Stranded", operations: [{ entity: "resource", kind: "update", id: "cache", data: { description: "stranded" } }] }).operations;
    const analysis = await rolledBack(t.db, (tx) => analyzeChange(tx, ops, "pending", new Date()));
    const { transaction } = await import("../../db/client");
    return transaction(t.db, (tx) =>
      recordChange(tx, { actor: a.editor, title: "Stranded", reason: "", analysis, requirement: { approvals: 0, ownerRequired: false, autoApply: true }, source: "console", now: new Date() }),
    );
  }
});
