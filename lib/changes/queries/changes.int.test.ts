import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../../testing/databases";
import { testActor } from "../../testing/actors";
import { systemActor, type Actor } from "../../auth/permissions";
import { submitChange } from "../../testing/submit-change";
import { getChange } from "./get-change";
import { listChanges } from "./list-changes";

describe.each(providersUnderTest)("change request queries on %s", (provider) => {
  let t: TestDatabase;
  let editor: Actor;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    editor = await testActor(t.db, "ed@example.test", "editor");
    await submitChange(t.db, {
      actor: editor,
      input: {
        title: "Register orders-db",
        reason: "new service",
        operations: [
          { entity: "environment", kind: "create", id: "env-prod", data: { name: "prod" } },
          { entity: "domain", kind: "create", id: "dom-pay", data: { name: "payments" } },
          { entity: "resource", kind: "create", id: "res-odb", data: { name: "orders-db", kind: "database", environmentId: "env-prod", domainId: "dom-pay" } },
        ],
      },
    });
    await submitChange(t.db, {
      actor: systemActor,
      input: { title: "Raise criticality", operations: [{ entity: "resource", kind: "update", id: "res-odb", data: { criticality: "high" } }] },
    });
  });
  afterAll(async () => t?.drop());

  it("lists newest first with author and operation count, and filters", async () => {
    const page = await listChanges(t.db, {});
    expect(page.items.map((c) => [c.number, c.author, c.operations])).toEqual([
      [2, "fixture-admin@perimeter.test", 1],
      [1, "ed@example.test", 3],
    ]);
    expect((await listChanges(t.db, { author: "ed@", status: "" })).items.map((c) => c.number)).toEqual([1]);
    expect((await listChanges(t.db, { author: "fixture-admin" })).items.map((c) => c.number)).toEqual([2]);
    expect((await listChanges(t.db, { q: "criticality", status: "applied" })).total).toBe(1);
    expect((await listChanges(t.db, { status: "open" })).total).toBe(0);
  });

  it("shows each operation with its target name and changed fields", async () => {
    const update = await getChange(t.db, "2");
    expect(update?.operations).toEqual([
      {
        seq: 0,
        kind: "update",
        entity: "resource",
        targetId: "res-odb",
        targetName: "prod/orders-db",
        recorded: true,
        changes: [{ field: "criticality", before: "medium", after: "high" }],
        label: "prod/orders-db",
        rows: [{ field: "Criticality", key: "criticality", before: "medium", after: "high" }],
      },
    ]);
    expect(update?.events.map((e) => e.action)).toEqual(["change.opened", "resource.updated", "change.applied"]);
    const create = await getChange(t.db, 1);
    expect(create?.operations.map((o) => o.targetName)).toEqual(["prod", "payments", "prod/orders-db"]);
    expect(create?.operations[2]?.changes.find((c) => c.field === "name")).toEqual({ field: "name", before: undefined, after: "orders-db" });
  });

  it("returns null for an unknown or malformed number", async () => {
    expect(await getChange(t.db, 99)).toBeNull();
    expect(await getChange(t.db, "abc")).toBeNull();
  });
});
