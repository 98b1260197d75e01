// No stale allow, across instances, on each provider: two token-service
// instances (each with its own database client and read model, behind its own
// HTTP fast path) share one database. A narrowing committed through the write
// path next to instance A — a scope removed from a profile, a binding deleted,
// a client suspended — is reflected by the decisions and the introspection of
// instance B as soon as the commit returns: no sleep, no retry. B got there by
// applying the version's delta, not by reloading the catalog; and when a
// version's record is missing (a gap), it rebuilds instead and still answers
// right.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "../api-tokens/manage-api-tokens";
import { CATALOG_CHANNEL } from "./catalog-version";
import { systemActor } from "../auth/permissions";
import { submitChange } from "../testing/submit-change";
import { createDb, type Db } from "../db/client";
import { createFastPath } from "../oauth/http/fast-path";
import { nextMoment } from "../ops/moments";
import { runInRequest } from "../ops/request-context";
import { startTokenService, type TokenService } from "../oauth/service";
import { testActor } from "../testing/actors";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { basic } from "../testing/token-service";

const SECRET = "catalog-follow-secret-0123456789abcdef";

type Instance = { svc: TokenService; db: Db; server: http.Server; base: string };

async function instance(t: TestDatabase, own: boolean): Promise<Instance> {
  // B stands for another process: its own client and pool, its own model, deaf to this process's commits
  const db = own ? createDb(t.url) : t.db;
  const svc = await startTokenService({ db, url: t.url, issuer: "https://perimeter.test", keySecret: SECRET, isolated: own });
  const fast = createFastPath(svc);
  // each request in its context, as the machine handler runs it: its arrival orders it against version reads
  let n = 0;
  const server = http.createServer((req, res) =>
    runInRequest({ requestId: `req-${++n}`, arrival: nextMoment() }, () => {
      if (!fast(req, res)) res.writeHead(404).end();
    }),
  );
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { svc, db, server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe.each(providersUnderTest)("read-model deltas across instances on %s", (provider) => {
  let t: TestDatabase;
  let a: Instance;
  let b: Instance;
  let apiToken = "";
  const secrets: Record<string, string> = {};

  const change = (title: string, operations: unknown[]) => submitChange(t.db, { actor: systemActor, input: { title, operations } });
  /** The catalog version a change made. */
  const versionOf = async (done: { changeRequest: { id: string } }) => (await t.db.catalogVersionLog.findFirstOrThrow({ where: { changeRequestId: done.changeRequest.id } })).version;
  const decision = async (i: Instance, client: string, action: string) => {
    const res = await fetch(`${i.base}/api/v1/decisions`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${apiToken}` },
      body: JSON.stringify({ client, resource: "prod/orders-db", action }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { allow: boolean; reason?: string };
  };
  const form = async (i: Instance, path: string, body: Record<string, string>, client: string) => {
    const res = await fetch(`${i.base}${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: basic(client, secrets[client]!) },
      body: new URLSearchParams(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const issue = async (client: string, scope?: string) => {
    const r = await form(a, "/oauth/token", { grant_type: "client_credentials", ...(scope ? { scope } : {}) }, client);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.access_token as string;
  };
  // the resource server introspects with its own credentials
  const introspect = async (i: Instance, token: string) => (await form(i, "/oauth/introspect", { token }, "rs-orders")).body;

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    const done = await change("Fixture", [
      { entity: "environment", kind: "create", id: "env", data: { name: "prod" } },
      { entity: "domain", kind: "create", id: "dom", data: { name: "payments" } },
      { entity: "resource", kind: "create", id: "res", data: { name: "orders-db", kind: "database", environmentId: "env", domainId: "dom" } },
      { entity: "scope", kind: "create", id: "s-read", data: { resourceId: "res", action: "read" } },
      { entity: "scope", kind: "create", id: "s-write", data: { resourceId: "res", action: "write" } },
      { entity: "profile", kind: "create", id: "p-rw", data: { name: "orders-rw", scopeIds: ["s-read", "s-write"] } },
      { entity: "profile", kind: "create", id: "p-ro", data: { name: "orders-ro", scopeIds: ["s-read"] } },
      { entity: "client", kind: "create", id: "c-app", data: { name: "svc-app", kind: "service" } },
      { entity: "client", kind: "create", id: "c-batch", data: { name: "svc-batch", kind: "job" } },
      { entity: "client", kind: "create", id: "c-rs", data: { name: "rs-orders", kind: "service" } },
      { entity: "binding", kind: "create", id: "b-app", data: { clientId: "c-app", profileId: "p-rw" } },
      { entity: "binding", kind: "create", id: "b-batch", data: { clientId: "c-batch", profileId: "p-ro" } },
      { entity: "credential", kind: "create", id: "k-app", data: { clientId: "c-app", kind: "secret" } },
      { entity: "credential", kind: "create", id: "k-batch", data: { clientId: "c-batch", kind: "secret" } },
      { entity: "credential", kind: "create", id: "k-rs", data: { clientId: "c-rs", kind: "secret" } },
    ]);
    for (const [id, name] of [["k-app", "svc-app"], ["k-batch", "svc-batch"], ["k-rs", "rs-orders"]]) secrets[name!] = done.results.find((r) => r.id === id)!.secret!;
    const admin = await testActor(t.db, "admin@follow.test", "admin");
    apiToken = (await createApiToken(t.db, { actor: admin, input: { name: "decisions", access: "read" } })).token;
    a = await instance(t, false);
    b = await instance(t, true);
  }, 120_000);

  afterAll(async () => {
    for (const i of [a, b]) {
      if (!i) continue;
      await new Promise((r) => i.server.close(r));
      await i.svc.stop();
      if (i.db !== t.db) await i.db.$disconnect();
    }
    await t?.drop();
  });

  it("a scope removed from a profile: B denies it and reports the token inactive as soon as the commit returns", async () => {
    const token = await issue("svc-app");
    expect((await decision(b, "svc-app", "write")).allow).toBe(true);
    expect((await introspect(b, token)).active).toBe(true);
    const before = { ...b.svc.catalog.stats };

    await change("Narrow orders-rw", [{ entity: "profile", kind: "update", id: "p-rw", data: { removeScopeIds: ["s-write"] } }]);
    const denied = await decision(b, "svc-app", "write");
    expect(denied.allow).toBe(false);
    expect(denied.reason).toMatch(/no profile bound to svc-app holds/);
    expect((await introspect(b, token)).active).toBe(false);
    // what the narrowing did not touch still holds
    expect((await decision(b, "svc-app", "read")).allow).toBe(true);

    expect(b.svc.catalog.stats.deltas).toBeGreaterThan(before.deltas);
    expect(b.svc.catalog.stats.rebuilds).toBe(before.rebuilds);
  });

  it("a binding deleted: B denies and reports the token inactive at once, by a delta", async () => {
    const token = await issue("svc-batch");
    expect((await decision(b, "svc-batch", "read")).allow).toBe(true);
    expect((await introspect(b, token)).active).toBe(true);
    const before = { ...b.svc.catalog.stats };

    await change("Unbind svc-batch", [{ entity: "binding", kind: "delete", id: "b-batch" }]);
    expect((await decision(b, "svc-batch", "read")).allow).toBe(false);
    expect((await introspect(b, token)).active).toBe(false);

    expect(b.svc.catalog.stats.deltas).toBeGreaterThan(before.deltas);
    expect(b.svc.catalog.stats.rebuilds).toBe(before.rebuilds);
  });

  it("a client suspended: B denies and reports the token inactive at once, by a delta", async () => {
    const token = await issue("svc-app");
    expect((await decision(b, "svc-app", "read")).allow).toBe(true);
    expect((await introspect(b, token)).active).toBe(true);
    const before = { ...b.svc.catalog.stats };

    await change("Suspend svc-app", [{ entity: "client", kind: "update", id: "c-app", data: { status: "suspended" } }]);
    const denied = await decision(b, "svc-app", "read");
    expect(denied.allow).toBe(false);
    expect(denied.reason).toBe("client svc-app is suspended");
    expect((await introspect(b, token)).active).toBe(false);

    expect(b.svc.catalog.stats.deltas).toBeGreaterThan(before.deltas);
    expect(b.svc.catalog.stats.rebuilds).toBe(before.rebuilds);
    // A, in the committing process, agrees
    expect((await decision(a, "svc-app", "read")).allow).toBe(false);
  });

  it("a version without its record (a gap) makes the instance rebuild, and answer right", async () => {
    // C: a third instance that does not follow (no listener, no poll): it catches up only when asked
    const c = await startTokenService({ db: b.db, url: t.url, issuer: "https://perimeter.test", keySecret: SECRET, isolated: true, passive: true });
    try {
      expect((await c.readModel()).can("c-rs", "res", "read", new Date()).allow).toBe(false);
      const before = { ...c.catalog.stats };
      const granted = await versionOf(await change("Grant rs-orders", [{ entity: "binding", kind: "create", id: "b-rs", data: { clientId: "c-rs", profileId: "p-ro" } }]));
      const unrelated = await versionOf(await change("Unrelated", [{ entity: "domain", kind: "create", id: "dom-2", data: { name: "search" } }]));
      expect(unrelated).toBe(granted + 1);
      // the grant's version loses its record, as if written before deltas existed
      await t.db.catalogVersionLog.delete({ where: { version: granted } });

      const model = await c.readModel();
      expect(model.version).toBe(unrelated);
      expect(model.can("c-rs", "res", "read", new Date()).allow).toBe(true);
      expect(model.domains.has("dom-2")).toBe(true);
      expect(c.catalog.stats.rebuilds).toBe(before.rebuilds + 1);
      expect(c.catalog.stats.lastRebuild).toMatch(/no record/);

      // after the rebuild, deltas again
      await change("Unbind rs-orders", [{ entity: "binding", kind: "delete", id: "b-rs" }]);
      expect((await c.readModel()).can("c-rs", "res", "read", new Date()).allow).toBe(false);
      expect(c.catalog.stats.rebuilds).toBe(before.rebuilds + 1);
      expect(c.catalog.stats.deltas).toBe(before.deltas + 1);
    } finally {
      await c.stop();
    }
  });

  it.runIf(provider === "postgres")("a notification naming a version nothing committed costs B no reload", async () => {
    // any role that can connect may NOTIFY: the next version, and one far beyond
    const before = { ...b.svc.catalog.stats };
    const current = (await t.db.catalogState.findUniqueOrThrow({ where: { id: 1 } })).catalogVersion;
    for (const v of [current + 1, Number.MAX_SAFE_INTEGER]) await t.db.$executeRawUnsafe(`SELECT pg_notify($1, $2)`, CATALOG_CHANNEL, String(v));
    // B handled them once it read the version (or, on the old code, reloaded)
    const start = Date.now();
    while (b.svc.catalog.stats.fences === before.fences && b.svc.catalog.stats.rebuilds === before.rebuilds && Date.now() - start < 5_000) await new Promise((r) => setTimeout(r, 2));
    expect(b.svc.catalog.stats.rebuilds).toBe(before.rebuilds);
    expect(b.svc.catalog.current()!.version).toBe(current);
    // notifications arrive in commit order: once B has this real version, it has handled both
    const target = await versionOf(await change("A real change", [{ entity: "domain", kind: "create", id: "dom-n", data: { name: "notified" } }]));
    expect(target).toBe(current + 1);
    while ((b.svc.catalog.current()?.version ?? 0) < target && Date.now() - start < 5_000) await new Promise((r) => setTimeout(r, 2));
    expect(b.svc.catalog.current()!.domains.has("dom-n")).toBe(true);
    expect(b.svc.catalog.stats.rebuilds).toBe(before.rebuilds);
  });

  it.runIf(provider === "postgres")("B takes a new version's delta from the fence's own read: no second read before it answers", async () => {
    const before = { ...b.svc.catalog.stats };
    await change("Grant svc-batch again", [{ entity: "binding", kind: "create", id: "b-batch-2", data: { clientId: "c-batch", profileId: "p-ro" } }]);
    // whichever comes first, this request's fence or the notification's, one read brought the version and its delta
    expect((await decision(b, "svc-batch", "read")).allow).toBe(true);
    const after = b.svc.catalog.stats;
    expect(after.fences).toBeGreaterThan(before.fences);
    expect(after.deltas).toBe(before.deltas + 1);
    expect(typeof after.deltaReads).toBe("number");
    expect(after.deltaReads).toBe(before.deltaReads);
    expect(after.rebuilds).toBe(before.rebuilds);
  });

  it("B's model reaches the committed version without any request (notification or poll)", async () => {
    const target = await versionOf(await change("Another domain", [{ entity: "domain", kind: "create", id: "dom-3", data: { name: "platform" } }]));
    const start = Date.now();
    while ((b.svc.catalog.current()?.version ?? 0) < target && Date.now() - start < 5_000) await new Promise((r) => setTimeout(r, 5));
    expect(b.svc.catalog.current()?.version).toBe(target);
  });
});
