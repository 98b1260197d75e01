import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { testActor } from "../testing/actors";
import type { Actor } from "../auth/permissions";
import { previewChange } from "../changes/workflow/preview-change";
import { submitChange } from "../testing/submit-change";
import { AppError } from "../errors";
import { listFindings } from "./all-findings";
import type { OperationInput } from "../changes/operations";

const later = "2099-01-01T00:00:00Z";

describe.each(providersUnderTest)("policy findings on %s", (provider) => {
  let t: TestDatabase;
  let editor: Actor;
  const change = (title: string, operations: OperationInput[]) => submitChange(t.db, { actor: editor, input: { title, operations } });
  const counts = async () => ({
    profiles: await t.db.profile.count(),
    changes: await t.db.changeRequest.count(),
    audit: await t.db.auditEvent.count(),
  });
  const pairs = (findings: { checkId: string; target: { id: string } }[]) => findings.map((f) => `${f.checkId} ${f.target.id}`).sort();

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    editor = await testActor(t.db, "ed@example.test", "editor");
    await change("Base", [
      { entity: "environment", kind: "create", id: "prod", data: { name: "prod", protection: "protected" } },
      { entity: "environment", kind: "create", id: "strict", data: { name: "strict", protection: "protected", blockingChecks: ["prod-write-without-expiry"] } },
      { entity: "environment", kind: "create", id: "dev", data: { name: "dev" } },
      { entity: "domain", kind: "create", id: "pay", data: { name: "payments" } },
      { entity: "resource", kind: "create", id: "odb", data: { name: "orders-db", kind: "database", environmentId: "prod", domainId: "pay" } },
      { entity: "resource", kind: "create", id: "vault", data: { name: "vault", kind: "database", environmentId: "strict", domainId: "pay" } },
      { entity: "scope", kind: "create", id: "odb-admin", data: { resourceId: "odb", action: "admin" } },
      { entity: "scope", kind: "create", id: "vault-write", data: { resourceId: "vault", action: "write" } },
    ]);
  });
  afterAll(async () => t?.drop());

  it("returns a catch-all scope and a prod admin profile without expiry in the change's findings", async () => {
    const result = await change("Wide access", [
      { entity: "scope", kind: "create", id: "odb-all", data: { resourceId: "odb", action: "*" } },
      { entity: "profile", kind: "create", id: "odb-ops", data: { name: "orders-ops", environmentId: "prod", scopeIds: ["odb-admin"] } },
    ]);
    expect(pairs(result.findings)).toEqual(["catch-all-scope odb-all", "prod-write-without-expiry odb-ops", "unused-scope odb-all"]);
    expect(result.findings.every((f) => f.environment === "prod" && !f.blocking)).toBe(true);
  });

  it("re-checks the profiles holding a touched scope", async () => {
    const held = await change("Hold it", [{ entity: "profile", kind: "update", id: "odb-ops", data: { addScopeIds: ["odb-all"] } }]);
    expect(pairs(held.findings)).toEqual(["prod-write-without-expiry odb-ops"]);
    const touched = await change("Touch scope", [{ entity: "scope", kind: "update", id: "odb-all", data: { description: "everything" } }]);
    expect(pairs(touched.findings)).toEqual(["catch-all-scope odb-all", "prod-write-without-expiry odb-ops"]);
    const expiring = await change("Expire it", [{ entity: "profile", kind: "update", id: "odb-ops", data: { expiresAt: later } }]);
    expect(expiring.findings).toEqual([]);
  });

  it("previews findings without writing anything", async () => {
    const before = await counts();
    const result = await previewChange(t.db, {
      actor: editor,
      input: { title: "Preview", operations: [{ entity: "profile", kind: "create", id: "pv", data: { name: "preview-ops", environmentId: "prod", scopeIds: ["odb-admin"] } }] },
    });
    expect(pairs(result.findings)).toEqual(["prod-write-without-expiry pv"]);
    expect(await counts()).toEqual(before);
  });

  it("refuses a change whose finding the environment makes blocking, and writes nothing", async () => {
    const before = await counts();
    const error = await change("Vault writer", [
      { entity: "profile", kind: "create", data: { name: "vault-writer", environmentId: "strict", scopeIds: ["vault-write"] } },
    ]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    expect((error as AppError).fields.map((f) => f.field)).toEqual(["policy.prod-write-without-expiry"]);
    expect(await counts()).toEqual(before);
    const ok = await change("Vault writer, temporary", [
      { entity: "profile", kind: "create", data: { name: "vault-writer", environmentId: "strict", expiresAt: later, scopeIds: ["vault-write"] } },
    ]);
    expect(ok.findings).toEqual([]);
  });

  it("lists the findings of a small catalog, filtered", async () => {
    await change("Lab", [
      { entity: "environment", kind: "create", id: "lab", data: { name: "lab", protection: "protected" } },
      ...["r1", "r2", "r3"].map((id): OperationInput => ({ entity: "resource", kind: "create", id, data: { name: `lab-${id}`, kind: "compute", environmentId: "lab", domainId: "pay" } })),
      { entity: "resource", kind: "create", id: "d1", data: { name: "lab-d1", kind: "compute", environmentId: "dev", domainId: "pay" } },
      ...["r1", "r2", "r3"].map((id): OperationInput => ({ entity: "scope", kind: "create", id: `${id}-admin`, data: { resourceId: id, action: "admin" } })),
      { entity: "scope", kind: "create", id: "r1-read", data: { resourceId: "r1", action: "read" } },
      { entity: "scope", kind: "create", id: "r1-all", data: { resourceId: "r1", action: "*" } },
      { entity: "scope", kind: "create", id: "r2-write", data: { resourceId: "r2", action: "write" } },
      { entity: "scope", kind: "create", id: "r3-read", data: { resourceId: "r3", action: "read" } },
      { entity: "scope", kind: "create", id: "d1-read", data: { resourceId: "d1", action: "read" } },
      { entity: "profile", kind: "create", id: "p-admin", data: { name: "lab-admin", environmentId: "lab", expiresAt: later, scopeIds: ["r1-admin", "r2-admin", "r3-admin"] } },
      { entity: "profile", kind: "create", id: "p-span", data: { name: "lab-span", environmentId: "lab", expiresAt: later, scopeIds: ["d1-read"] } },
      { entity: "profile", kind: "create", id: "p-write", data: { name: "lab-write", environmentId: "lab", scopeIds: ["r2-write"] } },
      { entity: "profile", kind: "create", id: "p-ro", data: { name: "lab-ro", environmentId: "lab", scopeIds: ["r3-read"] } },
      { entity: "client", kind: "create", id: "alice", data: { name: "alice", kind: "human" } },
      { entity: "client", kind: "create", id: "ci", data: { name: "ci-lab", kind: "pipeline" } },
      { entity: "binding", kind: "create", id: "b-alice", data: { clientId: "alice", profileId: "p-ro" } },
      { entity: "binding", kind: "create", id: "b-ci", data: { clientId: "ci", profileId: "p-ro" } },
      { entity: "claimRule", kind: "create", id: "cr-empty", data: { name: "lab-any", issuer: "https://issuer.example", profileId: "p-ro" } },
      { entity: "claimRule", kind: "create", id: "cr-wild", data: { name: "lab-wild", issuer: "https://issuer.example", profileId: "p-ro", conditions: { repository: "*", ref: ".*" } } },
      { entity: "claimRule", kind: "create", id: "cr-ok", data: { name: "lab-ok", issuer: "https://issuer.example", profileId: "p-ro", conditions: { repository: "acme/lab" } } },
    ]);
    await change("Block unused in lab", [{ entity: "environment", kind: "update", id: "lab", data: { blockingChecks: ["unused-scope"] } }]);

    const lab = await listFindings(t.db, { environment: "lab", limit: 100 });
    expect(pairs(lab.items)).toEqual(
      [
        "catch-all-scope r1-all",
        "catch-all-scope p-admin",
        "unused-scope r1-read",
        "unused-scope r1-all",
        "profile-spans-environments p-span",
        "prod-write-without-expiry p-write",
        "human-binding-without-expiry-prod b-alice",
        "claim-rule-matches-all cr-empty",
        "claim-rule-matches-all cr-wild",
      ].sort(),
    );
    expect(lab.total).toBe(9);
    expect(lab.items[0]?.severity).toBe("critical");
    expect(lab.items.filter((f) => f.blocking).map((f) => f.target.id).sort()).toEqual(["r1-all", "r1-read"]);

    expect(pairs((await listFindings(t.db, { environment: "lab", severity: "high", limit: 100 })).items)).toEqual(
      ["claim-rule-matches-all cr-empty", "claim-rule-matches-all cr-wild", "prod-write-without-expiry p-write"],
    );
    const unused = await listFindings(t.db, { checkId: "unused-scope", limit: 1 });
    expect(unused.items).toHaveLength(1);
    expect(unused.total).toBe(2);
    expect(pairs((await listFindings(t.db, { environment: "lab", q: "read", checkId: "unused-scope", limit: 10 })).items)).toEqual(["unused-scope r1-read"]);
    expect(await listFindings(t.db, { environment: "nowhere", limit: 10 })).toEqual({ items: [], total: 0 });
  });
});
