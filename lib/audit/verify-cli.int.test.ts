import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { transaction } from "../db/client";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { appendAudit } from "./append";
import { verifyReport } from "./verify-report";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");

async function verifyCommand(url: string): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(path.join(root, "node_modules/.bin/tsx"), ["scripts/audit-verify.ts"], { cwd: root, env: { ...process.env, DATABASE_URL: url } });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

describe("verifyReport", () => {
  it("says OK with the count and head, or names the broken event", () => {
    expect(verifyReport({ ok: true, events: 1234, head: "abc" }, 0)).toEqual({ line: "OK: audit chain intact, 1,234 events, head abc", exitCode: 0 });
    expect(verifyReport({ ok: false, events: 2, brokenAt: 3, reason: "content does not match its hash" }, 10)).toEqual({
      line: "BROKEN: audit chain broken at event #3: content does not match its hash (2 events verified before it)",
      exitCode: 1,
    });
  });
});

describe.each(providersUnderTest)("npm run audit:verify on %s", (provider) => {
  let t: TestDatabase | undefined;
  afterEach(async () => {
    await t?.drop();
    t = undefined;
  });

  it("prints OK with the count and head, then exits 1 naming the event someone edited", async () => {
    t = await createTestDatabase(provider);
    await transaction(t.db, (tx) =>
      appendAudit(tx, { id: null, label: "alice" }, [
        { action: "domain.created", targetType: "domain", targetId: "d1", targetName: "payments" },
        { action: "domain.updated", targetType: "domain", targetId: "d1", targetName: "payments" },
        { action: "domain.deleted", targetType: "domain", targetId: "d1", targetName: "payments" },
      ]),
    );
    const head = (await t.db.catalogState.findUniqueOrThrow({ where: { id: 1 } })).auditHead;
    const ok = await verifyCommand(t.url);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain(`OK: audit chain intact, 3 events, head ${head}`);

    await t.db.$executeRawUnsafe(t.provider === "sqlite" ? `DROP TRIGGER "AuditEvent_no_update"` : `DROP TRIGGER "AuditEvent_no_update" ON "AuditEvent"`);
    await t.db.$executeRawUnsafe(`UPDATE "AuditEvent" SET "targetName" = 'ledger' WHERE "seq" = 2`);
    const broken = await verifyCommand(t.url);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain("BROKEN: audit chain broken at event #2: content does not match its hash");
  });
});
