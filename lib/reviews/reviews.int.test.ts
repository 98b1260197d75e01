import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../audit/verify";
import type { Actor } from "../auth/permissions";
import { submitChange } from "../testing/submit-change";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { testActor } from "../testing/actors";
import { completeReview, decideItem, startReview } from "./campaign";
import { getReview, listReviews } from "./queries";

describe.each(providersUnderTest)("access reviews on %s", (provider) => {
  let t: TestDatabase;
  const actors = {} as Record<"admin" | "approver" | "editor", Actor>;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    actors.admin = await testActor(t.db, "admin@review.test", "admin");
    actors.approver = await testActor(t.db, "approver@review.test", "approver");
    actors.editor = await testActor(t.db, "editor@review.test", "editor");
    await submitChange(t.db, {
      actor: actors.admin,
      input: {
        title: "Bootstrap",
        operations: [
          { entity: "environment", kind: "create", id: "prod", data: { name: "prod", protection: "protected" } },
          { entity: "environment", kind: "create", id: "dev", data: { name: "dev" } },
          { entity: "domain", kind: "create", id: "pay", data: { name: "payments" } },
          { entity: "domain", kind: "create", id: "search", data: { name: "search" } },
          { entity: "resource", kind: "create", id: "odb", data: { name: "orders-db", kind: "database", environmentId: "prod", domainId: "pay" } },
          { entity: "scope", kind: "create", id: "odb-read", data: { resourceId: "odb", action: "read" } },
          { entity: "resource", kind: "create", id: "idx", data: { name: "index", kind: "storage", environmentId: "dev", domainId: "search" } },
          { entity: "scope", kind: "create", id: "idx-read", data: { resourceId: "idx", action: "read" } },
          // a profile without a domain, reaching payments through its scope
          { entity: "profile", kind: "create", id: "odb-ro", data: { name: "orders-ro", environmentId: "prod", scopeIds: ["odb-read"] } },
          { entity: "profile", kind: "create", id: "idx-ro", data: { name: "index-ro", environmentId: "dev", domainId: "search", scopeIds: ["idx-read"] } },
          ...["alice", "bob", "carol"].map((name) => ({ entity: "client" as const, kind: "create" as const, id: name, data: { name, kind: "human" } })),
          { entity: "binding", kind: "create", id: "b-alice", data: { clientId: "alice", profileId: "odb-ro" } },
          { entity: "binding", kind: "create", id: "b-bob", data: { clientId: "bob", profileId: "odb-ro" } },
          { entity: "binding", kind: "create", id: "b-carol", data: { clientId: "carol", profileId: "odb-ro" } },
          { entity: "binding", kind: "create", id: "b-carol-idx", data: { clientId: "carol", profileId: "idx-ro" } },
        ],
      },
    });
  });
  afterAll(async () => t?.drop());

  it("runs a campaign: items are the domain's bindings; revocations become one change request; completion is audited", async () => {
    await expect(startReview(t.db, { actor: actors.approver, input: { name: "Q4 payments", scopeKind: "domain", scope: "payments" } })).rejects.toMatchObject({ code: "forbidden" });
    const started = await startReview(t.db, { actor: actors.admin, input: { name: "Q4 payments", scopeKind: "domain", scope: "payments" } });
    expect(started.items).toBe(3);
    await expect(startReview(t.db, { actor: actors.admin, input: { name: "Again", scopeKind: "domain", scope: "payments" } })).rejects.toMatchObject({ code: "conflict", fields: [{ field: "scope" }] });

    const review = await getReview(t.db, started.id);
    expect(review.items.map((i) => `${i.clientName} → ${i.profileName}`)).toEqual(["alice → orders-ro", "bob → orders-ro", "carol → orders-ro"]);
    const item = (client: string) => review.items.find((i) => i.clientName === client)!.id;

    await expect(decideItem(t.db, { actor: actors.editor, reviewId: started.id, itemId: item("alice"), input: { decision: "confirm" } })).rejects.toMatchObject({ code: "forbidden" });
    await expect(decideItem(t.db, { actor: actors.approver, reviewId: started.id, itemId: item("alice"), input: { decision: "keep" } })).rejects.toMatchObject({ fields: [{ field: "decision" }] });
    await decideItem(t.db, { actor: actors.approver, reviewId: started.id, itemId: item("alice"), input: { decision: "revoke", comment: "left the team" } });
    await decideItem(t.db, { actor: actors.approver, reviewId: started.id, itemId: item("bob"), input: { decision: "confirm" } });
    await expect(completeReview(t.db, { actor: actors.admin, id: started.id })).rejects.toMatchObject({ code: "conflict", message: "1 of 3 bindings still need a decision." });
    // a reviewer may change their mind while the review is open
    await decideItem(t.db, { actor: actors.admin, reviewId: started.id, itemId: item("carol"), input: { decision: "confirm" } });
    await decideItem(t.db, { actor: actors.admin, reviewId: started.id, itemId: item("carol"), input: { decision: "revoke" } });

    const crsBefore = await t.db.changeRequest.count();
    const done = await completeReview(t.db, { actor: actors.admin, id: started.id });
    expect(done).toMatchObject({ confirmed: 1, revoked: 2, skipped: [] });
    expect(await t.db.changeRequest.count()).toBe(crsBefore + 1);
    const cr = await t.db.changeRequest.findUniqueOrThrow({ where: { id: done.changeRequest!.id }, include: { operations: { orderBy: { seq: "asc" } } } });
    expect(cr.title).toBe('Access review "Q4 payments": revoke 2 bindings');
    expect(cr.authorId).toBe(actors.admin.id);
    expect(cr.operations.map((o) => [o.entity, o.kind, o.targetId])).toEqual([
      ["binding", "delete", "b-alice"],
      ["binding", "delete", "b-carol"],
    ]);

    const completed = await getReview(t.db, started.id);
    expect(completed).toMatchObject({ status: "completed", changeRequest: cr.number, completedBy: "admin@review.test", counts: { total: 3, confirm: 1, revoke: 2, pending: 0 } });
    const completion = await t.db.auditEvent.findFirstOrThrow({ where: { action: "review.completed", targetId: started.id } });
    expect(completion.changeRequestId).toBe(cr.id);
    expect(JSON.parse(completion.after!)).toMatchObject({ confirmed: 1, revoked: 2, changeRequest: `CR-${cr.number}` });
    const trail = await t.db.auditEvent.findMany({ where: { targetType: "accessReview", targetId: started.id }, orderBy: { seq: "asc" } });
    expect(trail.map((e) => e.action)).toEqual(["review.started", "review.decided", "review.decided", "review.decided", "review.decided", "review.completed"]);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });

    await expect(completeReview(t.db, { actor: actors.admin, id: started.id })).rejects.toMatchObject({ code: "conflict" });
    await expect(decideItem(t.db, { actor: actors.admin, reviewId: started.id, itemId: item("bob"), input: { decision: "revoke" } })).rejects.toMatchObject({ code: "conflict" });
    expect((await listReviews(t.db))[0]).toMatchObject({ id: started.id, status: "completed", changeRequest: cr.number, counts: { total: 3 } });
  });

  it("completes a campaign where everything is confirmed without a change request; covers an environment's bindings", async () => {
    const started = await startReview(t.db, { actor: actors.admin, input: { name: "Dev access", scopeKind: "environment", scope: "dev" } });
    const review = await getReview(t.db, started.id);
    expect(review.items.map((i) => i.bindingId)).toEqual(["b-carol-idx"]);
    await decideItem(t.db, { actor: actors.approver, reviewId: started.id, itemId: review.items[0]!.id, input: { decision: "confirm" } });
    const crsBefore = await t.db.changeRequest.count();
    expect(await completeReview(t.db, { actor: actors.admin, id: started.id })).toMatchObject({ confirmed: 1, revoked: 0, changeRequest: null });
    expect(await t.db.changeRequest.count()).toBe(crsBefore);
  });

  it("names the field for an unknown scope or one without bindings", async () => {
    await expect(startReview(t.db, { actor: actors.admin, input: { name: "Nope", scopeKind: "domain", scope: "nope" } })).rejects.toMatchObject({ fields: [{ field: "scope" }] });
    await submitChange(t.db, { actor: actors.admin, input: { title: "Empty domain", operations: [{ entity: "domain", kind: "create", id: "empty", data: { name: "empty" } }] } });
    await expect(startReview(t.db, { actor: actors.admin, input: { name: "Empty", scopeKind: "domain", scope: "empty" } })).rejects.toMatchObject({
      fields: [{ field: "scope", message: "no bindings to review in domain empty" }],
    });
    await expect(startReview(t.db, { actor: actors.admin, input: { name: "x", scopeKind: "team", scope: "" } })).rejects.toMatchObject({ code: "validation" });
  });
});
