// A credential created by a reviewed change request: when someone other than
// the author applies it, the secret is sealed for the author, who sees it
// once; the applier's answer and the audit log never hold it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../auth/permissions";
import { verifyAuditChain } from "../../audit/verify";
import { verifySecret } from "../../crypto/secrets";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../../testing/databases";
import { testActor } from "../../testing/actors";
import { defaultApprovalRules } from "../approval-rules";
import { submitChange } from "../../testing/submit-change";
import { updateApprovalRules } from "../update-approval-rules";
import { applyChangeRequest } from "./apply-change";
import { openChange } from "./open-change";
import { reviewChange } from "./review";
import { discardExpiredSecrets, pendingSecrets, revealSecrets } from "./secret-delivery";

const HOUR = 3_600_000;

describe.each(providersUnderTest)("secrets of reviewed credentials on %s", (provider) => {
  let t: TestDatabase;
  const actors = {} as Record<"editor" | "approver" | "owner" | "admin", Actor>;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    actors.editor = await testActor(t.db, "editor@sd.test", "editor");
    actors.approver = await testActor(t.db, "approver@sd.test", "approver");
    actors.owner = await testActor(t.db, "owner@sd.test", "approver");
    actors.admin = await testActor(t.db, "admin@sd.test", "admin");
    // every request is reviewed here, even a low-risk new secret
    await updateApprovalRules(t.db, { actor: actors.admin, input: { ...defaultApprovalRules, autoApplyLowRiskUnprotected: false } });
    await submitChange(t.db, {
      actor: actors.approver,
      input: {
        title: "Bootstrap",
        operations: [
          { entity: "environment", kind: "create", id: "prod", data: { name: "prod", protection: "protected" } },
          { entity: "domain", kind: "create", id: "payments", data: { name: "payments", ownerEmails: ["owner@sd.test"] } },
          { entity: "resource", kind: "create", id: "odb", data: { name: "orders-db", kind: "database", environmentId: "prod", domainId: "payments", criticality: "high" } },
          { entity: "scope", kind: "create", id: "odb-write", data: { resourceId: "odb", action: "write" } },
          { entity: "profile", kind: "create", id: "deploy", data: { name: "deploy-orders", environmentId: "prod", scopeIds: ["odb-write"] } },
          { entity: "client", kind: "create", id: "ci", data: { name: "ci-orders", kind: "pipeline", domainId: "payments" } },
          { entity: "binding", kind: "create", data: { clientId: "ci", profileId: "deploy" } },
        ],
      },
    });
  });
  afterAll(async () => t?.drop());

  /** The editor asks for a secret for ci-orders; the approvers approve it. */
  async function approvedSecretRequest(now: Date) {
    const opened = await openChange(t.db, { actor: actors.editor, now, input: { title: "A secret for CI", operations: [{ entity: "credential", kind: "create", data: { clientId: "ci", kind: "secret" } }] } });
    expect(opened.changeRequest.status).toBe("open");
    expect(JSON.stringify(opened)).not.toMatch(/pmt_sec_[0-9a-f]{12}_/);
    const id = opened.changeRequest.id;
    for (const a of [actors.approver, actors.owner]) {
      const r = await reviewChange(t.db, { actor: a, id, now, input: { decision: "approve" } });
      if (r.status === "approved") break;
    }
    return id;
  }

  it("seals the secret for the author when an approver applies; the author sees it once", async () => {
    const now = new Date();
    const id = await approvedSecretRequest(now);
    const applied = await applyChangeRequest(t.db, { actor: actors.approver, id, now });
    const result = applied.results.find((r) => r.entity === "credential")!;
    expect(result.secret).toBeUndefined();
    expect(result.heldFor).toBe("editor@sd.test");
    expect(JSON.stringify(applied)).not.toMatch(/pmt_sec_[0-9a-f]{12}_/);

    expect(await pendingSecrets(t.db, id, actors.approver.id)).toEqual([]);
    expect((await pendingSecrets(t.db, id, actors.editor.id)).map((p) => p.credentialId)).toEqual([result.id]);
    await expect(revealSecrets(t.db, { actor: actors.approver, changeRequestId: id })).rejects.toMatchObject({ code: "not_found" });

    const [shown] = await revealSecrets(t.db, { actor: actors.editor, changeRequestId: id });
    expect(shown).toMatchObject({ credentialId: result.id, secret: expect.stringMatching(/^pmt_sec_/) });
    const row = await t.db.credential.findUniqueOrThrow({ where: { id: result.id } });
    expect(await verifySecret(shown!.secret, row.hash)).toBe(true);

    // once: erased in the database, a second reveal finds nothing
    await expect(revealSecrets(t.db, { actor: actors.editor, changeRequestId: id })).rejects.toMatchObject({ code: "not_found" });
    expect(await t.db.secretDelivery.findMany({ where: { changeRequestId: id } })).toEqual([expect.objectContaining({ sealed: null, revealedAt: expect.any(Date) })]);

    const events = await t.db.auditEvent.findMany({ where: { changeRequestId: id }, orderBy: { seq: "asc" } });
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["credential.created", "credential.secret_held", "change.applied", "credential.secret_revealed"]));
    expect(JSON.stringify(events)).not.toContain(shown!.secret);
    // both land in the client's audit trail
    const trail = await t.db.auditSubject.findMany({ where: { kind: "client", subjectId: "ci" }, include: { event: { select: { action: true } } } });
    expect(trail.map((s) => s.event.action)).toEqual(expect.arrayContaining(["credential.secret_held", "credential.secret_revealed"]));
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it("lets the write API token that opened the request collect its secret; not a read token, another token of the author, or another person", async () => {
    const token = (access: "read" | "write", tokenId: string): Actor => ({ ...actors.editor, kind: "api-token", tokenId, role: access === "read" ? "viewer" : "editor", label: `api-token:${tokenId} for editor@sd.test` });
    const opener = token("write", "tok-opener");
    // the request is opened with the token: its author is the token's creator, the token recorded
    const opened = await openChange(t.db, { actor: opener, now: new Date(), input: { title: "A secret for CI, from CI", operations: [{ entity: "credential", kind: "create", data: { clientId: "ci", kind: "secret" } }] } });
    const id = opened.changeRequest.id;
    for (const a of [actors.approver, actors.owner]) {
      const r = await reviewChange(t.db, { actor: a, id, input: { decision: "approve" } });
      if (r.status === "approved") break;
    }
    await applyChangeRequest(t.db, { actor: actors.approver, id });
    await expect(revealSecrets(t.db, { actor: token("read", "tok-opener"), changeRequestId: id })).rejects.toMatchObject({ code: "forbidden" });
    await expect(revealSecrets(t.db, { actor: token("write", "tok-other"), changeRequestId: id })).rejects.toMatchObject({ code: "forbidden" });
    await expect(revealSecrets(t.db, { actor: { ...opener, id: actors.approver.id }, changeRequestId: id })).rejects.toMatchObject({ code: "not_found" });
    const [shown] = await revealSecrets(t.db, { actor: opener, changeRequestId: id });
    expect(shown?.secret).toMatch(/^pmt_sec_/);
    // a request the author opened signed in is not the token's to collect
    const signedIn = await approvedSecretRequest(new Date());
    await applyChangeRequest(t.db, { actor: actors.approver, id: signedIn });
    await expect(revealSecrets(t.db, { actor: opener, changeRequestId: signedIn })).rejects.toMatchObject({ code: "forbidden" });
    expect(await revealSecrets(t.db, { actor: actors.editor, changeRequestId: signedIn })).toHaveLength(1);
  });

  it("gives the secret to an author who applies their own request", async () => {
    const id = await approvedSecretRequest(new Date());
    const applied = await applyChangeRequest(t.db, { actor: actors.editor, id });
    expect(applied.results.find((r) => r.entity === "credential")?.secret).toMatch(/^pmt_sec_/);
    expect(await t.db.secretDelivery.count({ where: { changeRequestId: id } })).toBe(0);
  });

  it("discards a secret nobody came for within a day", async () => {
    const now = new Date();
    const id = await approvedSecretRequest(now);
    await applyChangeRequest(t.db, { actor: actors.owner, id, now });
    expect(await discardExpiredSecrets(t.db, new Date(now.getTime() + HOUR))).toBe(0);
    expect(await discardExpiredSecrets(t.db, new Date(now.getTime() + 25 * HOUR))).toBe(1);
    await expect(revealSecrets(t.db, { actor: actors.editor, changeRequestId: id })).rejects.toMatchObject({ code: "not_found" });
    expect(await t.db.auditEvent.count({ where: { changeRequestId: id, action: "credential.secret_discarded" } })).toBe(1);
  });
});
