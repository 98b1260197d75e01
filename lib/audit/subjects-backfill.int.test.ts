// The migration that added the subject index backfills it in SQL from the
// events already recorded. It must write exactly the rows appendAudit writes
// (lib/audit/subjects.ts) for the same events, on each provider, so events
// recorded before the upgrade are found by the client and profile filters too.
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { migrate, migrationsDir } from "../db/migrate";
import { buildSubjectScenario } from "../testing/audit-subject-scenario";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";

const subjectRows = (db: Db) => db.auditSubject.findMany({ orderBy: [{ seq: "asc" }, { kind: "asc" }, { subjectId: "asc" }] });

describe.each(providersUnderTest)("backfilling the audit subject index on %s", (provider) => {
  let current: TestDatabase;
  let upgraded: TestDatabase;
  let root: string;

  beforeAll(async () => {
    current = await createTestDatabase(provider);
    await buildSubjectScenario(current.db);
    // the same trail in a database as it was before the subject index existed
    root = mkdtempSync(path.join(os.tmpdir(), "perimeter-before-subjects-"));
    cpSync(path.join(process.cwd(), "prisma"), path.join(root, "prisma"), { recursive: true });
    const dir = migrationsDir(provider, root);
    const name = readdirSync(dir).find((n) => n.endsWith("_audit_subjects"));
    if (!name) throw new Error("no audit_subjects migration");
    rmSync(path.join(dir, name), { recursive: true });
    upgraded = await createTestDatabase(provider, { root });
    await upgraded.db.client.createMany({ data: await current.db.client.findMany() });
    await upgraded.db.profile.createMany({ data: await current.db.profile.findMany() });
    await upgraded.db.token.createMany({ data: await current.db.token.findMany() });
    await upgraded.db.auditEvent.createMany({ data: await current.db.auditEvent.findMany({ orderBy: { seq: "asc" } }) });
  });
  afterAll(async () => {
    await current?.drop();
    await upgraded?.drop();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("writes, for the events already recorded, the rows appendAudit writes", async () => {
    const expected = await subjectRows(current.db);
    // every rule is exercised: own targets, snapshots' owners, and tokens' owners
    expect(expected.length).toBeGreaterThan(30);
    expect(await migrate(upgraded.url)).toEqual([expect.stringMatching(/_audit_subjects$/)]);
    expect(await subjectRows(upgraded.db)).toEqual(expected);
  });
});
