import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../auth/permissions";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { testActor } from "../testing/actors";
import { defaultApprovalRules, loadApprovalRules } from "./approval-rules";
import { updateApprovalRules } from "./update-approval-rules";

describe.each(providersUnderTest)("updating the approval rules on %s", (provider) => {
  let t: TestDatabase;
  let admin: Actor;
  let approver: Actor;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    admin = await testActor(t.db, "admin@rules.test", "admin");
    approver = await testActor(t.db, "approver@rules.test", "approver");
  });
  afterAll(async () => t?.drop());

  const stricter = { ...defaultApprovalRules, autoApplyLowRiskUnprotected: false, approvals: { ...defaultApprovalRules.approvals, high: 3 } };

  it("stores the rules and audits before and after", async () => {
    expect(await loadApprovalRules(t.db)).toEqual(defaultApprovalRules);
    expect(await updateApprovalRules(t.db, { actor: admin, input: stricter })).toEqual(stricter);
    expect(await loadApprovalRules(t.db)).toEqual(stricter);
    await updateApprovalRules(t.db, { actor: admin, input: defaultApprovalRules });
    const events = await t.db.auditEvent.findMany({ where: { action: "settings.updated" }, orderBy: { seq: "asc" } });
    expect(events.map((e) => [e.actorLabel, e.targetName, JSON.parse(e.before!), JSON.parse(e.after!)])).toEqual([
      ["admin@rules.test", "approval rules", defaultApprovalRules, stricter],
      ["admin@rules.test", "approval rules", stricter, defaultApprovalRules],
    ]);
  });

  it("refuses non-admins and bad input, naming the field, and changes nothing", async () => {
    await expect(updateApprovalRules(t.db, { actor: approver, input: stricter })).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      updateApprovalRules(t.db, { actor: admin, input: { ...stricter, approvals: { ...stricter.approvals, critical: 9 } } }),
    ).rejects.toMatchObject({ code: "validation", fields: [expect.objectContaining({ field: "approvals.critical" })] });
    expect(await loadApprovalRules(t.db)).toEqual(defaultApprovalRules);
    expect(await t.db.auditEvent.count({ where: { action: "settings.updated" } })).toBe(2);
  });
});
