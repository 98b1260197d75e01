// Every way a change reaches the catalog — submitted directly, opened and
// applied on its own (low risk), approved then applied, expired by the
// sweeper, reverted, an incident's emergency change — leaves a record of the
// version it made (CatalogVersionLog, with its operation count), on each
// provider. And a read model that followed all of them by deltas, from the
// rows the write path stored, answers exactly like one loaded from scratch.
// A new path that bumps the version without recording it fails here.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../auth/permissions";
import { submitChange } from "../testing/submit-change";
import { applyChangeRequest } from "../changes/workflow/apply-change";
import { expireDueChanges } from "../changes/workflow/expire-changes";
import { openChange } from "../changes/workflow/open-change";
import { revertChange } from "../changes/workflow/revert-change";
import { reviewChange } from "../changes/workflow/review";
import { indexOf } from "../oauth/model-index";
import { runIncidentAction } from "../oauth/incidents";
import { testActor } from "../testing/actors";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { answers } from "../testing/read-model-answers";
import { CatalogFollower } from "./follower";
import { ReadModel } from "./read-model";
import { loadSnapshot } from "./snapshot";

const HOUR = 3_600_000;

describe.each(providersUnderTest)("catalog versions and their deltas on %s", (provider) => {
  let t: TestDatabase;
  let follower: CatalogFollower;
  /** another instance, following as it runs: on PostgreSQL each notification's read brings the new versions' deltas */
  let live: CatalogFollower;
  let stopLive = async () => {};
  const actors = {} as Record<"editor" | "approver" | "owner" | "admin", Actor>;
  const now = new Date();

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    actors.editor = await testActor(t.db, "editor@cv.test", "editor");
    actors.approver = await testActor(t.db, "approver@cv.test", "approver");
    actors.owner = await testActor(t.db, "owner@cv.test", "approver");
    actors.admin = await testActor(t.db, "admin@cv.test", "admin");
    await submitChange(t.db, {
      actor: actors.admin,
      input: {
        title: "Bootstrap",
        operations: [
          { entity: "environment", kind: "create", id: "prod", data: { name: "prod", protection: "protected" } },
          { entity: "environment", kind: "create", id: "dev", data: { name: "dev" } },
          { entity: "domain", kind: "create", id: "payments", data: { name: "payments", ownerEmails: ["owner@cv.test"] } },
          { entity: "resource", kind: "create", id: "odb", data: { name: "orders-db", kind: "database", environmentId: "prod", domainId: "payments", criticality: "high" } },
          { entity: "scope", kind: "create", id: "odb-read", data: { resourceId: "odb", action: "read" } },
          { entity: "scope", kind: "create", id: "odb-write", data: { resourceId: "odb", action: "write" } },
          { entity: "resource", kind: "create", id: "cache", data: { name: "cache", kind: "storage", environmentId: "dev", domainId: "payments" } },
          { entity: "scope", kind: "create", id: "cache-read", data: { resourceId: "cache", action: "read" } },
          { entity: "profile", kind: "create", id: "deploy", data: { name: "deploy-orders", environmentId: "prod", scopeIds: ["odb-read"] } },
          { entity: "profile", kind: "create", id: "cache-ro", data: { name: "cache-ro", environmentId: "dev", scopeIds: ["cache-read"] } },
          { entity: "client", kind: "create", id: "ci", data: { name: "ci-orders", kind: "pipeline" } },
          { entity: "client", kind: "create", id: "svc", data: { name: "svc-cache", kind: "service" } },
          { entity: "binding", kind: "create", id: "ci-deploy", data: { clientId: "ci", profileId: "deploy" } },
        ],
      },
    });
    // loaded now, then kept up by deltas only (it does not follow: it catches up when asked)
    follower = new CatalogFollower(t.db, { url: t.url });
    await follower.fenced();
    live = new CatalogFollower(t.db, { url: t.url });
    stopLive = live.follow({ url: t.url, local: false });
    await live.fenced();
  });
  afterAll(async () => {
    await stopLive();
    await live?.close();
    await follower?.close();
    await t?.drop();
  });

  it("every write path records the version it made, and a model following them by deltas equals a fresh one", async () => {
    const first = (await t.db.catalogState.findUniqueOrThrow({ where: { id: 1 } })).catalogVersion;

    // submitted directly: every entity, created, updated, deleted (a client's bindings and claim rules go with it)
    await submitChange(t.db, {
      actor: actors.admin,
      input: {
        title: "Everything at once",
        operations: [
          { entity: "domain", kind: "create", id: "search", data: { name: "search" } },
          { entity: "environment", kind: "update", id: "dev", data: { protection: "protected" } },
          { entity: "resource", kind: "update", id: "cache", data: { name: "cache-eu", criticality: "low" } },
          { entity: "scope", kind: "create", id: "cache-write", data: { resourceId: "cache", action: "write" } },
          { entity: "profile", kind: "create", id: "cache-rw", data: { name: "cache-rw", scopeIds: ["cache-read", "cache-write"] } },
          { entity: "client", kind: "create", id: "tmp", data: { name: "tmp-job", kind: "job" } },
          { entity: "binding", kind: "create", id: "tmp-b", data: { clientId: "tmp", profileId: "cache-rw", expiresAt: new Date(now.getTime() + HOUR).toISOString() } },
          { entity: "claimRule", kind: "create", id: "tmp-r", data: { name: "tmp-rule", issuer: "https://ci.example", conditions: { repository: "acme/x" }, profileId: "cache-ro", clientId: "tmp" } },
          { entity: "claimRule", kind: "create", id: "any-r", data: { name: "any-rule", issuer: "https://ci.example", profileId: "cache-ro" } },
          { entity: "credential", kind: "create", id: "svc-k", data: { clientId: "svc", kind: "secret" } },
        ],
      },
    });
    await submitChange(t.db, {
      actor: actors.admin,
      input: {
        title: "And back",
        operations: [
          { entity: "binding", kind: "update", id: "tmp-b", data: { expiresAt: null } },
          { entity: "claimRule", kind: "update", id: "any-r", data: { clientId: "svc" } },
          { entity: "client", kind: "delete", id: "tmp" },
          { entity: "profile", kind: "update", id: "cache-rw", data: { removeScopeIds: ["cache-write"] } },
          { entity: "profile", kind: "delete", id: "cache-rw" },
          { entity: "scope", kind: "delete", id: "cache-write" },
        ],
      },
    });
    // opened, low risk in an unprotected environment: applied on its own
    await submitChange(t.db, { actor: actors.admin, input: { title: "dev again unprotected", operations: [{ entity: "environment", kind: "update", id: "dev", data: { protection: "none" } }] } });
    const auto = await openChange(t.db, { actor: actors.editor, input: { title: "Cache reader", operations: [{ entity: "binding", kind: "create", id: "svc-cache", data: { clientId: "svc", profileId: "cache-ro" } }] } });
    expect(auto.changeRequest.status).toBe("applied");
    // opened, approved by two, then applied
    const reviewed = await openChange(t.db, { actor: actors.editor, input: { title: "Prod write", operations: [{ entity: "profile", kind: "update", id: "deploy", data: { addScopeIds: ["odb-write"] } }] } });
    for (const a of [actors.approver, actors.owner]) await reviewChange(t.db, { actor: a, id: reviewed.changeRequest.id, input: { decision: "approve" } });
    await applyChangeRequest(t.db, { actor: actors.editor, id: reviewed.changeRequest.id });
    // a temporary grant, undone by the sweeper at its expiry
    const temporary = await openChange(t.db, {
      actor: actors.editor,
      now,
      input: { title: "Temporary", expiresAt: new Date(now.getTime() + HOUR).toISOString(), operations: [{ entity: "client", kind: "create", id: "dbg", data: { name: "tmp-debugger", kind: "human" } }, { entity: "binding", kind: "create", id: "dbg-b", data: { clientId: "dbg", profileId: "cache-ro" } }] },
    });
    expect(temporary.changeRequest.status).toBe("applied");
    expect(await expireDueChanges(t.db, new Date(now.getTime() + 2 * HOUR))).toEqual([temporary.changeRequest.number]);
    // reverted through a new request
    const described = await openChange(t.db, { actor: actors.editor, input: { title: "Describe cache", operations: [{ entity: "resource", kind: "update", id: "cache", data: { description: "hot" } }] } });
    const revert = await revertChange(t.db, { actor: actors.editor, id: described.changeRequest.id });
    expect(revert.changeRequest.status).toBe("applied");
    // an incident: the client suspended by an emergency change
    await runIncidentAction(t.db, actors.admin, { action: "suspend_client", clientId: "ci" });

    const last = (await t.db.catalogState.findUniqueOrThrow({ where: { id: 1 } })).catalogVersion;
    expect(last - first).toBeGreaterThanOrEqual(9);
    const log = await t.db.catalogVersionLog.findMany({ where: { version: { gt: first } }, orderBy: { version: "asc" } });
    expect(log.map((l) => l.version)).toEqual(Array.from({ length: last - first }, (_, i) => first + 1 + i));
    for (const l of log) {
      const cr = await t.db.changeRequest.findUniqueOrThrow({ where: { id: l.changeRequestId }, include: { _count: { select: { operations: true } } } });
      expect(["applied", "expired", "reverted"]).toContain(cr.status);
      expect(l.operations).toBe(cr._count.operations);
    }

    const patched = await follower.fenced();
    expect(patched.version).toBe(last);
    expect(follower.stats).toMatchObject({ rebuilds: 1, deltas: last - first });
    const { version, snapshot } = await loadSnapshot(t.db);
    const fresh = new ReadModel(snapshot, version);
    const ask = (m: ReadModel) => answers(m, indexOf(m), { instants: [now, new Date(now.getTime() + 3 * HOUR)], actions: ["read", "write", "admin"] });
    expect(ask(patched)).toEqual(ask(fresh));
    const followed = await live.fenced();
    expect(followed.version).toBe(last);
    expect(live.stats.rebuilds).toBe(1);
    expect(ask(followed)).toEqual(ask(fresh));
  });
});
