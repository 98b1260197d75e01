// GET /metrics on a real server process (../testing/ops-server.ts): refused
// without a bearer token, served to PERIMETER_METRICS_TOKEN and to an API
// token, in Prometheus text format that a strict parser accepts
// (../testing/prom-text.ts), counting what the requests before the scrape did:
// tokens issued and refused by client and reason, introspections and
// decisions by outcome, request durations per endpoint, catalog propagation
// and token revocations from another process's commit, the audit batch lag, the read-model version,
// change requests by status.
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { revokeTokens } from "../oauth/revocations";
import { createApiToken } from "../api-tokens/manage-api-tokens";
import { systemActor } from "../auth/permissions";
import { testActor } from "../testing/actors";
import { createTestDatabase, providersUnderTest, type TestDatabase } from "../testing/databases";
import { eventually, startOpsServer, type OpsProcess } from "../testing/ops-process";
import { parsePrometheusText, valueOf, type Family } from "../testing/prom-text";
import { submitChange } from "../testing/submit-change";
import { tokenFixture } from "../testing/token-fixture";

const METRICS_TOKEN = "metrics-test-token-0123456789";
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;

describe.each(providersUnderTest)("/metrics on %s", (provider) => {
  let t: TestDatabase;
  let server: OpsProcess;
  let secret = "";
  let apiToken = "";

  const form = (path: string, body: Record<string, string>, authorization: string) =>
    fetch(`${server.base}${path}`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", authorization }, body: new URLSearchParams(body) });
  const scrape = async (authorization = `Bearer ${METRICS_TOKEN}`): Promise<Map<string, Family>> => {
    const res = await fetch(`${server.base}/metrics`, { headers: { authorization } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheusText(await res.text());
  };

  beforeAll(async () => {
    t = await createTestDatabase(provider);
    ({ secret } = await tokenFixture(t.db));
    const admin = await testActor(t.db, "metrics-admin@example.test", "admin");
    apiToken = (await createApiToken(t.db, { actor: admin, input: { name: "scraper", access: "read" } })).token;
    server = await startOpsServer({ DATABASE_URL: t.url, PERIMETER_METRICS_TOKEN: METRICS_TOKEN });
  });
  afterAll(async () => {
    await server?.stop();
    await t?.drop();
  });

  it("refuses a scrape without a valid bearer token", async () => {
    expect((await fetch(`${server.base}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.base}/metrics`, { headers: { authorization: "Bearer not-the-token-at-all" } })).status).toBe(401);
  });

  it("counts what the machine endpoints did, readable by a strict Prometheus parser", async () => {
    const ok = await form("/oauth/token", { grant_type: "client_credentials", scope: "orders-db:read" }, basic("svc-orders", secret));
    expect(ok.status).toBe(200);
    const { access_token } = (await ok.json()) as { access_token: string };
    expect((await form("/oauth/token", { grant_type: "client_credentials", scope: "orders-db:admin" }, basic("svc-orders", secret))).status).toBe(400);
    expect((await form("/oauth/token", { grant_type: "client_credentials" }, basic("svc-orders", "wrong-secret"))).status).toBe(401);
    expect((await form("/oauth/introspect", { token: access_token }, `Bearer ${apiToken}`)).status).toBe(200);
    expect((await form("/oauth/introspect", { token: "not-a-token" }, `Bearer ${apiToken}`)).status).toBe(200);
    const decide = (action: string) =>
      fetch(`${server.base}/api/v1/decisions`, { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${apiToken}` }, body: JSON.stringify({ client: "svc-orders", resource: "prod/orders-db", action }) });
    const allowed = await decide("read");
    expect(allowed.status).toBe(200);
    expect(((await allowed.json()) as { decision: string }).decision).toBe("allow");
    const denied = await decide("admin");
    expect(denied.status).toBe(200);
    expect(((await denied.json()) as { decision: string }).decision).toBe("deny");

    const before = await scrape();
    const version = valueOf(before, "perimeter_read_model_version");
    expect(version).toBeGreaterThan(0);
    // a change committed by another process (this one) reaches the server, which times the propagation
    await submitChange(t.db, { actor: systemActor, input: { title: "another client", operations: [{ entity: "client", kind: "create", id: "c2", data: { name: "svc-search", kind: "service" } }] } });
    await eventually(async () => valueOf(await scrape(), "perimeter_read_model_version") > version, "the server applies the new version");
    // a token revoked by another process: the server honours it after the signal, and times that
    const { jti } = decodeJwt(access_token) as { jti: string };
    await revokeTokens(t.db, { jti }, { actor: systemActor, reason: "test", target: { type: "token", id: jti, name: jti } });
    await eventually(async () => valueOf(await scrape(), "perimeter_revocation_propagation_seconds_count") === 1, "the server honours the revocation");

    const m = await scrape(`Bearer ${apiToken}`);
    expect(valueOf(m, "perimeter_tokens_issued_total", { client: "svc-orders" })).toBe(1);
    // the one token issued: timed to its signature and to its record's commit (answered after both)
    expect(valueOf(m, "perimeter_token_stage_seconds_count", { stage: "sign" })).toBe(1);
    expect(valueOf(m, "perimeter_token_stage_seconds_count", { stage: "record" })).toBe(1);
    expect(valueOf(m, "perimeter_token_stage_seconds_sum", { stage: "record" })).toBeGreaterThan(0);
    expect(valueOf(m, "perimeter_tokens_refused_total", { client: "svc-orders", reason: "invalid_scope" })).toBe(1);
    expect(valueOf(m, "perimeter_tokens_refused_total", { client: "unauthenticated", reason: "invalid_client" })).toBe(1);
    expect(valueOf(m, "perimeter_introspections_total", { outcome: "active" })).toBe(1);
    expect(valueOf(m, "perimeter_introspections_total", { outcome: "inactive" })).toBe(1);
    expect(valueOf(m, "perimeter_decisions_total", { outcome: "allow" })).toBe(1);
    expect(valueOf(m, "perimeter_decisions_total", { outcome: "deny" })).toBe(1);
    expect(valueOf(m, "perimeter_http_request_duration_seconds_count", { endpoint: "/oauth/token", status: "200" })).toBe(1);
    expect(valueOf(m, "perimeter_http_request_duration_seconds_count", { endpoint: "/oauth/token", status: "400" })).toBe(1);
    expect(valueOf(m, "perimeter_http_request_duration_seconds_count", { endpoint: "/api/v1/decisions", status: "200" })).toBe(2);
    expect(valueOf(m, "perimeter_catalog_propagation_seconds_count")).toBeGreaterThanOrEqual(1);
    expect(valueOf(m, "perimeter_read_model_updates_total", { kind: "delta" })).toBeGreaterThanOrEqual(1);
    expect(valueOf(m, "perimeter_read_model_update_seconds_count", { kind: "rebuild" })).toBeGreaterThanOrEqual(1);
    // the token issued and the denial are hot-path audit events, group-committed
    expect(valueOf(m, "perimeter_audit_batch_lag_seconds_count")).toBeGreaterThanOrEqual(1);
    expect(valueOf(m, "perimeter_change_requests", { status: "applied" })).toBe(2);
    expect(valueOf(m, "perimeter_audit_sequence")).toBeGreaterThan(0);
    expect(m.get("perimeter_tokens_issued_total")!.type).toBe("counter");
    expect(m.get("perimeter_http_request_duration_seconds")!.type).toBe("histogram");
  });
});
