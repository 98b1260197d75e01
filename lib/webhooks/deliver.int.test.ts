import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { systemActor, type Actor } from "../auth/permissions";
import { transaction } from "../db/client";
import { AppError } from "../errors";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { backoffMs, deliverDue, maxAttempts } from "./deliver";
import { enqueueWebhookEvent } from "./enqueue";
import type { WebhookEvent } from "./events";
import { createWebhookEndpoint, deleteWebhookEndpoint, listWebhookDeliveries, listWebhookEndpoints, updateWebhookEndpoint } from "./manage-endpoints";
import { verifySignature } from "./sign";

type Received = { path: string; headers: http.IncomingHttpHeaders; body: string };
type Behaviour = { status: number; body?: string; delayMs?: number };

/** A real HTTP receiver on 127.0.0.1; each path answers as told in `behaviour`. */
function startReceiver() {
  const received: Received[] = [];
  const behaviour = new Map<string, Behaviour>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "/";
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const b = behaviour.get(path) ?? { status: 200 };
      const answer = () => {
        if (res.destroyed) return;
        res.writeHead(b.status, { "content-type": "text/plain" });
        res.end(b.body ?? "ok");
      };
      if (b.delayMs) setTimeout(answer, b.delayMs).unref();
      else answer();
    });
  });
  return new Promise<{ url: (path: string) => string; received: Received[]; behaviour: Map<string, Behaviour>; close(): Promise<void> }>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: (path) => `http://127.0.0.1:${port}${path}`,
        received,
        behaviour,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe.each(providersUnderTest)("outgoing webhooks on %s", (provider) => {
  let t: TestDatabase;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  const admin: Actor = { id: null, label: "admin@example.test", role: "admin", kind: "system" };

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await t?.drop();
  });
  afterEach(async () => {
    await t.db.webhookEndpoint.deleteMany();
    receiver.received.length = 0;
    receiver.behaviour.clear();
  });

  const endpoint = (name: string, events: WebhookEvent[], url = receiver.url(`/${name}`)) =>
    createWebhookEndpoint(t.db, { actor: systemActor, input: { name, url, events } });

  const enqueue = (event: WebhookEvent, data: Record<string, unknown> = { number: 1 }, now = new Date()) =>
    transaction(t.db, (tx) => enqueueWebhookEvent(tx, event, data, now));

  it("delivers the exact stored body, signed with the endpoint's secret, only to subscribed active endpoints", async () => {
    const hook = await endpoint("ops-alerts", ["change.applied", "change.critical"]);
    const other = await endpoint("opened-only", ["change.opened"]);
    const paused = await endpoint("paused", ["change.applied"]);
    await updateWebhookEndpoint(t.db, { actor: systemActor, input: { id: paused.id, active: false } });
    expect(hook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);

    const occurredAt = new Date();
    expect(await enqueue("change.applied", { number: 42, title: "Register orders-db" }, occurredAt)).toBe(1);
    expect(await t.db.webhookDelivery.count({ where: { endpointId: other.id } })).toBe(0);
    expect(await t.db.webhookDelivery.count({ where: { endpointId: paused.id } })).toBe(0);
    const [queued] = await t.db.webhookDelivery.findMany({ where: { endpointId: hook.id } });
    expect(queued!.status).toBe("pending");
    expect(JSON.parse(queued!.payload)).toEqual({ id: queued!.id, event: "change.applied", occurredAt: occurredAt.toISOString(), data: { number: 42, title: "Register orders-db" } });

    const summary = await deliverDue(t.db, { timeoutMs: 5_000 });
    expect(summary).toEqual({ attempted: 1, delivered: 1, retrying: 0, failed: 0 });
    expect(receiver.received).toHaveLength(1);
    const req = receiver.received[0]!;
    expect(req.path).toBe("/ops-alerts");
    expect(req.body).toBe(queued!.payload);
    expect(req.headers["content-type"]).toBe("application/json");
    expect(req.headers["perimeter-event"]).toBe("change.applied");
    expect(req.headers["perimeter-delivery"]).toBe(queued!.id);
    const signature = req.headers["perimeter-signature"] as string;
    expect(verifySignature(hook.secret, req.body, signature)).toBe(true);
    expect(verifySignature(other.secret, req.body, signature)).toBe(false);

    const done = await t.db.webhookDelivery.findUniqueOrThrow({ where: { id: queued!.id } });
    expect(done).toMatchObject({ status: "delivered", attempts: 1, lastStatusCode: 200, lastError: null, nextAttemptAt: null });
    expect(done.deliveredAt).toBeInstanceOf(Date);

    // delivered once: nothing more to send
    expect((await deliverDue(t.db, { timeoutMs: 5_000 })).attempted).toBe(0);
    expect(receiver.received).toHaveLength(1);
  });

  it("retries a failing receiver with backoff and marks the delivery failed after the last attempt", async () => {
    const hook = await endpoint("flaky", ["change.rejected"]);
    receiver.behaviour.set("/flaky", { status: 500, body: "database on fire" });
    const start = new Date();
    await enqueue("change.rejected", { number: 9 }, start);

    await deliverDue(t.db, { now: start, timeoutMs: 5_000 });
    let d = await t.db.webhookDelivery.findFirstOrThrow({ where: { endpointId: hook.id } });
    expect(d).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: 500 });
    expect(d.lastError).toContain("HTTP 500");
    expect(d.lastError).toContain("database on fire");
    expect(d.nextAttemptAt!.getTime()).toBe(start.getTime() + backoffMs(1));
    expect(d.nextAttemptAt!.getTime()).toBeGreaterThan(start.getTime());
    expect(receiver.received).toHaveLength(1);

    // before the backoff has passed: nothing is sent
    const early = await deliverDue(t.db, { now: new Date(d.nextAttemptAt!.getTime() - 1), timeoutMs: 5_000 });
    expect(early.attempted).toBe(0);
    expect(receiver.received).toHaveLength(1);

    // past the backoff: retried, and the backoff doubles
    let now = d.nextAttemptAt!;
    await deliverDue(t.db, { now, timeoutMs: 5_000 });
    d = await t.db.webhookDelivery.findFirstOrThrow({ where: { endpointId: hook.id } });
    expect(receiver.received).toHaveLength(2);
    expect(d).toMatchObject({ status: "pending", attempts: 2 });
    expect(d.nextAttemptAt!.getTime() - now.getTime()).toBe(2 * backoffMs(1));
    // every attempt is freshly signed and verifies
    expect(verifySignature(hook.secret, receiver.received[1]!.body, receiver.received[1]!.headers["perimeter-signature"] as string)).toBe(true);

    while (d.status === "pending") {
      now = d.nextAttemptAt!;
      await deliverDue(t.db, { now, timeoutMs: 5_000 });
      d = await t.db.webhookDelivery.findFirstOrThrow({ where: { endpointId: hook.id } });
    }
    expect(d).toMatchObject({ status: "failed", attempts: maxAttempts, lastStatusCode: 500, nextAttemptAt: null, deliveredAt: null });
    expect(d.lastError).toContain("HTTP 500");
    expect(receiver.received).toHaveLength(maxAttempts);

    // a failed delivery is never sent again
    expect((await deliverDue(t.db, { now: new Date(now.getTime() + 86_400_000), timeoutMs: 5_000 })).attempted).toBe(0);
    expect(receiver.received).toHaveLength(maxAttempts);

    const log = await listWebhookDeliveries(t.db, { actor: systemActor, endpointId: hook.id });
    expect(log.map((l) => l.status)).toEqual(["failed"]);
    expect((await listWebhookEndpoints(t.db, { actor: systemActor })).find((e) => e.id === hook.id)?.failedDeliveries).toBe(1);
  });

  it("delivers on a later attempt once the receiver recovers", async () => {
    const hook = await endpoint("recovers", ["change.approved"]);
    receiver.behaviour.set("/recovers", { status: 503 });
    const start = new Date();
    await enqueue("change.approved", { number: 3 }, start);
    expect((await deliverDue(t.db, { now: start, timeoutMs: 5_000 })).retrying).toBe(1);
    receiver.behaviour.set("/recovers", { status: 204 });
    expect((await deliverDue(t.db, { now: new Date(start.getTime() + backoffMs(1)), timeoutMs: 5_000 })).delivered).toBe(1);
    const d = await t.db.webhookDelivery.findFirstOrThrow({ where: { endpointId: hook.id } });
    expect(d).toMatchObject({ status: "delivered", attempts: 2, lastStatusCode: 204, lastError: null });
  });

  it("counts network errors and timeouts as failed attempts", async () => {
    const refused = await endpoint("nobody-home", ["change.reverted"], `http://127.0.0.1:${await closedPort()}/hook`);
    const slow = await endpoint("slow", ["change.reverted"]);
    receiver.behaviour.set("/slow", { status: 200, delayMs: 3_000 });
    const start = new Date();
    expect(await enqueue("change.reverted", { number: 5 }, start)).toBe(2);

    const summary = await deliverDue(t.db, { now: start, timeoutMs: 300 });
    expect(summary).toEqual({ attempted: 2, delivered: 0, retrying: 2, failed: 0 });
    const a = await t.db.webhookDelivery.findFirstOrThrow({ where: { endpointId: refused.id } });
    expect(a).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null });
    expect(a.lastError).toMatch(/ECONNREFUSED/);
    expect(a.nextAttemptAt!.getTime()).toBeGreaterThan(start.getTime());
    const b = await t.db.webhookDelivery.findFirstOrThrow({ where: { endpointId: slow.id } });
    expect(b).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null, lastError: "timed out after 300 ms" });
  });

  it("sends each attempt once even when two workers run at the same time", async () => {
    await endpoint("once", ["change.opened"]);
    await enqueue("change.opened", { number: 11 });
    const now = new Date();
    const [a, b] = await Promise.all([deliverDue(t.db, { now, timeoutMs: 5_000 }), deliverDue(t.db, { now, timeoutMs: 5_000 })]);
    expect(a.attempted + b.attempted).toBe(1);
    expect(receiver.received).toHaveLength(1);
  });

  it("queues nothing when the enqueueing transaction rolls back", async () => {
    await endpoint("rollback", ["change.critical"]);
    const before = await t.db.webhookDelivery.count();
    const error = await transaction(t.db, async (tx) => {
      expect(await enqueueWebhookEvent(tx, "change.critical", { number: 13 })).toBe(1);
      throw new Error("the change failed after enqueueing");
    }).catch((e: unknown) => e);
    expect((error as Error).message).toBe("the change failed after enqueueing");
    expect(await t.db.webhookDelivery.count()).toBe(before);
    expect((await deliverDue(t.db, { timeoutMs: 5_000 })).attempted).toBe(0);
    expect(receiver.received).toHaveLength(0);
  });

  it("validates endpoints, is admin only, and keeps the secret out of lists and the audit log", async () => {
    const invalid = async (input: unknown) => (await createWebhookEndpoint(t.db, { actor: systemActor, input }).catch((e: unknown) => e)) as AppError;
    expect((await invalid({ name: "ab", url: "https://example.test/h", events: ["change.opened"] })).fields[0]?.field).toBe("name");
    expect((await invalid({ name: "ftp-hook", url: "ftp://example.test/h", events: ["change.opened"] })).fields[0]?.field).toBe("url");
    expect((await invalid({ name: "cred-hook", url: "https://user:pw@example.test/h", events: ["change.opened"] })).fields[0]?.field).toBe("url");
    expect((await invalid({ name: "no-events", url: "https://example.test/h", events: [] })).fields[0]?.field).toBe("events");
    expect((await invalid({ name: "bad-event", url: "https://example.test/h", events: ["change.exploded"] })).fields[0]?.field).toBe("events.0");

    const viewer: Actor = { id: "u1", label: "vi@example.test", role: "viewer", kind: "user" };
    const forbidden = (await createWebhookEndpoint(t.db, { actor: viewer, input: { name: "sneaky", url: "https://example.test/h", events: ["change.opened"] } }).catch((e: unknown) => e)) as AppError;
    expect(forbidden.code).toBe("forbidden");

    const created = await createWebhookEndpoint(t.db, { actor: admin, input: { name: "chatops", url: "https://chat.example.test/hook", events: ["change.opened", "change.applied", "change.opened"] } });
    expect(created.events).toEqual(["change.opened", "change.applied"]);
    const duplicate = await invalid({ name: "chatops", url: "https://example.test/h", events: ["change.opened"] });
    expect(duplicate.fields[0]).toEqual({ field: "name", message: "already taken" });

    const listed = await listWebhookEndpoints(t.db, { actor: admin });
    expect(JSON.stringify(listed)).not.toContain(created.secret);
    const updated = await updateWebhookEndpoint(t.db, { actor: admin, input: { id: created.id, active: false, events: ["change.critical"] } });
    expect(updated).toMatchObject({ active: false, events: ["change.critical"] });
    await deleteWebhookEndpoint(t.db, { actor: admin, id: created.id });
    expect(await t.db.webhookEndpoint.count({ where: { id: created.id } })).toBe(0);

    const audit = await t.db.auditEvent.findMany({ where: { targetId: created.id }, orderBy: { seq: "asc" } });
    expect(audit.map((e) => e.action)).toEqual(["webhook.created", "webhook.updated", "webhook.deleted"]);
    expect(audit[0]!.actorLabel).toBe("admin@example.test");
    expect(JSON.stringify(audit)).not.toContain(created.secret);
    expect(JSON.stringify(audit)).not.toContain("whsec_");
  });
});
