// plan and apply of catalog files on a real database, through the one write
// path: an empty plan after applying, exactly the edit's operations and reach
// delta, one request per plan, stale plans refused, and assertions enforced
// on changes that do not come from the files.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../auth/permissions";
import { openChange } from "../changes/workflow/open-change";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { testActor } from "../testing/actors";
import { submitChange } from "../testing/submit-change";
import { applyCatalog } from "./apply-catalog";
import type { CatalogState } from "./format";
import { loadLiveState } from "./live-state";
import { diffCatalog, planCatalog } from "./plan-catalog";

function files(): CatalogState {
  return {
    environments: [{ name: "prod", protection: "protected" }, { name: "dev" }],
    issuers: [],
    domains: [{ name: "payments" }],
    resources: [
      { name: "ledger-db", environment: "prod", domain: "payments", kind: "database", scopes: [{ action: "read" }, { action: "write" }] },
      { name: "scratch", environment: "dev", domain: "payments", kind: "storage", scopes: [{ action: "read" }] },
    ],
    profiles: [
      { name: "ledger-read", domain: "payments", environment: "prod", scopes: ["prod/ledger-db:read"] },
      { name: "scratch-read", domain: "payments", environment: "dev", scopes: ["dev/scratch:read"] },
    ],
    clients: [{ name: "ci-ledger", domain: "payments", kind: "pipeline", bindings: [{ profile: "scratch-read" }] }],
    claimRules: [],
    assertions: [],
  };
}

