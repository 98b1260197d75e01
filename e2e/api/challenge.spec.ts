// RFC 6750 §3: every 401 from /api/v1 names the Bearer scheme in a
// WWW-Authenticate challenge; a token that was sent and refused adds
// error="invalid_token". Checked for every operation in the served OpenAPI
// document that needs credentials (the route guard and the decisions fast path).
import { expect, test } from "@playwright/test";
import { apiClient } from "./api";
import { loadDocument, operations } from "./openapi";

test("every operation that needs credentials answers 401 with a Bearer challenge, invalid_token when a bad token was sent", async ({ baseURL }) => {
  const anonymous = await apiClient(baseURL);
  const badToken = await apiClient(baseURL, "pmt_api_not-a-real-token");
  const doc = await loadDocument(anonymous);
  const guarded = operations(doc).filter(({ op }) => !(Array.isArray(op.security) && op.security.length === 0));
  expect(guarded.length).toBeGreaterThan(60);

  const failures: string[] = [];
  for (const { method, path } of guarded) {
    const url = path.replace(/\{number\}/g, "1").replace(/\{\w+\}/g, "none");
    for (const [who, api, challenge] of [
      ["no credentials", anonymous, /^Bearer realm="perimeter"$/],
      ["a bad token", badToken, /^Bearer realm="perimeter", error="invalid_token"/],
    ] as const) {
      // writes as JSON, so the session rule for non-JSON writes (415) does not answer first
      const res = await api.fetch(url, { method: method.toUpperCase(), headers: { "content-type": "application/json" }, data: Buffer.from("{}"), failOnStatusCode: false });
      const got = res.headers()["www-authenticate"] ?? "";
      if (res.status() !== 401 || !challenge.test(got)) failures.push(`${method.toUpperCase()} ${path} with ${who}: ${res.status()} www-authenticate=${JSON.stringify(got)}`);
      else expect(res.headers()["content-type"]).toContain("application/problem+json");
    }
  }
  expect(failures, failures.join("\n")).toEqual([]);
});
