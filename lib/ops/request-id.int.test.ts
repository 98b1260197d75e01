// Request ids and logs on a real server process (../testing/ops-server.ts):
// a sane X-Request-Id is kept, anything else replaced, the id is returned as a
// header, written on the audit events the request made (the token service's
// group-committed ones included) and on its JSON log line; and no secret the
// requests carried (client secret, Authorization header, access token) appears
// in the logs. Audit events written by other code in a request (appendAudit)
// carry its id too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAudit } from "../audit/append";
import { transaction } from "../db/client";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { eventually, startOpsServer, type OpsProcess } from "../testing/ops-process";
import { tokenFixture } from "../testing/token-fixture";
import { runInRequest } from "./request-context";

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

describe.each(providersUnderTest)("request ids and logs on %s", (provider) => {
  let t: TestDatabase;
  let server: OpsProcess;
  let secret = "";

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    ({ secret } = await tokenFixture(t.db));
    // debug: the machine endpoints' successes are logged at that level (refusals at info)
    server = await startOpsServer({ DATABASE_URL: t.url, PERIMETER_LOG_LEVEL: "debug" });
  });
  afterAll(async () => {
    await server?.stop();
    await t?.drop();
  });

  const token = (requestId?: string) =>
    fetch(`${server.base}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: basic("svc-orders", secret), ...(requestId ? { "x-request-id": requestId } : {}) },
      body: new URLSearchParams({ grant_type: "client_credentials", scope: "orders-db:read" }),
    });

  it("keeps a sane X-Request-Id, returns it, and records it on the token's audit event and log line", async () => {
    const res = await token("deploy-4711.step-2");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-request-id")).toBe("deploy-4711.step-2");
    const { access_token } = (await res.json()) as { access_token: string };
    const event = await t.db.auditEvent.findFirst({ where: { action: "token.issued" }, orderBy: { seq: "desc" } });
    expect(event?.requestId).toBe("deploy-4711.step-2");

    const lineOf = (id: string) =>
      server
        .output()
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as Record<string, unknown>)
        .find((l) => l.requestId === id);
    // the line is written when the response finishes, through pino's asynchronous stream
    await eventually(async () => lineOf("deploy-4711.step-2") !== undefined, "the request's log line");
    const line = lineOf("deploy-4711.step-2");
    expect(line).toMatchObject({ level: "debug", method: "POST", path: "/oauth/token", status: 200, service: "perimeter" });
    // a refusal is logged at info
    const refused = await fetch(`${server.base}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: basic("svc-orders", `${secret.slice(0, -4)}AAAA`), "x-request-id": "deploy-4711.step-3" },
      body: new URLSearchParams({ grant_type: "client_credentials" }),
    });
    expect(refused.status).toBe(401);
    await eventually(async () => lineOf("deploy-4711.step-3") !== undefined, "the refusal's log line");
    expect(lineOf("deploy-4711.step-3")).toMatchObject({ level: "info", path: "/oauth/token", status: 401 });
    // nothing the request carried that grants access is in the logs
    const all = server.output();
    expect(all).not.toContain(secret);
    expect(all).not.toContain(basic("svc-orders", secret).slice(6));
    expect(all).not.toContain(access_token);
  });

  it("replaces an X-Request-Id that is not plain, and makes one when there is none", async () => {
    const odd = await token("bad id with spaces and \u00e9");
    const made = odd.headers.get("x-request-id")!;
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    expect((await t.db.auditEvent.findFirst({ where: { action: "token.issued" }, orderBy: { seq: "desc" } }))?.requestId).toBe(made);
    const none = await token();
    expect(none.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(none.headers.get("x-request-id")).not.toBe(made);
    // probes answer with an id too
    expect((await fetch(`${server.base}/healthz`)).headers.get("x-request-id")).toBeTruthy();
  });

  it("appendAudit records the id of the request it runs in, and none outside one", async () => {
    const write = () => transaction(t.db, (tx) => appendAudit(tx, { id: null, label: "test" }, [{ action: "settings.updated", targetType: "setting", targetId: "x" }]));
    const inside = await runInRequest({ requestId: "console-req-1" }, write);
    const outside = await write();
    expect((await t.db.auditEvent.findUnique({ where: { seq: inside } }))?.requestId).toBe("console-req-1");
    expect((await t.db.auditEvent.findUnique({ where: { seq: outside } }))?.requestId).toBeNull();
  });
});
