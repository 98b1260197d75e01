// Signed audit checkpoints: made from the chain head with the token service's
// key, delivered to a real webhook receiver (signed) and written to a
// directory; then someone with database access rewrites an event AND
// recomputes every later hash and the recorded head. The plain chain walk
// (`npm run audit:verify`) finds nothing wrong; with --checkpoints (a file, the
// directory) it names the checkpoint the chain no longer extends.
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../auth/permissions";
import { transaction, type Db } from "../db/client";
import { KeyStore } from "../oauth/key-store";
import { testActor } from "../testing/actors";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { startReceiver, type Receiver } from "../testing/http-receiver";
import { deliverDue } from "../webhooks/deliver";
import { createWebhookEndpoint } from "../webhooks/manage-endpoints";
import { signatureHeader, verifySignature } from "../webhooks/sign";
import { appendAudit } from "./append";
import { checkpointKeys, verifyCheckpoints } from "./checkpoint-verify";
import { createCheckpoint } from "./checkpoints";
import { chainedFieldsOf, eventHash } from "./hash";

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "../..");
const SECRET = "checkpoint-test-key-secret-0123456789abcdef";

async function verifyCommand(url: string, args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(path.join(root, "node_modules/.bin/tsx"), ["scripts/audit-verify.ts", ...args], { cwd: root, env: { ...process.env, DATABASE_URL: url } });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, out: err.stdout + err.stderr };
  }
}

const events = (db: Db, label: string, n: number) =>
  transaction(db, (tx) => appendAudit(tx, { id: null, label }, Array.from({ length: n }, (_, i) => ({ action: "domain.updated" as const, targetType: "domain", targetId: `d${i}`, targetName: `domain-${i}` }))));

/** What an attacker with write access does: edits event `seq`, then recomputes every later hash and the head so the chain walk passes. */
async function rewriteChain(t: TestDatabase, seq: number) {
  await t.db.$executeRawUnsafe(t.provider === "sqlite" ? `DROP TRIGGER "AuditEvent_no_update"` : `DROP TRIGGER "AuditEvent_no_update" ON "AuditEvent"`);
  const rows = await t.db.auditEvent.findMany({ where: { seq: { gte: seq } }, orderBy: { seq: "asc" } });
  let prevHash = rows[0]!.prevHash;
  for (const row of rows) {
    const fields = { ...chainedFieldsOf(row), ...(row.seq === seq ? { actorLabel: "someone-else" } : {}) };
    const hash = eventHash(prevHash, fields);
    await t.db.auditEvent.update({ where: { seq: row.seq }, data: { actorLabel: fields.actorLabel, prevHash, hash } });
    prevHash = hash;
  }
  await t.db.catalogState.update({ where: { id: 1 }, data: { auditHead: prevHash } });
}

