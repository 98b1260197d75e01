import { expect, test } from "@playwright/test";
import { adminSession, apiClient, type Page } from "./api";

const plurals = ["domains", "environments", "resources", "scopes", "profiles", "clients", "bindings", "claim-rules", "credentials"];

test("every catalog list answers a page; credentials never carry a hash", async ({ baseURL }) => {
  const admin = await adminSession(baseURL);
  for (const plural of plurals) {
    const res = await admin.get(`/api/v1/${plural}?limit=3`);
    expect(res.status(), plural).toBe(200);
    const page = (await res.json()) as Page<Record<string, unknown>>;
    expect(page.items.length, plural).toBeGreaterThan(0);
    expect(page.items.length).toBeLessThanOrEqual(3);
    expect(page.total).toBeGreaterThanOrEqual(page.items.length);
    if (plural === "credentials") for (const c of page.items) expect(c).not.toHaveProperty("hash");
  }
});

test("cursor pagination returns disjoint pages that add up", async ({ baseURL }) => {
  const admin = await adminSession(baseURL);
  const seen = new Set<string>();
  let cursor: string | null = null;
  let pages = 0;
  // the seeded scopes, filtered to a stable set: prod is not written to by the suite
  do {
    const res = await admin.get(`/api/v1/scopes?environment=prod&sort=name&limit=7${cursor ? `&cursor=${cursor}` : ""}`);
    expect(res.status()).toBe(200);
    const page = (await res.json()) as Page<{ id: string }>;
    for (const item of page.items) {
      expect(seen.has(item.id), `${item.id} appears on two pages`).toBe(false);
      seen.add(item.id);
    }
    if (!page.nextCursor) expect(seen.size).toBe(page.total);
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 50);
  expect(pages).toBeGreaterThan(1);

  const bad = await admin.get("/api/v1/scopes?limit=0");
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { errors: { field: string }[] }).errors[0]?.field).toBe("limit");
});

test("GET /api/v1/openapi.json is a public OpenAPI 3.1 document listing every path", async ({ baseURL }) => {
  const anonymous = await apiClient(baseURL);
  const res = await anonymous.get("/api/v1/openapi.json");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toContain("application/json");
  const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>>; components: { securitySchemes: Record<string, unknown> } };
  expect(doc.openapi).toBe("3.1.0");
  for (const plural of plurals) {
    expect(Object.keys(doc.paths[`/api/v1/${plural}`] ?? {})).toEqual(expect.arrayContaining(["get", "post"]));
    expect(Object.keys(doc.paths[`/api/v1/${plural}/{id}`] ?? {})).toEqual(expect.arrayContaining(["get", "patch", "delete"]));
  }
  for (const path of ["/api/v1/changes", "/api/v1/audit", "/api/v1/api-tokens"]) expect(doc.paths).toHaveProperty([path]);
  expect(doc.components.securitySchemes).toHaveProperty("bearerAuth");
});
