import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { ReadModel } from "../access/read-model";
import { loadSnapshot } from "../access/snapshot";
import { verifyAuditChain } from "../audit/verify";
import { clientKinds, resourceKinds } from "../catalog/schemas";
import { findDrift } from "../drift/load";
import { usageForClient } from "../usage/load-usage";
import { seedDemo } from "./demo";

const now = new Date("2025-06-02T09:00:00Z");
const DAY = 86_400_000;
const daysBefore = (d: Date) => (now.getTime() - d.getTime()) / DAY;

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
    const landed = await t.db.changeRequest.count({ where: { status: { in: ["applied", "expired", "reverted"] } } });
    expect(await events("change.applied")).toBe(landed);
    // one line per change request, the issuer and the access review, then one for the usage
    expect(lines.at(-1)).toMatch(/^\d+ decision aggregates over 35 days$/);
    expect(lines[0]).toMatch(/^CR-1 Bootstrap environments and domains/);
    expect(await t.db.changeRequest.count({ where: { authorId: null } })).toBe(0);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true, events: c.audit });
  });

  it("lived the workflow: reviews, a rejection, a revert, an expiry, emergencies, requests still waiting", async () => {
    const byStatus = Object.fromEntries((await t.db.changeRequest.groupBy({ by: ["status"], _count: true })).map((g) => [g.status, g._count]));
    expect(byStatus).toMatchObject({ rejected: 1, reverted: 1, expired: 1, open: 2 });
    expect(byStatus.applied).toBeGreaterThan(15);
    // reviewed by the demo accounts, with stored reach deltas and risks other than low
    expect(await t.db.approval.count({ where: { decision: "approve" } })).toBeGreaterThan(15);
    const risks = new Set((await t.db.changeRequest.findMany({ select: { risk: true } })).map((c) => c.risk));
    expect([...risks]).toEqual(expect.arrayContaining(["low", "medium", "high", "critical"]));
    for (const cr of await t.db.changeRequest.findMany({ select: { number: true, reach: true } })) expect(JSON.parse(cr.reach), `CR-${cr.number}`).toHaveProperty("requirement");
    // the critical request waits for a payments owner who is a demo account
    const critical = await t.db.changeRequest.findFirstOrThrow({ where: { status: "open", risk: "critical" }, include: { approvals: true } });
    expect(critical.approvals).toHaveLength(1);
    const owners = await t.db.domainOwner.findMany({ where: { domain: { name: "payments" } }, select: { user: { select: { email: true } } } });
    expect(owners.map((o) => o.user.email)).toContain("ana.costa@perimeter.local");
    // emergency changes: one confirmed after the fact, one still waiting in the queue
    expect(await t.db.changeRequest.count({ where: { emergency: true, postReview: "confirmed" } })).toBe(1);
    expect(await t.db.changeRequest.count({ where: { emergency: true, reviewDue: true } })).toBe(1);
    // the temporary change was undone by an expiry request acting for its author
    const expiry = await t.db.changeRequest.findFirstOrThrow({ where: { source: "expiry" } });
    expect(expiry.status).toBe("applied");
    expect(await t.db.binding.count({ where: { id: "bind-farid.haddad--search-indexer-prod" } })).toBe(0);
    // an access review in progress, and a trusted issuer the claim rules can use
    const review = await t.db.accessReview.findFirstOrThrow({ include: { items: true } });
    expect(review.status).toBe("open");
    expect(review.items.some((i) => i.decision === "pending")).toBe(true);
    expect(review.items.some((i) => i.decision !== "pending")).toBe(true);
    const issuers = new Set((await t.db.trustedIssuer.findMany()).map((i) => i.issuer));
    for (const rule of await t.db.claimRule.findMany()) expect(issuers.has(rule.issuer), rule.name).toBe(true);
  });

  it("spreads the history over five weeks, in order, and every row carries its change's time", async () => {
    const changes = await t.db.changeRequest.findMany({ orderBy: { number: "asc" }, select: { number: true, title: true, createdAt: true, appliedAt: true } });
    expect(daysBefore(changes[0]!.createdAt)).toBeGreaterThan(31);
    expect(daysBefore(changes.at(-1)!.createdAt)).toBeLessThan(4);
    for (const [i, c] of changes.entries()) {
      if (c.appliedAt) expect(c.appliedAt.getTime(), c.title).toBeGreaterThanOrEqual(c.createdAt.getTime());
      expect(c.createdAt.getTime(), c.title).toBeLessThan(now.getTime());
      if (i > 0) expect(c.createdAt.getTime(), c.title).toBeGreaterThan(changes[i - 1]!.createdAt.getTime());
    }
    // the incident, the audit grants, the offboarding, the suspension and the waiting requests come last, within the last week
    const last = changes.slice(-6).map((c) => c.title);
    expect(last).toEqual([
      "Temporary access for incident INC-2041",
      "Ledger access for the Q3 audit",
      "Offboard contractor quentin.dubois",
      "Suspend svc-recommendations after secret exposure",
      "Let ci-ledger post ledger entries in production",
      "Search API reads index snapshots",
    ]);
    for (const c of changes.slice(-6)) expect(daysBefore(c.createdAt)).toBeLessThan(7);
    // at least a dozen distinct days, not one timestamp
    expect(new Set(changes.map((c) => c.createdAt.toISOString().slice(0, 10))).size).toBeGreaterThanOrEqual(12);

    // catalog rows and profile versions carry the time of the change that wrote them
    const appliedAt = new Map((await t.db.changeRequest.findMany({ where: { appliedAt: { not: null } }, select: { id: true, appliedAt: true } })).map((c) => [c.id, c.appliedAt!.getTime()]));
    for (const v of await t.db.profileVersion.findMany()) expect(v.createdAt.getTime()).toBe(appliedAt.get(v.changeRequestId!));
    const suspended = await t.db.client.findUniqueOrThrow({ where: { name: "svc-recommendations" } });
    expect(daysBefore(suspended.createdAt)).toBeGreaterThan(30);
    expect(daysBefore(suspended.updatedAt)).toBeLessThan(4);
    expect(await t.db.resource.count({ where: { createdAt: { gt: new Date(now.getTime() - 30 * DAY) } } })).toBe(0);
  });

  it("keeps the audit chain valid, with times that never go back", async () => {
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
    const events = await t.db.auditEvent.findMany({ orderBy: { seq: "asc" }, select: { seq: true, at: true } });
    for (let i = 1; i < events.length; i++) expect(events[i]!.at.getTime(), `seq ${events[i]!.seq}`).toBeGreaterThanOrEqual(events[i - 1]!.at.getTime());
    expect(daysBefore(events[0]!.at)).toBeGreaterThan(31);
    expect(events.at(-1)!.at.getTime()).toBeLessThan(now.getTime());
  });

  it("leaves temporary grants, expiring profiles and credentials active at now, each expiring after it was created", async () => {
    const expiring = [
      ...(await t.db.binding.findMany({ where: { expiresAt: { not: null } } })),
      ...(await t.db.profile.findMany({ where: { expiresAt: { not: null } } })),
      ...(await t.db.credential.findMany({ where: { expiresAt: { not: null } } })),
    ];
    expect(expiring.length).toBeGreaterThanOrEqual(10);
    for (const row of expiring) {
      expect(row.createdAt.getTime()).toBeLessThan(now.getTime());
      expect(row.expiresAt!.getTime()).toBeGreaterThan(now.getTime());
    }
    const incident = await t.db.binding.findFirstOrThrow({ where: { reason: { startsWith: "INC-2041" } } });
    expect(daysBefore(incident.createdAt)).toBeGreaterThan(1);
  });

  it("records about five weeks of decisions: most grants used, some not, a few denials", async () => {
    const total = await t.db.decisionStat.count();
    expect(total).toBeGreaterThan(1_000);
    expect(total).toBeLessThan(5_000);
    const span = await t.db.decisionStat.aggregate({ _min: { minute: true }, _max: { minute: true } });
    expect(daysBefore(span._min.minute!)).toBeGreaterThan(30);
    expect(daysBefore(span._min.minute!)).toBeLessThanOrEqual(35);
    expect(daysBefore(span._max.minute!)).toBeGreaterThanOrEqual(0);
    expect(daysBefore(span._max.minute!)).toBeLessThan(1);
    expect(await t.db.decisionStat.count({ where: { outcome: "deny" } })).toBeGreaterThan(0);

    // nobody decided before the client existed, nor was allowed once suspended
    const clients = new Map((await t.db.client.findMany()).map((c) => [c.id, c]));
    for (const r of await t.db.decisionStat.findMany({ where: { outcome: "allow" } })) {
      const c = clients.get(r.clientId)!;
      expect(r.minute.getTime(), c.name).toBeGreaterThanOrEqual(c.createdAt.getTime());
      if (c.status === "suspended") expect(r.minute.getTime(), c.name).toBeLessThan(c.updatedAt.getTime());
    }

    const { snapshot, version } = await loadSnapshot(t.db);
    const model = new ReadModel(snapshot, version);
    const usage = (name: string) => usageForClient(t.db, `cl-${name}`, { now, model });
    expect((await usage("svc-checkout")).totals).toMatchObject({ unused: 0 });
    expect((await usage("key-terraform-staging")).totals).toMatchObject({ used: 0 });
    const human = (await usage("alice.martin")).totals;
    expect(human.used).toBeGreaterThan(0);
    expect(human.unused).toBeGreaterThan(0);
    expect((await usage("svc-recommendations")).denied.map((d) => d.scopeName)).toContain("prod/search-index:read");
  });

  it("gives drift unused scopes to find: some of the granted scopes, not all", async () => {
    const { findings, notes } = await findDrift(t.db, { now });
    expect(notes).toEqual([]);
    const unused = findings.filter((f) => f.kind === "unused-scopes");
    const removed = unused.flatMap((f) => (f.fix?.kind === "change" ? f.fix.operations.flatMap((op) => ("data" in op ? (op.data as { removeScopeIds: string[] }).removeScopeIds : [])) : []));
    const granted = await t.db.profileScope.count({ where: { profile: { OR: [{ bindings: { some: {} } }, { claimRules: { some: {} } }] } } });
    expect(unused.length).toBeGreaterThanOrEqual(3);
    expect(removed.length).toBeGreaterThanOrEqual(5);
    expect(removed.length).toBeLessThan(granted / 3);
    const names = unused.map((f) => f.target.name);
    expect(names).toContain("platform-breakglass-prod");
    expect(names).not.toContain("orders-readonly-prod");
    // and of the credentials only the idle one has never been used
    const stale = findings.filter((f) => f.kind === "stale-credential").map((f) => f.target.name);
    expect(stale).toEqual([expect.stringMatching(/^key-terraform-staging\//)]);
  });

  it("does nothing on a second run", async () => {
    const before = await counts();
    expect(await seedDemo(t.db, { password: "demo-password-1", now })).toEqual({ seeded: false });
    expect(await counts()).toEqual(before);
  });
});