describe.each(providersUnderTest)("audit checkpoints on %s", (provider) => {
  let t: TestDatabase;
  let receiver: Receiver;
  let dir: string;
  let keys: KeyStore;
  let webhookSecret = "";

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    dir = mkdtempSync(path.join(os.tmpdir(), "perimeter-checkpoints-"));
    receiver = await startReceiver();
    keys = new KeyStore(t.db, SECRET, 86_400_000);
    await keys.ensureActive(systemActor);
    const admin = await testActor(t.db, "checkpoints-admin@example.test", "admin");
    webhookSecret = (await createWebhookEndpoint(t.db, { actor: admin, input: { name: "transparency log", url: receiver.url("/checkpoints"), events: ["audit.checkpoint"] } })).secret;
  });
  afterAll(async () => {
    await receiver?.close();
    rmSync(dir, { recursive: true, force: true });
    await t?.drop();
  });

  it("signs the head, sends it to the webhook and writes it to the directory; nothing new when the head has not moved", async () => {
    await events(t.db, "alice", 3);
    const c = await createCheckpoint(t.db, { key: keys.signingKey(), issuer: "https://perimeter.test", dir });
    const head = await t.db.catalogState.findUniqueOrThrow({ where: { id: 1 } });
    expect(c).toMatchObject({ seq: head.auditSeq, hash: head.auditHead, kid: keys.signingKey()!.kid });
    expect(await createCheckpoint(t.db, { key: keys.signingKey(), issuer: "https://perimeter.test", dir })).toBeNull();
    expect(readdirSync(dir)).toHaveLength(1);
    expect(JSON.parse(readFileSync(path.join(dir, readdirSync(dir)[0]!), "utf8"))).toMatchObject({ seq: c!.seq, jws: c!.jws });

    expect(await deliverDue(t.db)).toMatchObject({ delivered: 1 });
    const got = receiver.received.find((r) => r.path === "/checkpoints")!;
    expect(verifySignature(webhookSecret, got.body, got.headers[signatureHeader] as string)).toBe(true);
    expect(JSON.parse(got.body)).toMatchObject({ event: "audit.checkpoint", data: { seq: c!.seq, hash: c!.hash, jws: c!.jws } });
    expect(await verifyCheckpoints(t.db, [c!.jws], await checkpointKeys(t.db))).toEqual({ checked: 1, problems: [] });
  });

  it("a rewritten chain with a recomputed head passes the plain walk, not --checkpoints", async () => {
    await events(t.db, "bob", 2);
    const second = await createCheckpoint(t.db, { key: keys.signingKey(), issuer: "https://perimeter.test", dir });
    // the checkpoints as someone outside keeps them: a file with the webhook's copy, and the directory
    const file = path.join(dir, "..", `${path.basename(dir)}-received.json`);
    writeFileSync(file, JSON.stringify([JSON.parse(receiver.received[0]!.body).data]));
    // the JWKS published before the rewrite (an attacker could replace the keys in the database too)
    const jwksFile = path.join(dir, "..", `${path.basename(dir)}-jwks.json`);
    writeFileSync(jwksFile, keys.jwksBody);

    const before = await verifyCommand(t.url, ["--checkpoints", dir, file, "--jwks", jwksFile]);
    expect(before.out).toContain("OK: the chain extends all 3 checkpoints");
    expect(before.code).toBe(0);

    await rewriteChain(t, 2);

    const plain = await verifyCommand(t.url, []);
    expect(plain.code).toBe(0);
    expect(plain.out).toContain("OK: audit chain intact");
    expect(plain.out).toContain("OK: subject index matches the trail");

    const withCheckpoints = await verifyCommand(t.url, ["--checkpoints", dir, file, "--jwks", jwksFile]);
    expect(withCheckpoints.code).toBe(1);
    expect(withCheckpoints.out).toContain("BROKEN: 3 of 3 checkpoints are not extended by the chain");
    expect(withCheckpoints.out).toContain(`checkpoint at #${second!.seq}: the event's hash`);
    rmSync(file);
    rmSync(jwksFile);
  });

  it("refuses a checkpoint whose signature does not verify", async () => {
    const [h, p, s] = (await t.db.auditCheckpoint.findFirstOrThrow()).jws.split(".");
    const forged = `${h}.${Buffer.from(JSON.stringify({ iss: "x", seq: 1, hash: "f".repeat(64), at: "2026-01-01T00:00:00.000Z", iat: 1 })).toString("base64url")}.${s}`;
    expect(p).not.toBe(forged.split(".")[1]);
    const r = await verifyCheckpoints(t.db, [forged], await checkpointKeys(t.db));
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.reason).toMatch(/^signature: /);
  });

  it("plain verify recomputes the subject index and names the rows that differ", async () => {
    const seq = await transaction(t.db, (tx) => appendAudit(tx, { id: null, label: "carol" }, [{ action: "client.created", targetType: "client", targetId: "client-7", targetName: "ci-orders" }]));
    // the index is append-only too: someone with database access drops the guard first
    await t.db.$executeRawUnsafe(t.provider === "sqlite" ? `DROP TRIGGER "AuditSubject_no_delete"` : `DROP TRIGGER "AuditSubject_no_delete" ON "AuditSubject"`);
    await t.db.$executeRawUnsafe(`DELETE FROM "AuditSubject" WHERE "seq" = ${seq}`);
    await t.db.auditSubject.create({ data: { kind: "profile", subjectId: "profile-x", seq } });
    const r = await verifyCommand(t.url, []);
    expect(r.code).toBe(1);
    expect(r.out).toContain("BROKEN: subject index differs from the trail in 2 rows");
    expect(r.out).toContain(`event #${seq}: client client-7 missing from the index`);
    expect(r.out).toContain(`event #${seq}: profile profile-x in the index, not in the event`);
  });
});
