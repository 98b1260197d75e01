import { expect, test } from "@playwright/test";
import { uniqueName } from "../helpers";
import { adminSession, apiClient, mintToken, problem, refs, total } from "./api";

test("no token: 401 problem details", async ({ baseURL }) => {
  const anonymous = await apiClient(baseURL);
  const p = await problem(await anonymous.get("/api/v1/resources"), 401);
  expect(p.detail).toContain("Bearer");
  await problem(await anonymous.post("/api/v1/resources", { data: { name: "nope" } }), 401);
  await problem(await (await apiClient(baseURL, "pmt_api_notarealtoken_0000000000")).get("/api/v1/resources"), 401);
});

test("a read token reads, and a write with it is refused with 403 and writes nothing", async ({ baseURL }) => {
  const admin = await adminSession(baseURL);
  const reader = await apiClient(baseURL, (await mintToken(admin, "read")).token);
  const { dev, platform } = await refs(reader);
  const name = uniqueName("e2e-api-ro");
  const p = await problem(await reader.post("/api/v1/resources", { data: { name, kind: "compute", environmentId: dev, domainId: platform } }), 403);
  expect(p.detail).toContain("viewer");
  expect(await total(reader, `/api/v1/resources?q=${name}`)).toBe(0);
  await problem(await reader.post("/api/v1/changes", { data: { title: "Sneaky", operations: [{ entity: "domain", kind: "create", data: { name } }] } }), 403);
});

test("API tokens are managed only from an admin session, and a token is shown once", async ({ baseURL }) => {
  const admin = await adminSession(baseURL);
  const minted = await mintToken(admin, "write");
  const writer = await apiClient(baseURL, minted.token);
  // an API token must not mint (or list, or revoke) API tokens
  await problem(await writer.post("/api/v1/api-tokens", { data: { name: uniqueName("e2e-api-mint"), access: "write" } }), 403);
  await problem(await writer.get("/api/v1/api-tokens"), 403);
  await problem(await writer.delete(`/api/v1/api-tokens/${minted.id}`), 403);

  const list = await admin.get("/api/v1/api-tokens");
  expect(list.status()).toBe(200);
  const row = ((await list.json()) as { items: Record<string, unknown>[] }).items.find((t) => t.id === minted.id);
  expect(row).toMatchObject({ name: minted.name, access: "write", prefix: minted.prefix, revokedAt: null });
  expect(row).not.toHaveProperty("token");
  expect(row).not.toHaveProperty("hash");

  const bad = await problem(await admin.post("/api/v1/api-tokens", { data: { name: "x", access: "root" } }), 400);
  expect(bad.errors?.map((e) => e.field)).toEqual(expect.arrayContaining(["name", "access"]));
});

test("a revoked token gets 401", async ({ baseURL }) => {
  const admin = await adminSession(baseURL);
  const minted = await mintToken(admin, "read");
  const client = await apiClient(baseURL, minted.token);
  expect((await client.get("/api/v1/domains")).status()).toBe(200);

  // a session's writes must be JSON (CSRF guard), DELETE included
  const revoked = await admin.delete(`/api/v1/api-tokens/${minted.id}`, { headers: { "content-type": "application/json" } });
  expect(revoked.status()).toBe(200);
  expect(((await revoked.json()) as { revokedAt: string | null }).revokedAt).toBeTruthy();

  await problem(await client.get("/api/v1/domains"), 401);
  await problem(await admin.delete(`/api/v1/api-tokens/${uniqueName("missing")}`, { headers: { "content-type": "application/json" } }), 404);
});
