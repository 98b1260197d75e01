// The hot paths' guarantees over real HTTP (the fast path on node:http) on
// each database: a token is answered only once its row and token.issued event
// are committed; a denial only once its audit event is; a poison event is
// refused alone (recorded as audit.event_rejected) and never stalls the
// others; a full queue answers 503 with Retry-After instead of dropping;
// unstorable strings are refused at the edge naming the parameter; and the
// RFC conformance fixes (RFC 7009 hint, RFC 6750 invalid_token, RFC 9864 Ed25519).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { decodeJwt, exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../api-tokens/manage-api-tokens";
import { verifyAuditChain } from "../audit/verify";
import { systemActor } from "../auth/permissions";
import { submitChange } from "../testing/submit-change";
import { decide } from "../decisions/decide";
import { testActor } from "../testing/actors";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { basic, modelOf, testServiceOptions, TEST_KEY_SECRET } from "../testing/token-service";
import { tokenFixture } from "../testing/token-fixture";
import { createFastPath } from "./http/fast-path";
import { HotJournal, JournalBusy, JournalRejected } from "./journal";
import { openJournalStore } from "./journal-store";
import { startTokenService, type TokenService } from "./service";

const form = "application/x-www-form-urlencoded";

async function serve(svc: TokenService): Promise<{ base: string; close(): Promise<void> }> {
  const fast = createFastPath(svc);
  const server = http.createServer((req, res) => {
    if (!fast(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

describe.each(providersUnderTest)("hot-path guarantees on %s", (provider) => {
  let t: TestDatabase;
  let svc: TokenService;
  let http1: { base: string; close(): Promise<void> };
  let secret = "";
  let apiToken = "";
  const auth = () => basic("svc-orders", secret);
  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${http1.base}${path}`, { method: "POST", headers: { "content-type": form, authorization: auth(), ...headers }, body });
  const decisions = (body: unknown, authorization = `Bearer ${apiToken}`) =>
    fetch(`${http1.base}/api/v1/decisions`, { method: "POST", headers: { "content-type": "application/json", authorization }, body: JSON.stringify(body) });
  const count = (action: string) => t.db.auditEvent.count({ where: { action } });

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    ({ secret } = await tokenFixture(t.db));
    const admin = await testActor(t.db, "admin@test.local", "admin");
    apiToken = (await createApiToken(t.db, { actor: admin, input: { name: "resource server", access: "read" } })).token;
    svc = await startTokenService({ db: t.db, url: t.url, issuer: "https://perimeter.test", keySecret: TEST_KEY_SECRET, readModel: modelOf(t) });
    http1 = await serve(svc);
  });
  afterAll(async () => {
    await http1?.close();
    await svc?.stop();
    await t?.drop();
  });

  it("every token answered has its Token row and token.issued event already committed (no flush)", async () => {
    const answers = await Promise.all(Array.from({ length: 25 }, () => post("/oauth/token", "grant_type=client_credentials")));
    expect(answers.map((a) => a.status)).toEqual(Array(25).fill(200));
    const jtis = await Promise.all(answers.map(async (a) => decodeJwt(((await a.json()) as { access_token: string }).access_token).jti!));
    expect(await t.db.token.count({ where: { jti: { in: jtis } } })).toBe(25);
    const events = await t.db.auditEvent.findMany({ where: { action: "token.issued" }, select: { after: true } });
    const recorded = new Set(events.map((e) => (JSON.parse(e.after!) as { jti: string }).jti));
    expect(jtis.every((j) => recorded.has(j))).toBe(true);
  });

  it("a denial is answered only once its audit event is durable; identical ones share a counted event", async () => {
    const before = await count("decision.denied");
    const answers = await Promise.all(Array.from({ length: 5 }, () => decisions({ client: "svc-orders", resource: "prod/orders-db", action: "admin" })));
    expect(answers.map((a) => a.status)).toEqual(Array(5).fill(200));
    const events = await t.db.auditEvent.findMany({ where: { action: "decision.denied" }, orderBy: { seq: "asc" }, skip: before });
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events.reduce((n, e) => n + (JSON.parse(e.after!) as { count: number }).count, 0)).toBe(5);
  });

  it("a poison event is refused alone, recorded as audit.event_rejected, and never stalls the others", async () => {
    const journal = new HotJournal(openJournalStore(t.url));
    const actor = { id: null, label: "test" };
    const ev = (name: string) => ({ action: "decision.denied" as const, targetType: "client", targetId: "", targetName: name, after: { count: 1 } });
    const existing = (await t.db.token.findFirstOrThrow()).jti;
    const row = (jti: string) => ({ jti, clientId: "c", profileId: "p", profileVersion: 1, scope: "prod/orders-db:read", audience: "", issuedAt: new Date(), expiresAt: new Date(Date.now() + 60_000) });
    const writes = [
      journal.write(actor, ev("good-1")),
      journal.write(actor, ev("bad\u0000name")), // a string PostgreSQL cannot store
      journal.write(actor, { ...ev("dup"), action: "token.issued" }, { token: row(existing) }), // refused by the database itself
      journal.write(actor, ev("good-2")),
      journal.write(actor, { ...ev("good-3"), action: "token.issued" }, { token: row(`ok-${randomUUID()}`) }),
    ];
    const settled = await Promise.allSettled(writes);
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "rejected", "fulfilled", "fulfilled"]);
    for (const s of settled) if (s.status === "rejected") expect(s.reason).toBeInstanceOf(JournalRejected);
    const rejected = await t.db.auditEvent.findMany({ where: { action: "audit.event_rejected" }, orderBy: { seq: "asc" } });
    expect(rejected).toHaveLength(2);
    expect(JSON.parse(rejected[0]!.after!)).toMatchObject({ action: "decision.denied", reason: expect.stringContaining("NUL") });
    expect(rejected[0]!.targetName).not.toContain("\u0000");
    expect(JSON.parse(rejected[1]!.after!)).toMatchObject({ action: "token.issued", issued: false, jti: existing });
    expect(await t.db.auditEvent.count({ where: { targetName: { in: ["good-1", "good-2", "good-3"] } } })).toBe(3);
    // the trail keeps going: later events and tokens are written
    const res = await post("/oauth/token", "grant_type=client_credentials");
    expect(res.status).toBe(200);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
    await journal.close();
  });

  it("an idle journal, or one client's requests one after another, commit at once; under concurrent load a batch waits commitDelayMs for company", async () => {
    // a delay no test could sit out: a write that waited for it would time the test out
    const journal = new HotJournal(openJournalStore(t.url), { commitDelayMs: 60_000, busyWithinMs: 200, maxBatch: 24 });
    const actor = { id: null, label: "batching" };
    const write = (i: number) => journal.write(actor, { action: "decision.denied", targetType: "client", targetName: `batch-${i}` });
    const turn = () => new Promise((r) => setImmediate(r)); // the batch's end is recorded
    await write(0); // idle: at once
    await turn();
    await write(1); // one after another: a batch of one ended moments ago, no company to wait for
    await turn();
    await Promise.all([write(2), write(3)]); // a batch of two
    await turn();
    const later = [write(4)]; // a batch of several ended moments ago: this one waits for company
    await new Promise((r) => setTimeout(r, 20));
    expect(journal.pending).toBe(1);
    later.push(write(5), write(6)); // maxBatch / 8 queued: the batch starts without sitting out the delay
    await Promise.all(later);
    expect(journal.stats).toMatchObject({ batches: 4, entries: 7 });
    await turn();
    // and a flush does not sit it out either
    const waiting = write(7);
    await new Promise((r) => setTimeout(r, 20));
    expect(journal.pending).toBe(1);
    await journal.flush();
    await waiting;
    expect(journal.stats).toMatchObject({ batches: 5, entries: 8 });
    await journal.close();
  });

  it("a full queue refuses with JournalBusy (backpressure), never a silent drop", async () => {
    const journal = new HotJournal(openJournalStore(t.url), { maxPending: 3 });
    const actor = { id: null, label: "backpressure" };
    const settled = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => journal.write(actor, { action: "decision.denied", targetType: "client", targetName: `bp-${i}` })));
    const ok = settled.filter((s) => s.status === "fulfilled").length;
    expect(ok).toBe(3);
    for (const s of settled) if (s.status === "rejected") expect(s.reason).toBeInstanceOf(JournalBusy);
    // exactly what was acknowledged is in the trail
    expect(await t.db.auditEvent.count({ where: { actorLabel: "backpressure" } })).toBe(ok);
    await journal.close();
  });

  it("the token endpoint answers 503 with Retry-After when the writer cannot keep up, and hands out nothing", async () => {
    const busy = await startTokenService(testServiceOptions(t, { journal: { maxPending: 0 } }));
    const server = await serve(busy);
    try {
      const tokens = await t.db.token.count();
      const res = await fetch(`${server.base}/oauth/token`, { method: "POST", headers: { "content-type": form, authorization: auth() }, body: "grant_type=client_credentials" });
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("1");
      expect(await res.json()).toMatchObject({ error: "temporarily_unavailable" });
      expect(await t.db.token.count()).toBe(tokens);
      const denial = await fetch(`${server.base}/api/v1/decisions`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${apiToken}` }, body: JSON.stringify({ client: "svc-orders", resource: "prod/orders-db", action: "admin" }) });
      expect(denial.status).toBe(503);
      expect(denial.headers.get("retry-after")).toBe("1");
    } finally {
      await server.close();
      await busy.stop();
    }
  });

  it("refuses unstorable strings at the edge, naming the parameter", async () => {
    const res = await post("/oauth/token", "grant_type=client_credentials&scope=prod%2Forders-db%3Aread%00");
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_request", error_description: expect.stringMatching(/^scope .*NUL/) });
    const intro = await post("/oauth/introspect", "token=abc%01def");
    expect(intro.status).toBe(400);
    expect(await intro.json()).toMatchObject({ error: "invalid_request", error_description: expect.stringMatching(/^token .*control/) });
    const d = await decisions({ client: "svc\u0000orders", resource: "prod/orders-db", action: "read" });
    expect(d.status).toBe(400);
    expect(await d.json()).toMatchObject({ errors: [{ field: "client", message: expect.stringContaining("NUL") }] });
    const batch = await decisions({ requests: [{ client: "svc-orders", resource: "prod/orders-db", action: "read" }, { client: "x", resource: "bad\u0001", action: "read" }] });
    expect(batch.status).toBe(400);
    expect(await batch.json()).toMatchObject({ errors: [{ field: "requests.1.resource" }] });
    // and a denial right after is still audited
    const before = await count("decision.denied");
    expect((await decisions({ client: "svc-orders", resource: "prod/orders-db", action: "admin" })).status).toBe(200);
    expect(await count("decision.denied")).toBe(before + 1);
  });

  it("RFC 7009 §2.1: a wrong token_type_hint still revokes", async () => {
    const { access_token } = (await (await post("/oauth/token", "grant_type=client_credentials")).json()) as { access_token: string };
    const res = await post("/oauth/revoke", new URLSearchParams({ token: access_token, token_type_hint: "refresh_token" }).toString());
    expect(res.status).toBe(200);
    const intro = (await (await post("/oauth/introspect", new URLSearchParams({ token: access_token }).toString())).json()) as { active: boolean };
    expect(intro.active).toBe(false);
    expect((await t.db.token.findUniqueOrThrow({ where: { jti: decodeJwt(access_token).jti! } })).revokedAt).not.toBeNull();
  });

  it("RFC 6750: an invalid bearer at /api/v1/decisions is invalid_token; a missing one has no error code", async () => {
    const bad = await decisions({ client: "svc-orders", resource: "prod/orders-db", action: "read" }, "Bearer pmt_api_000000000000_" + "A".repeat(43));
    expect(bad.status).toBe(401);
    expect(bad.headers.get("www-authenticate")).toMatch(/^Bearer realm="perimeter", error="invalid_token"/);
    const none = await decisions({ client: "svc-orders", resource: "prod/orders-db", action: "read" }, "");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="perimeter"');
  });

  it("RFC 9864: client assertions signed as Ed25519 are accepted, as EdDSA ones are", async () => {
    const pair = await generateKeyPair("Ed25519", { extractable: true });
    await submitChange(t.db, {
      actor: systemActor,
      input: { title: "An Ed25519 key", operations: [{ entity: "credential", kind: "create", data: { clientId: "c", kind: "public_key", jwk: await exportJWK(pair.publicKey) } }] },
    });
    for (const alg of ["Ed25519", "EdDSA"]) {
      const assertion = await new SignJWT({})
        .setProtectedHeader({ alg })
        .setIssuer("svc-orders")
        .setSubject("svc-orders")
        .setAudience(svc.tokenEndpoint)
        .setJti(randomUUID())
        .setIssuedAt()
        .setExpirationTime("2m")
        .sign(pair.privateKey);
      const body = new URLSearchParams({ grant_type: "client_credentials", client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer", client_assertion: assertion });
      const res = await fetch(`${http1.base}/oauth/token`, { method: "POST", headers: { "content-type": form }, body: body.toString() });
      expect([alg, res.status]).toEqual([alg, 200]);
    }
  });

  it("a decision denied in-process is durable when decide() returns", async () => {
    const before = await count("decision.denied");
    const r = await decide(svc, { ...systemActor, label: "api-token:in-process" }, { client: "svc-orders", resource: "prod/orders-db", action: "admin" });
    expect(r.allow).toBe(false);
    expect(await count("decision.denied")).toBe(before + 1);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });
});
