// A breach drill against two token-service instances (the second learns of
// changes only through the database, as another process would), each behind
// its own HTTP fast path: the canary is accepted by both, the responder's
// real suspension makes both reject it, and the report, the audit events and
// the rollback agree with what happened. Scheduled drills start when due on a
// controllable clock.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../auth/permissions";
import { createFastPath } from "../oauth/http/fast-path";
import { startTokenService, type TokenService } from "../oauth/service";
import { testActor } from "../testing/actors";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { submitChange } from "../testing/submit-change";
import { modelOf } from "../testing/token-service";
import { takeDrillAction } from "./act";
import { cancelDrill, completeDrill } from "./complete-drill";
import { rollBackDrill } from "./rollback";
import { startDueDrills } from "./scheduler";
import { startDrill } from "./start-drill";

const ISSUER = "https://perimeter.test";
// read once by lib/env.ts, before anything here calls it
process.env.PERIMETER_ISSUER = ISSUER;

async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

const ports = await Promise.all([freePort(), freePort()]);
const urls = ports.map((p) => `http://127.0.0.1:${p}`);
process.env.PERIMETER_INSTANCES = urls.join(",");

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(providersUnderTest)("breach drills on %s", (provider) => {
  let t: TestDatabase;
  let admin: Actor;
  const services: TokenService[] = [];
  const servers: http.Server[] = [];

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    admin = await testActor(t.db, `admin-${provider}@drills.test`, "admin");
    await submitChange(t.db, {
      actor: admin,
      input: {
        title: "Fixture",
        operations: [
          { entity: "environment", kind: "create", id: "env-prod", data: { name: "prod", protection: "protected" } },
          { entity: "domain", kind: "create", id: "dom", data: { name: "payments" } },
          { entity: "resource", kind: "create", id: "res", data: { name: "orders-db", kind: "database", environmentId: "env-prod", domainId: "dom" } },
          { entity: "scope", kind: "create", id: "s-read", data: { resourceId: "res", action: "read" } },
          { entity: "profile", kind: "create", id: "p", data: { name: "orders-ro", environmentId: "env-prod", scopeIds: ["s-read"], maxTokenLifetimeSeconds: 600 } },
          { entity: "client", kind: "create", id: "c", data: { name: "svc-orders", kind: "service" } },
          { entity: "binding", kind: "create", id: "b", data: { clientId: "c", profileId: "p" } },
        ],
      },
    });
    const opts = { db: t.db, url: t.url, issuer: ISSUER, keySecret: process.env.PERIMETER_KEY_SECRET!, readModel: modelOf(t) };
    services.push(await startTokenService(opts), await startTokenService({ ...opts, isolated: true }));
    for (const [i, svc] of services.entries()) {
      const fast = createFastPath(svc);
      const server = http.createServer((req, res) => void (fast(req, res) || res.writeHead(404).end()));
      await new Promise<void>((r) => server.listen(ports[i], "127.0.0.1", r));
      servers.push(server);
    }
  });
  afterAll(async () => {
    for (const s of servers) await new Promise((r) => s.close(r));
    for (const s of services) await s.stop();
    await t?.drop();
  });

  it("measures containment of the canary on both instances and rolls it back as the revert of the suspension", async () => {
    const started = await startDrill(t.db, { actor: admin, input: { clientId: "svc-orders", reason: "quarterly" } });
    expect(started).toMatchObject({ status: "running", clientName: "svc-orders", objectiveSeconds: 60 });
    const accepted = await t.db.drillEvent.findMany({ where: { drillId: started.id, kind: "canary.accepted" } });
    expect(accepted.map((e) => e.instance).sort()).toEqual([...urls].sort());
    // nothing changed the client's access yet
    expect(await t.db.client.findUniqueOrThrow({ where: { id: "c" } })).toMatchObject({ status: "active" });

    await sleep(50);
    const outcome = await takeDrillAction(t.db, { actor: admin, id: started.id, input: { action: "suspend" } });
    expect(outcome.changeRequest?.status).toBe("applied");
    for (let i = 0; i < 100 && (await t.db.drill.findUniqueOrThrow({ where: { id: started.id } })).status !== "contained"; i++) await sleep(50);

    const report = await completeDrill(t.db, { actor: admin, id: started.id });
    expect(report.instances.every((i) => i.acceptedAt && i.rejectedAt)).toBe(true);
    expect(report.figures.timeToFirstActionMs).toBeGreaterThanOrEqual(50);
    expect(report.figures.timeToContainmentMs).toBeGreaterThanOrEqual(report.figures.timeToFirstActionMs!);
    expect(report.figures.objectiveMet).toBe(report.figures.timeToContainmentMs! <= 60_000);
    expect(report.blastRadius).toMatchObject({ resources: 1, protected: 1, items: ["prod/orders-db: read"] });
    expect(report.remaining.resources).toBe(0);
    expect(report.gaps).toEqual([]);
    expect(report.timeline.map((e) => e.kind)).toEqual(["started", "canary.accepted", "canary.accepted", "action", "canary.rejected", "canary.rejected", "contained", "completed"]);
    const audit = await t.db.auditEvent.findMany({ where: { targetType: "drill", targetId: started.id }, orderBy: { seq: "asc" } });
    expect(audit.map((e) => e.action)).toEqual(["drill.started", "drill.contained", "drill.completed"]);
    // the canary is a recorded token; the probe credential is revoked with the drill
    expect(await t.db.token.findUniqueOrThrow({ where: { jti: report.canary.jti } })).toMatchObject({ clientId: "c" });
    expect(await t.db.apiToken.count({ where: { name: `drill D-${started.number} probe`, revokedAt: null } })).toBe(0);

    const { reverts } = await rollBackDrill(t.db, { actor: admin, id: started.id });
    const cr = await t.db.changeRequest.findUniqueOrThrow({ where: { number: reverts[0]!.changeRequest.number } });
    expect(reverts).toHaveLength(1);
    expect(cr).toMatchObject({ source: "revert", revertOfId: report.actions[0]!.changeRequest!.id });
  });

  it("starts a scheduled drill once it is due, and cancels one", async () => {
    const now = new Date();
    const due = new Date(now.getTime() + 3_600_000);
    await submitChange(t.db, { actor: admin, input: { title: "Reactivate", operations: [{ entity: "client", kind: "update", id: "c", data: { status: "active" } }] } });
    const scheduled = await startDrill(t.db, { actor: admin, input: { clientId: "svc-orders", scheduledFor: due.toISOString() }, now });
    expect(scheduled).toMatchObject({ status: "scheduled", startedAt: null, canaryJti: null });
    expect(await startDueDrills(t.db, new Date(due.getTime() - 1_000))).toEqual([]);
    expect(await startDueDrills(t.db, due)).toEqual([scheduled.number]);
    expect(await t.db.drill.findUniqueOrThrow({ where: { id: scheduled.id } })).toMatchObject({ status: "running", startedAt: due });
    expect(await cancelDrill(t.db, { actor: admin, id: scheduled.id })).toEqual({ id: scheduled.id, status: "cancelled" });
    expect(await t.db.auditEvent.count({ where: { targetId: scheduled.id, action: { in: ["drill.scheduled", "drill.started", "drill.cancelled"] } } })).toBe(3);
  });
});
