import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { verifyAuditChain } from "../audit/verify";
import { clientKinds, resourceKinds } from "../catalog/schemas";
import { seedDemo } from "./demo";

const now = new Date("2025-06-02T09:00:00Z");

describe.each(providersUnderTest)("the demo seed on %s", (provider) => {
  let t: TestDatabase;
  const lines: string[] = [];

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    expect(await seedDemo(t.db, { password: "demo-password-1", now, log: (l) => lines.push(l) })).toEqual({ seeded: true });
  });
  afterAll(async () => t?.drop());

  const counts = async () => ({
    users: await t.db.user.count(),
    domains: await t.db.domain.count(),
    environments: await t.db.environment.count(),
    resources: await t.db.resource.count(),
    scopes: await t.db.scope.count(),
    profiles: await t.db.profile.count(),
    profileVersions: await t.db.profileVersion.count(),
    clients: await t.db.client.count(),
    bindings: await t.db.binding.count(),
    claimRules: await t.db.claimRule.count(),
    credentials: await t.db.credential.count(),
    changes: await t.db.changeRequest.count(),
    audit: await t.db.auditEvent.count(),
  });

  it("fills the catalog in the expected ranges", async () => {
    const c = await counts();
    expect(c.domains).toBe(3);
    expect(c.environments).toBe(3);
    expect(c.resources).toBeGreaterThanOrEqual(35);
    expect(c.scopes).toBeGreaterThanOrEqual(110);
    expect(c.profiles).toBeGreaterThanOrEqual(25);
    expect(c.clients).toBeGreaterThanOrEqual(50);
    expect(c.bindings).toBeGreaterThan(c.clients);
    expect(c.claimRules).toBeGreaterThanOrEqual(4);
    expect(c.credentials).toBeGreaterThanOrEqual(3);

    const kinds = await t.db.resource.groupBy({ by: ["kind"] });
    expect(kinds.map((k) => k.kind).sort()).toEqual([...resourceKinds].sort());
    const clientKindsSeen = await t.db.client.groupBy({ by: ["kind"] });
    expect(clientKindsSeen.map((k) => k.kind).sort()).toEqual([...clientKinds].sort());

    const prod = await t.db.environment.findUniqueOrThrow({ where: { name: "prod" } });
    expect(prod).toMatchObject({ protection: "protected", rank: 0 });
    expect(await t.db.resource.count({ where: { criticality: "critical" } })).toBeGreaterThan(0);
    expect(await t.db.domainOwner.count()).toBeGreaterThanOrEqual(3);
    expect(await t.db.client.count({ where: { status: "suspended" } })).toBeGreaterThanOrEqual(2);
  });

  it("creates the four demo users with their roles", async () => {
    for (const role of ["admin", "approver", "editor", "viewer"]) {
      const user = await t.db.user.findUniqueOrThrow({ where: { email: `${role}@perimeter.local` } });
      expect(user.role).toBe(role);
      expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    }
  });

  it("includes temporary grants, claim rules, versioned and risky profiles", async () => {
    const temporary = await t.db.binding.findMany({ where: { expiresAt: { not: null } } });
    expect(temporary.length).toBeGreaterThanOrEqual(3);
    for (const b of temporary) {
      expect(b.expiresAt!.getTime()).toBeGreaterThan(now.getTime());
      expect(b.reason).not.toBe("");
    }
    const rule = await t.db.claimRule.findUniqueOrThrow({ where: { name: "gha-orders-main" } });
    expect(rule.issuer).toBe("https://token.actions.githubusercontent.com");
    expect(JSON.parse(rule.conditions)).toEqual({ repository: "acme/orders", ref: "refs/heads/main" });
    expect(await t.db.profile.count({ where: { version: { gte: 2 } } })).toBeGreaterThanOrEqual(2);
    const risky = await t.db.profile.findMany({
      where: { expiresAt: null, environment: { name: "prod" }, scopes: { some: { scope: { action: "admin" } } } },
    });
    expect(risky.length).toBeGreaterThanOrEqual(1);
  });

  it("wrote everything through the write path: one audit event per row, a valid chain", async () => {
    const c = await counts();
    const events = async (action: string) => t.db.auditEvent.count({ where: { action } });
    const entities = {
      domain: c.domains,
      environment: c.environments,
      resource: c.resources,
      scope: c.scopes,
      profile: c.profiles,
      client: c.clients,
      binding: c.bindings,
      claimRule: c.claimRules,
      credential: c.credentials,
    };
    for (const [entity, count] of Object.entries(entities)) {
      expect(`${entity}: ${(await events(`${entity}.created`)) - (await events(`${entity}.deleted`))}`).toBe(`${entity}: ${count}`);
    }
    expect(await events("user.created")).toBe(c.users);
    expect(await events("change.applied")).toBe(c.changes);
    expect(lines).toHaveLength(c.changes);
    expect(lines[0]).toMatch(/^CR-1 Bootstrap environments and domains/);
    expect(await t.db.changeRequest.count({ where: { authorId: null } })).toBe(0);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, events: c.audit });
  });

  it("does nothing on a second run", async () => {
    const before = await counts();
    expect(await seedDemo(t.db, { password: "demo-password-1", now })).toEqual({ seeded: false });
    expect(await counts()).toEqual(before);
  });
});
