import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { testActor } from "../testing/actors";
import type { Actor } from "../auth/permissions";
import { verifyAuditChain } from "../audit/verify";
import { submitChange } from "../testing/submit-change";
import { AppError } from "../errors";

describe.each(providersUnderTest)("the write path on %s", (provider) => {
  let t: TestDatabase;
  let editor: Actor;
  let viewer: Actor;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    editor = await testActor(t.db, "ed@example.test", "editor");
    viewer = await testActor(t.db, "vi@example.test", "viewer");
  });
  afterAll(async () => t?.drop());

  const counts = async () => ({
    resources: await t.db.resource.count(),
    scopes: await t.db.scope.count(),
    changes: await t.db.changeRequest.count(),
    audit: await t.db.auditEvent.count(),
  });

  it("applies a multi-entity change atomically with one audit event per operation", async () => {
    const result = await submitChange(t.db, {
      actor: editor,
      input: {
        title: "Register orders-db",
        operations: [
          { entity: "environment", kind: "create", id: "env-prod", data: { name: "prod", protection: "protected" } },
          { entity: "domain", kind: "create", id: "dom-pay", data: { name: "payments" } },
          { entity: "resource", kind: "create", id: "res-odb", data: { name: "orders-db", kind: "database", environmentId: "env-prod", domainId: "dom-pay" } },
          { entity: "scope", kind: "create", id: "sc-read", data: { resourceId: "res-odb", action: "read" } },
          { entity: "profile", kind: "create", id: "pr-ro", data: { name: "orders-readonly", scopeIds: ["sc-read"] } },
        ],
      },
    });
    expect(result.changeRequest.status).toBe("applied");
    expect(result.results.map((r) => r.name)).toEqual(["prod", "payments", "prod/orders-db", "orders-db:read", "orders-readonly"]);
    const events = await t.db.auditEvent.findMany({ where: { changeRequestId: result.changeRequest.id }, orderBy: { seq: "asc" } });
    // opened, applied at once under the emergency rule (a protected environment), confirmed after the fact
    expect(events.map((e) => e.action)).toEqual([
      "change.opened",
      "environment.created",
      "domain.created",
      "resource.created",
      "scope.created",
      "profile.created",
      "change.applied",
      "change.post_reviewed",
    ]);
    expect(await t.db.profileVersion.count({ where: { profileId: "pr-ro" } })).toBe(1);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("writes nothing when one operation fails validation, and names the field", async () => {
    const before = await counts();
    const error = await submitChange(t.db, {
      actor: editor,
      input: {
        title: "Half-valid change",
        operations: [
          { entity: "resource", kind: "create", data: { name: "search-index", kind: "storage", environmentId: "env-prod", domainId: "dom-pay" } },
          { entity: "resource", kind: "create", data: { name: "Bad Name", kind: "storage", environmentId: "env-prod", domainId: "dom-pay" } },
        ],
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    expect((error as AppError).fields[0]?.field).toBe("operations.1.data.name");
    expect(await counts()).toEqual(before);
  });

  it("rolls back earlier operations when a later one fails a reference check", async () => {
    const before = await counts();
    const error = (await submitChange(t.db, {
      actor: editor,
      input: {
        title: "Dangling reference",
        operations: [
          { entity: "resource", kind: "create", data: { name: "ledger", kind: "database", environmentId: "env-prod", domainId: "dom-pay" } },
          { entity: "scope", kind: "create", data: { resourceId: "does-not-exist", action: "read" } },
        ],
      },
    }).catch((e: unknown) => e)) as AppError;
    expect(error.fields[0]).toEqual({ field: "operations.1.data.resourceId", message: "no resource with this id" });
    expect(await counts()).toEqual(before);
  });

  it("refuses a duplicate identifier as a field conflict", async () => {
    const error = (await submitChange(t.db, {
      actor: editor,
      input: { title: "Duplicate", operations: [{ entity: "domain", kind: "create", data: { name: "payments" } }] },
    }).catch((e: unknown) => e)) as AppError;
    expect(error.status).toBe(409);
    expect(error.fields[0]?.field).toBe("operations.0.data.name");
  });

  it("forbids a viewer and writes nothing", async () => {
    const before = await counts();
    await expect(
      submitChange(t.db, { actor: viewer, input: { title: "Sneaky", operations: [{ entity: "domain", kind: "create", data: { name: "search" } }] } }),
    ).rejects.toMatchObject({ code: "forbidden" });
    expect(await counts()).toEqual(before);
  });

  it("versions a profile when its scopes change, and not for a description edit", async () => {
    await submitChange(t.db, {
      actor: editor,
      input: {
        title: "Add write",
        operations: [
          { entity: "scope", kind: "create", id: "sc-write", data: { resourceId: "res-odb", action: "write" } },
          { entity: "profile", kind: "update", id: "pr-ro", data: { addScopeIds: ["sc-write"] } },
        ],
      },
    });
    await submitChange(t.db, {
      actor: editor,
      input: { title: "Describe", operations: [{ entity: "profile", kind: "update", id: "pr-ro", data: { description: "read and write" } }] },
    });
    const profile = await t.db.profile.findUniqueOrThrow({ where: { id: "pr-ro" }, include: { versions: { orderBy: { version: "asc" } } } });
    expect(profile.version).toBe(2);
    expect(profile.versions.map((v) => JSON.parse(v.scopeIds))).toEqual([["sc-read"], ["sc-read", "sc-write"].sort()]);
  });

  it("returns a credential secret once and stores only its hash", async () => {
    const result = await submitChange(t.db, {
      actor: editor,
      input: {
        title: "CI client",
        operations: [
          { entity: "client", kind: "create", id: "cl-ci", data: { name: "ci-orders", kind: "pipeline" } },
          { entity: "credential", kind: "create", data: { clientId: "cl-ci", label: "deploy" } },
        ],
      },
    });
    const secret = result.results[1]?.secret;
    expect(secret).toMatch(/^pmt_sec_[0-9a-f]{12}_/);
    const row = await t.db.credential.findFirstOrThrow({ where: { clientId: "cl-ci" } });
    expect(row.hash).not.toContain(secret!);
    expect(row.hash).toMatch(/^\$argon2id\$/);
    const audit = await t.db.auditEvent.findMany({ where: { changeRequestId: result.changeRequest.id } });
    expect(JSON.stringify(audit)).not.toContain(secret!);
  });

  it("refuses to delete a resource that still has scopes", async () => {
    await expect(
      submitChange(t.db, { actor: editor, input: { title: "Remove db", operations: [{ entity: "resource", kind: "delete", id: "res-odb" }] } }),
    ).rejects.toMatchObject({ code: "conflict" });
  });

  it("numbers change requests and audit events without gaps under concurrent writers", async () => {
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        submitChange(t.db, { actor: editor, input: { title: `Parallel ${i}`, operations: [{ entity: "client", kind: "create", data: { name: `svc-par-${i}`, kind: "service" } }] } }),
      ),
    );
    const numbers = (await t.db.changeRequest.findMany({ select: { number: true }, orderBy: { number: "asc" } })).map((c) => c.number);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });
});
