import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ReadModel } from "../access/read-model";
import { loadSnapshot } from "../access/snapshot";
import { submitChange } from "../testing/submit-change";
import { DAY } from "../drift/types";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { testActor } from "../testing/actors";
import { usageForClient, usageForProfile } from "./load-usage";

const minute = (d: Date) => new Date(d.getTime() - (d.getTime() % 60_000));

describe.each(providersUnderTest)("usage from decision aggregates on %s", (provider) => {
  let t: TestDatabase;
  let model: ReadModel;
  const now = minute(new Date());
  const ago = (days: number) => minute(new Date(now.getTime() - days * DAY));

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    await submitChange(t.db, {
      actor: await testActor(t.db, "admin@usage.test", "admin"),
      input: {
        title: "Bootstrap",
        operations: [
          { entity: "environment", kind: "create", id: "dev", data: { name: "dev" } },
          { entity: "domain", kind: "create", id: "pay", data: { name: "payments" } },
          { entity: "resource", kind: "create", id: "odb", data: { name: "orders-db", kind: "database", environmentId: "dev", domainId: "pay" } },
          { entity: "scope", kind: "create", id: "odb-read", data: { resourceId: "odb", action: "read" } },
          { entity: "scope", kind: "create", id: "odb-write", data: { resourceId: "odb", action: "write" } },
          { entity: "scope", kind: "create", id: "odb-admin", data: { resourceId: "odb", action: "admin" } },
          { entity: "profile", kind: "create", id: "rw", data: { name: "orders-rw", environmentId: "dev", scopeIds: ["odb-read", "odb-write", "odb-admin"] } },
          { entity: "client", kind: "create", id: "svc", data: { name: "svc-orders", kind: "service" } },
          { entity: "client", kind: "create", id: "job", data: { name: "job-orders", kind: "service" } },
          { entity: "binding", kind: "create", data: { clientId: "svc", profileId: "rw" } },
          { entity: "binding", kind: "create", data: { clientId: "job", profileId: "rw" } },
        ],
      },
    });
    const { version, snapshot } = await loadSnapshot(t.db);
    model = new ReadModel(snapshot, version);
    const stat = (clientId: string, scopeId: string, at: Date, outcome: string, count: number, profileId = "rw") => ({ minute: at, clientId, profileId, scopeId, outcome, count });
    await t.db.decisionStat.createMany({
      data: [
        stat("svc", "odb-read", ago(10), "allow", 3),
        stat("svc", "odb-read", ago(1), "allow", 2),
        stat("svc", "odb-read", ago(1), "deny", 1),
        stat("svc", "odb-write", ago(40), "allow", 8),
        // another client's use counts for the profile, not for svc
        stat("job", "odb-admin", ago(5), "allow", 4),
        // a denial without a grant carries no profile or scope
        stat("svc", "", ago(1), "deny", 6, ""),
      ],
    });
  });
  afterAll(async () => t?.drop());

  it("tells a client's used scopes from its unused ones in the window", async () => {
    const u = await usageForClient(t.db, "svc", { now, model });
    expect(u.days).toBe(30);
    expect(u.totals).toEqual({ granted: 3, used: 1, unused: 2 });
    expect(u.rows.map((r) => [r.scopeName, r.used])).toEqual([
      ["dev/orders-db:admin", false],
      ["dev/orders-db:write", false],
      ["dev/orders-db:read", true],
    ]);
    expect(u.rows[2]).toMatchObject({ profileId: "rw", profileName: "orders-rw", lastUsedAt: ago(1), allowedCount: 5, deniedCount: 1 });
    expect(u.rows[1]).toMatchObject({ lastUsedAt: null, allowedCount: 0 });
  });

  it("widens with the window", async () => {
    const u = await usageForClient(t.db, "svc", { now, days: 90, model });
    expect(u.totals).toEqual({ granted: 3, used: 2, unused: 1 });
    expect(u.rows.find((r) => r.scopeId === "odb-write")).toMatchObject({ used: true, lastUsedAt: ago(40), allowedCount: 8 });
    expect((await usageForClient(t.db, "svc", { now, days: 7, model })).rows.find((r) => r.scopeId === "odb-read")).toMatchObject({ allowedCount: 2 });
  });

  it("adds up every holder's use for a profile", async () => {
    const u = await usageForProfile(t.db, "rw", { now, model });
    expect(u.totals).toEqual({ granted: 3, used: 2, unused: 1 });
    expect(u.rows.find((r) => r.scopeId === "odb-admin")).toMatchObject({ used: true, allowedCount: 4, lastUsedAt: ago(5) });
  });

  it("has no grants for an unknown client or profile", async () => {
    expect((await usageForClient(t.db, "nobody", { now, model })).totals).toEqual({ granted: 0, used: 0, unused: 0 });
    expect((await usageForProfile(t.db, "nothing", { now, model })).rows).toEqual([]);
  });
});
