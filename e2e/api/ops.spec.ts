// Operations endpoints on the real server (scripts/server.ts with Next):
// health probes, the metrics guard, request ids carried from a console API
// request (a Next route handler) to its audit event, and audit checkpoints
// made on demand and listed.
import { expect, test } from "@playwright/test";
import { uniqueName } from "../helpers";
import { adminSession, apiClient } from "./api";

test("/healthz and /readyz answer without authentication", async ({ baseURL }) => {
  const anon = await apiClient(baseURL);
  const health = await anon.get("/healthz");
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: "ok" });
  const ready = await anon.get("/readyz");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toMatchObject({ status: "ready", failing: [], checks: { database: { ok: true }, migrations: { ok: true } } });
});

test("/metrics refuses a scraper without a token and serves an API token", async ({ baseURL }) => {
  const anon = await apiClient(baseURL);
  expect((await anon.get("/metrics")).status()).toBe(401);
  const admin = await adminSession(baseURL);
  const minted = await admin.post("/api/v1/api-tokens", { data: { name: uniqueName("e2e-scraper"), access: "read", expiresInDays: 1 } });
  const { token } = (await minted.json()) as { token: string };
  const scraper = await apiClient(baseURL, token);
  const res = await scraper.get("/metrics");
  expect(res.status()).toBe(200);
  expect(await res.text()).toContain("# TYPE perimeter_http_request_duration_seconds histogram");
});

test("a console API request's X-Request-Id comes back and is recorded on the audit event it made", async ({ baseURL }) => {
  const admin = await adminSession(baseURL);
  const requestId = uniqueName("e2e-req");
  const name = uniqueName("e2e-traced");
  const res = await admin.post("/api/v1/api-tokens", { data: { name, access: "read", expiresInDays: 1 }, headers: { "x-request-id": requestId } });
  expect(res.status()).toBe(201);
  expect(res.headers()["x-request-id"]).toBe(requestId);
  const audit = await admin.get("/api/v1/audit?action=apiToken.created&limit=20");
  const { items } = (await audit.json()) as { items: { targetName: string; requestId: string | null }[] };
  expect(items.find((e) => e.targetName === name)?.requestId).toBe(requestId);
});

test("an admin makes an audit checkpoint on demand; it is listed, signed with a key /oauth/jwks publishes", async ({ baseURL }) => {
  const admin = await adminSession(baseURL);
  const made = await admin.post("/api/v1/audit/checkpoints", { data: {} });
  expect(made.status(), await made.text()).toBe(201);
  const c = (await made.json()) as { seq: number; hash: string; kid: string; jws: string };
  expect(c.jws.split(".")).toHaveLength(3);
  const list = (await (await admin.get("/api/v1/audit/checkpoints?limit=5")).json()) as { checkpoints: { seq: number; jws: string }[] };
  expect(list.checkpoints.some((x) => x.jws === c.jws)).toBe(true);
  const jwks = (await (await admin.get("/oauth/jwks")).json()) as { keys: { kid: string }[] };
  expect(jwks.keys.map((k) => k.kid)).toContain(c.kid);
  expect((await admin.get("/api/v1/audit/checkpoints?limit=0")).status()).toBe(400);
});
