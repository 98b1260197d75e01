import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/permissions";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../../testing/databases";
import { testActor } from "../../testing/actors";
import { submitChange } from "../../testing/submit-change";
import { openChange } from "../workflow/open-change";
import { reviewChange } from "../workflow/review";
import { getChange } from "./get-change";
import { listChanges } from "./list-changes";
import { inboxCounts, inboxView, inboxWhere, reviewCount } from "./review-count";

describe.each(providersUnderTest)("the change inbox on %s", (provider) => {
  let t: TestDatabase;
  const actors = {} as Record<"editor" | "approver" | "owner" | "admin" | "viewer", Actor>;
  // a write API token the admin created: it acts for the admin
  let apiToken: Actor;
  const numbers = {} as Record<"byEditor" | "byApprover" | "byToken" | "applied", number>;

  const addProdScope = (actor: Actor, title: string, scope: string) =>
    openChange(t.db, { actor, input: { title, operations: [{ entity: "profile", kind: "update", id: "deploy", data: { addScopeIds: [scope] } }] } });
  const numbersIn = async (view: "review" | "mine" | "all", viewer: Actor, filters: Record<string, string> = {}) =>
    (await listChanges(t.db, filters, inboxWhere(view, viewer))).items.map((c) => c.number);

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    actors.editor = await testActor(t.db, "editor@inbox.test", "editor");
    actors.approver = await testActor(t.db, "approver@inbox.test", "approver");
    actors.owner = await testActor(t.db, "owner@inbox.test", "approver");
    actors.admin = await testActor(t.db, "admin@inbox.test", "admin");
    actors.viewer = await testActor(t.db, "viewer@inbox.test", "viewer");
    apiToken = { id: actors.admin.id, label: "api-token:ci for admin@inbox.test", role: "editor", kind: "api-token", tokenId: "tok-ci" };
    const applied = await submitChange(t.db, {
      actor: actors.admin,
      input: {
        title: "Bootstrap",
        operations: [
          { entity: "environment", kind: "create", id: "prod", data: { name: "prod", protection: "protected" } },
          { entity: "domain", kind: "create", id: "payments", data: { name: "payments", ownerEmails: ["owner@inbox.test"] } },
          { entity: "resource", kind: "create", id: "odb", data: { name: "orders-db", kind: "database", environmentId: "prod", domainId: "payments" } },
          { entity: "scope", kind: "create", id: "odb-read", data: { resourceId: "odb", action: "read" } },
          { entity: "scope", kind: "create", id: "odb-write", data: { resourceId: "odb", action: "write" } },
          { entity: "scope", kind: "create", id: "odb-admin", data: { resourceId: "odb", action: "admin" } },
          { entity: "profile", kind: "create", id: "deploy", data: { name: "deploy-orders", environmentId: "prod", scopeIds: ["odb-read"] } },
          { entity: "client", kind: "create", id: "ci", data: { name: "ci-orders", kind: "pipeline" } },
          { entity: "binding", kind: "create", data: { clientId: "ci", profileId: "deploy" } },
        ],
      },
    });
    numbers.applied = applied.changeRequest.number;
    numbers.byEditor = (await addProdScope(actors.editor, "Let CI write orders-db", "odb-write")).changeRequest.number;
    numbers.byApprover = (await addProdScope(actors.approver, "Let CI administer orders-db", "odb-admin")).changeRequest.number;
    numbers.byToken = (await addProdScope(apiToken, "Write from the pipeline", "odb-write")).changeRequest.number;
  });
  afterAll(async () => t?.drop());

  it("refuses the token's creator as its reviewer, and records the token", async () => {
    const cr = await t.db.changeRequest.findUniqueOrThrow({ where: { number: numbers.byToken } });
    expect(cr).toMatchObject({ authorId: actors.admin.id, authorTokenId: "tok-ci", source: "console" });
    await expect(reviewChange(t.db, { actor: actors.admin, id: cr.id, input: { decision: "approve" } })).rejects.toThrow(/own change request/);
  });

  it("counts open requests by others for approvers and admins only", async () => {
    expect(await reviewCount(t.db, actors.approver)).toBe(2);
    expect(await reviewCount(t.db, actors.owner)).toBe(3);
    // the admin's own token opened one of them: separation of duties applies to the admin
    expect(await reviewCount(t.db, actors.admin)).toBe(2);
    expect(await reviewCount(t.db, actors.editor)).toBe(0);
    expect(await reviewCount(t.db, actors.viewer)).toBe(0);
    expect(await reviewCount(t.db, apiToken)).toBe(0);
    expect(await reviewCount(t.db, null)).toBe(0);
    expect(await numbersIn("review", actors.approver)).toEqual([numbers.byToken, numbers.byEditor]);
    expect(await numbersIn("review", actors.editor)).toEqual([]);
  });

  it("drops a request from my review once I approve it, and keeps it while I only asked for changes", async () => {
    const id = async (n: number) => (await t.db.changeRequest.findUniqueOrThrow({ where: { number: n } })).id;
    await reviewChange(t.db, { actor: actors.approver, id: await id(numbers.byEditor), input: { decision: "approve" } });
    await reviewChange(t.db, { actor: actors.owner, id: await id(numbers.byToken), input: { decision: "request_changes", comment: "expire it" } });
    expect(await numbersIn("review", actors.approver)).toEqual([numbers.byToken]);
    expect(await numbersIn("review", actors.owner)).toEqual([numbers.byToken, numbers.byApprover, numbers.byEditor]);

    // the second approval (an owner's) approves it: no longer open, in nobody's inbox
    await reviewChange(t.db, { actor: actors.owner, id: await id(numbers.byEditor), input: { decision: "approve" } });
    expect((await t.db.changeRequest.findUniqueOrThrow({ where: { number: numbers.byEditor } })).status).toBe("approved");
    expect(await reviewCount(t.db, actors.owner)).toBe(2);
    expect(await reviewCount(t.db, actors.admin)).toBe(1);
    expect(await reviewCount(t.db, actors.approver)).toBe(1);
  });

  it("lists my requests and all requests, with the other filters still applying", async () => {
    expect(await numbersIn("mine", actors.editor)).toEqual([numbers.byEditor]);
    expect(await numbersIn("mine", actors.admin)).toEqual([numbers.byToken, numbers.applied]);
    expect(await numbersIn("mine", apiToken)).toEqual([numbers.byToken, numbers.applied]);
    expect(await numbersIn("all", actors.viewer)).toEqual([numbers.byToken, numbers.byApprover, numbers.byEditor, numbers.applied]);
    expect(await numbersIn("review", actors.owner, { q: "pipeline" })).toEqual([numbers.byToken]);
    expect(await numbersIn("review", actors.owner, { status: "applied" })).toEqual([]);
    expect(await inboxCounts(t.db, actors.owner)).toEqual({ review: 2, emergency: 0, mine: 0, all: 4 });
    expect(await inboxCounts(t.db, actors.editor)).toEqual({ review: 0, emergency: 0, mine: 1, all: 4 });
  });

  it("shows a request's review progress, approvals, reach delta and risk reasons", async () => {
    const cr = await getChange(t.db, numbers.byEditor);
    expect(cr?.review?.progress.text).toBe("2 of 2 approvals; an owner of payments approved");
    expect(cr?.review?.domains).toEqual([{ id: "payments", name: "payments", owners: ["owner@inbox.test"] }]);
    expect(cr?.approvals.map((a) => [a.email, a.decision, a.owner])).toEqual([
      ["approver@inbox.test", "approve", false],
      ["owner@inbox.test", "approve", true],
    ]);
    expect(cr?.reach).toMatchObject({ clientsGaining: 1, totalGained: 1, totalLost: 0 });
    expect(cr?.reach?.gained[0]).toMatchObject({ client: "ci-orders", action: "write", environment: "prod" });
    expect(cr?.riskReasons).toContain("grants write/admin in a protected environment");
    expect(cr).toMatchObject({ risk: "high", revertOf: null, revertedBy: [], staleReason: null });

    const open = await getChange(t.db, numbers.byToken);
    expect(open?.review?.progress.text).toBe("0 of 2 approvals; needs an owner of payments; changes requested by 1 reviewer");
    expect(open?.comments.map((c) => [c.author, c.body])).toEqual([["owner@inbox.test", "expire it"]]);
    expect(open?.author).toBe("admin@inbox.test");
  });

  it("reads the view from the query string, defaulting to all", () => {
    expect(inboxView("review")).toBe("review");
    expect(inboxView("mine")).toBe("mine");
    expect(inboxView(["review"])).toBe("all");
    expect(inboxView("bogus")).toBe("all");
    expect(inboxView(undefined)).toBe("all");
  });
});
