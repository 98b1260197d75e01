// Alerts on critical scope changes, delivered to a real local HTTP receiver
// through the signed webhooks: a change that widens access in a protected
// environment and creates an admin scope raises both alerts in the generic
// JSON envelope (signature verified) and as a Slack message; raiseAlert()
// serves other code (a failed drill); a rule switched off in Settings raises
// nothing; and nothing is raised for a change outside protected environments.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../auth/permissions";
import { testActor } from "../testing/actors";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { startReceiver, type Receiver } from "../testing/http-receiver";
import { submitChange } from "../testing/submit-change";
import { deliverDue } from "../webhooks/deliver";
import { createWebhookEndpoint } from "../webhooks/manage-endpoints";
import { signatureHeader, verifySignature } from "../webhooks/sign";
import { raiseAlert } from "./raise";
import { updateAlertRules } from "./update-alert-rules";
import { defaultAlertRules } from "./rules";

type Envelope = { event: string; data: { kind: string; severity: string; summary: string; changeRequest?: string } };

describe.each(providersUnderTest)("alerts on %s", (provider) => {
  let t: TestDatabase;
  let receiver: Receiver;
  let admin: Actor;
  let secret = "";

  const delivered = async () => {
    const before = receiver.received.length;
    await deliverDue(t.db);
    return receiver.received.slice(before);
  };

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    receiver = await startReceiver();
    admin = await testActor(t.db, "alerts-admin@example.test", "admin");
    secret = (await createWebhookEndpoint(t.db, { actor: admin, input: { name: "siem", url: receiver.url("/json"), events: ["alert.raised"] } })).secret;
    await createWebhookEndpoint(t.db, { actor: admin, input: { name: "slack-security", url: receiver.url("/slack"), events: ["alert.raised"], format: "slack" } });
    await submitChange(t.db, {
      actor: admin,
      input: {
        title: "environments",
        operations: [
          { entity: "environment", kind: "create", id: "env-prod", data: { name: "prod", protection: "protected" } },
          { entity: "environment", kind: "create", id: "env-dev", data: { name: "dev" } },
          { entity: "domain", kind: "create", id: "dom", data: { name: "payments" } },
          { entity: "resource", kind: "create", id: "res", data: { name: "orders-db", kind: "database", environmentId: "env-prod", domainId: "dom" } },
          { entity: "resource", kind: "create", id: "res-dev", data: { name: "orders-db", kind: "database", environmentId: "env-dev", domainId: "dom" } },
          { entity: "client", kind: "create", id: "c", data: { name: "ci-orders", kind: "pipeline" } },
        ],
      },
    });
    await delivered();
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.drop();
  });

  it("a widening in a protected environment with a new admin scope raises both alerts, as signed JSON and as Slack messages", async () => {
    await submitChange(t.db, {
      actor: admin,
      input: {
        title: "let CI administer orders-db",
        operations: [
          { entity: "scope", kind: "create", id: "s-admin", data: { resourceId: "res", action: "admin" } },
          { entity: "profile", kind: "create", id: "p", data: { name: "orders-admin", scopeIds: ["s-admin"], maxTokenLifetimeSeconds: 600 } },
          { entity: "binding", kind: "create", id: "b", data: { clientId: "c", profileId: "p" } },
        ],
      },
    });
    const got = await delivered();
    const json = got.filter((r) => r.path === "/json");
    const slack = got.filter((r) => r.path === "/slack");
    expect(json).toHaveLength(2);
    for (const r of json) expect(verifySignature(secret, r.body, r.headers[signatureHeader] as string)).toBe(true);
    const kinds = json.map((r) => (JSON.parse(r.body) as Envelope).data).sort((a, b) => a.kind.localeCompare(b.kind));
    expect(kinds[0]).toMatchObject({ kind: "admin_scope", severity: "high" });
    expect(kinds[1]).toMatchObject({ kind: "protected_widening", severity: "high" });
    expect(kinds[1]!.summary).toContain("ci-orders → prod/orders-db:admin");
    expect(JSON.parse(json[0]!.body)).toMatchObject({ event: "alert.raised" });

    expect(slack).toHaveLength(2);
    for (const r of slack) {
      const m = JSON.parse(r.body) as { text: string; blocks: { type: string }[] };
      expect(m.text).toMatch(/^Perimeter alert: CR-\d+ (widens access in prod|creates admin-like scope: admin)/);
      expect(m.blocks[0]).toMatchObject({ type: "section" });
    }
    // and each is in the audit log
    expect(await t.db.auditEvent.count({ where: { action: "alert.raised" } })).toBe(2);
  });

  it("raises nothing for a read grant outside protected environments", async () => {
    await submitChange(t.db, {
      actor: admin,
      input: {
        title: "dev read",
        operations: [
          { entity: "scope", kind: "create", id: "s-dev", data: { resourceId: "res-dev", action: "read" } },
          { entity: "profile", kind: "create", id: "p-dev", data: { name: "orders-dev-read", scopeIds: ["s-dev"], maxTokenLifetimeSeconds: 600 } },
          { entity: "binding", kind: "create", id: "b-dev", data: { clientId: "c", profileId: "p-dev" } },
        ],
      },
    });
    expect(await delivered()).toEqual([]);
  });

  it("a change that breaks an access assertion raises assertion_failed when it is recorded", async () => {
    // ci-orders holds admin on prod/orders-db (the first test): an assertion that it cannot is new and failing
    await submitChange(t.db, {
      actor: admin,
      input: {
        title: "assert CI cannot administer orders-db",
        operations: [{ entity: "assertion", kind: "create", id: "a1", data: { name: "ci-no-admin", spec: { name: "ci-no-admin", rule: "cannot", client: "ci-orders", action: "admin", resource: "prod/orders-db", severity: "high" } } }],
      },
    });
    const got = (await delivered()).filter((r) => r.path === "/json").map((r) => (JSON.parse(r.body) as Envelope).data);
    expect(got).toContainEqual(expect.objectContaining({ kind: "assertion_failed", severity: "high", summary: expect.stringMatching(/^CR-\d+ breaks ci-no-admin$/) }));
  });

  it("raiseAlert serves other code, and a rule switched off in Settings raises nothing", async () => {
    const raised = await raiseAlert(t.db, "drill_failed", { summary: "drill orders-db-breach: access not contained within 60 s", drill: "orders-db-breach" });
    expect(raised).toMatchObject({ kind: "drill_failed", severity: "critical", endpoints: 2 });
    const got = await delivered();
    expect((JSON.parse(got.find((r) => r.path === "/json")!.body) as Envelope).data).toMatchObject({ kind: "drill_failed", summary: "drill orders-db-breach: access not contained within 60 s" });

    await updateAlertRules(t.db, { actor: admin, input: { ...defaultAlertRules, drill_failed: false } });
    expect(await raiseAlert(t.db, "drill_failed", { summary: "another failed drill" })).toBeNull();
    expect(await delivered()).toEqual([]);
  });

  it("refuses alert rules that are not booleans, naming the field", async () => {
    await expect(updateAlertRules(t.db, { actor: admin, input: { ...defaultAlertRules, admin_scope: "yes" } })).rejects.toMatchObject({ fields: [{ field: "admin_scope" }] });
  });
});