describe.each(providersUnderTest)("catalog files on %s", (provider) => {
  let t: TestDatabase;
  let editor: Actor;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    editor = await testActor(t.db, "ed@example.test", "editor");
    const { change } = await diffCatalog(t.db, { state: files() });
    await submitChange(t.db, { actor: editor, input: change! });
  });
  afterAll(() => t.drop());

  it("plans nothing once the files are applied, and exports them back by name", async () => {
    const plan = await planCatalog(t.db, { state: files() });
    expect(plan.operations).toEqual([]);
    const { state } = await loadLiveState(t.db);
    expect(state.clients).toEqual([expect.objectContaining({ name: "ci-ledger", domain: "payments", bindings: [expect.objectContaining({ profile: "scratch-read" })] })]);
  });

  it("plans exactly an edit, with its reach delta, and opens one request per plan", async () => {
    const desired = files();
    desired.clients[0]!.bindings!.push({ profile: "ledger-read" });
    const plan = await planCatalog(t.db, { state: desired });
    expect(plan.operations.map((o) => `${o.kind} ${o.entity} ${o.key}`)).toEqual(["create binding ci-ledger -> ledger-read"]);
    expect(plan.analysis!.delta.gained.map((g) => `${g.client} ${g.action} ${g.resource}`)).toEqual(["ci-ledger read prod/ledger-db"]);
    expect(plan.analysis!.requirement.autoApply).toBe(false);

    const first = await applyCatalog(t.db, { actor: editor, input: { state: desired, planHash: plan.planHash, source: "cli" } });
    expect(first).toMatchObject({ reused: false, changeRequest: { status: "open" } });
    const second = await applyCatalog(t.db, { actor: editor, input: { state: desired } });
    expect(second).toMatchObject({ reused: true, changeRequest: { number: first.changeRequest!.number } });
    expect((await t.db.changeRequest.findUnique({ where: { id: first.changeRequest!.id } }))?.source).toBe("cli");
  });

  it("applies of one plan at once open one request, reviewed or applied at once, and every apply succeeds", async () => {
    const opened = async (desired: CatalogState) => {
      const { planHash } = await planCatalog(t.db, { state: desired });
      const before = await t.db.changeRequest.count();
      // three CI jobs applying the same files together: none fails
      const outcomes = await Promise.all([1, 2, 3].map(() => applyCatalog(t.db, { actor: editor, input: { state: desired, source: "cli" } })));
      // one opened the request; the others found it open, or found the catalog already matching the files
      expect(outcomes.filter((o) => !o.reused && !o.upToDate)).toHaveLength(1);
      const requests = outcomes.filter((o) => !o.upToDate).map((o) => o.changeRequest!.number);
      expect(new Set(requests).size).toBe(1);
      expect(await t.db.changeRequest.count()).toBe(before + 1);
      expect(await t.db.changePlan.count({ where: { planHash } })).toBe(1);
      return outcomes.find((o) => !o.reused && !o.upToDate)!.changeRequest!;
    };
    // reviewed (a new resource in a protected environment): the request stays open for the others to find
    const reviewed = files();
    reviewed.resources.push({ name: "audit-db", environment: "prod", domain: "payments", kind: "database", scopes: [{ action: "read" }] });
    expect((await opened(reviewed)).status).toBe("open");
    // applied at once (dev): applied once, and the files then plan nothing
    const quick = files();
    quick.resources.push({ name: "scratch-2", environment: "dev", domain: "payments", kind: "storage", scopes: [{ action: "read" }] });
    expect((await opened(quick)).status).toBe("applied");
    expect(await t.db.resource.count({ where: { name: "scratch-2" } })).toBe(1);
    expect((await planCatalog(t.db, { state: quick })).operations).toEqual([]);
  });

  it("records nothing for a plan the catalog moved past between planning and recording", async () => {
    const desired = files();
    desired.resources.push({ name: "late-db", environment: "dev", domain: "payments", kind: "database", scopes: [{ action: "read" }] });
    const { base, change } = await diffCatalog(t.db, { state: desired });
    const before = { requests: await t.db.changeRequest.count(), plans: await t.db.changePlan.count(), events: await t.db.auditEvent.count() };
    const attempt = openChange(t.db, { actor: editor, source: "cli", input: change!, plan: { hash: base.planHash, catalogVersion: base.catalogVersion - 1 } });
    await expect(attempt).rejects.toMatchObject({ code: "stale", status: 409, fields: [expect.objectContaining({ field: "state" })] });
    expect({ requests: await t.db.changeRequest.count(), plans: await t.db.changePlan.count(), events: await t.db.auditEvent.count() }).toEqual(before);
  });

  it("refuses a plan made before the catalog moved", async () => {
    const desired = files();
    desired.resources[1]!.description = "scratch space";
    const plan = await planCatalog(t.db, { state: desired });
    await submitChange(t.db, { actor: editor, input: { title: "Describe scratch elsewhere", operations: [{ kind: "update", entity: "resource", id: (await loadLiveState(t.db)).ids.resources.get("dev/scratch")!, data: { description: "moved" } }] } });
    await expect(applyCatalog(t.db, { actor: editor, input: { state: desired, planHash: plan.planHash } })).rejects.toMatchObject({ code: "stale" });
  });

  it("enforces stored assertions on a change from another surface", async () => {
    const desired = files();
    desired.assertions.push({ name: "ledger-untouchable", rule: "at-most", clients: 0, resource: "prod/ledger-db", severity: "critical" });
    const { change } = await diffCatalog(t.db, { state: desired });
    expect(change!.operations.map((o) => `${o.kind} ${o.entity}`)).toContain("create assertion");
    await submitChange(t.db, { actor: editor, input: change! });
    const { ids } = await loadLiveState(t.db);
    const attempt = openChange(t.db, {
      actor: editor,
      source: "api",
      input: { title: "Grant the ledger", operations: [{ kind: "create", entity: "binding", data: { clientId: ids.clients.get("ci-ledger"), profileId: ids.profiles.get("ledger-read") } }] },
    });
    await expect(attempt).rejects.toMatchObject({ message: expect.stringContaining("assertion on ledger-untouchable") });
  });

  it("cannot escape an assertion by deleting or loosening it: the old definition still holds, and the edit itself is reviewed", async () => {
    const { ids } = await loadLiveState(t.db);
    const assertionId = ids.assertions.get("ledger-untouchable")!;
    const grant = { kind: "create" as const, entity: "binding" as const, data: { clientId: ids.clients.get("ci-ledger"), profileId: ids.profiles.get("ledger-read") } };
    // in one breath: delete the assertion and widen (the files with --prune do this)
    const together = openChange(t.db, { actor: editor, source: "cli", input: { title: "Drop the promise and grant", operations: [{ kind: "delete", entity: "assertion", id: assertionId }, grant] } });
    await expect(together).rejects.toMatchObject({ message: expect.stringContaining("ledger-untouchable") });
    // loosened in one breath: the definition that stood before is enforced
    const loosened = openChange(t.db, {
      actor: editor,
      source: "api",
      input: { title: "Loosen and grant", operations: [{ kind: "update", entity: "assertion", id: assertionId, data: { spec: { name: "ledger-untouchable", rule: "at-most", clients: 100, resource: "prod/ledger-db", severity: "low" } } }, grant] },
    });
    await expect(loosened).rejects.toMatchObject({ message: expect.stringContaining("ledger-untouchable") });
    // deleting it alone is a high finding: reviewed, never applied at once
    const removal = await openChange(t.db, { actor: editor, source: "api", input: { title: "Drop the promise", operations: [{ kind: "delete", entity: "assertion", id: assertionId }] } });
    expect(removal.changeRequest.status).toBe("open");
    expect(removal.findings).toEqual([expect.objectContaining({ checkId: "assertion-changed", severity: "high", message: expect.stringContaining("ledger-untouchable is removed") })]);
  });
});

describe.each(providersUnderTest)("a critical can-assertion on %s", (provider) => {
  let t: TestDatabase;
  let editor: Actor;
  beforeAll(async () => {
    t = await createTestDatabase(provider);
    editor = await testActor(t.db, "ed2@example.test", "editor");
    const desired = files();
    desired.assertions.push({ name: "ci-reads-scratch", rule: "can", client: "ci-ledger", action: "read", resource: "dev/scratch", severity: "critical" });
    const { change } = await diffCatalog(t.db, { state: desired });
    await submitChange(t.db, { actor: editor, input: change! });
  });
  afterAll(() => t.drop());

  it("flags, but never refuses, a change that cuts the access (incidents must get through)", async () => {
    const { ids } = await loadLiveState(t.db);
    const cut = await submitChange(t.db, {
      actor: editor,
      input: { title: "Suspend ci-ledger", operations: [{ kind: "update", entity: "client", id: ids.clients.get("ci-ledger")!, data: { status: "suspended" } }] },
    });
    expect(cut.findings).toEqual([expect.objectContaining({ checkId: "assertion", severity: "critical", blocking: false, message: expect.stringContaining("ci-reads-scratch broken") })]);
  });
});
