// The decision API (/api/v1/decisions) and the incident actions: allow and
// deny with the matched profile and scope or the reason; by client and by
// token; the batch form; revoking every token of a client; suspending a client.
import { expect, test } from "@playwright/test";
import { problem } from "../api/api";
import { boundClient, catalogFixture, clientCredentials, introspect, oauthError, tokenRequest, basic, type Fixture } from "./oauth";

test.describe.configure({ mode: "serial" });

type Answer = { decision: "allow" | "deny"; allow: boolean; client: string | null; resource: string; action: string; profile?: { name: string; version: number }; scope?: { name: string }; reason?: string };

let f: Fixture;
let client: { id: string; name: string; secret: string };

test.beforeAll(async ({ baseURL }) => {
  f = await catalogFixture(baseURL, "dec");
  client = await boundClient(f, "dec-svc");
});

const decide = async (body: unknown, http = f.reader) => {
  const res = await http.post("/api/v1/decisions", { data: body });
  expect(res.status(), await res.text()).toBe(200);
  expect(res.headers()["cache-control"]).toBe("no-store");
  return res.json();
};

test("by client: allow with the matched profile and scope; deny with the reason", async () => {
  const allow = (await decide({ client: client.name, resource: f.resource.ref, action: "read" })) as Answer;
  expect(allow).toMatchObject({ decision: "allow", allow: true, client: client.name, resource: f.resource.ref, action: "read", profile: { name: f.profile.name, version: 1 }, scope: { name: `${f.resource.ref}:read` } });

  const deny = (await decide({ client: client.name, resource: f.resource.ref, action: "admin" })) as Answer;
  expect(deny).toMatchObject({ decision: "deny", allow: false, client: client.name });
  expect(deny.reason).toContain(`${f.resource.name}:admin`);
  expect(((await decide({ client: "no-such-client", resource: f.resource.ref, action: "read" })) as Answer).reason).toContain("unknown client");
  expect(((await decide({ client: client.name, resource: "dev/no-such-thing", action: "read" })) as Answer).reason).toContain("unknown resource");
  // the resource may be named by id too
  expect(((await decide({ client: client.id, resource: f.resource.id, action: "write" })) as Answer).allow).toBe(true);
});

test("by token: the token's scope decides; an inactive token is denied with the reason", async ({ request }) => {
  const t = await clientCredentials(request, client, { scope: `${f.resource.ref}:read` });
  expect(((await decide({ token: t.access_token, resource: f.resource.ref, action: "read" })) as Answer)).toMatchObject({ allow: true, client: client.name, scope: { name: `${f.resource.ref}:read` } });
  const write = (await decide({ token: t.access_token, resource: f.resource.ref, action: "write" })) as Answer;
  expect(write.allow).toBe(false);
  expect(write.reason).toContain("scope does not include");
  const garbage = (await decide({ token: "nope", resource: f.resource.ref, action: "read" })) as Answer;
  expect(garbage).toMatchObject({ allow: false, client: null });
});

test("the batch form answers each request in order", async () => {
  const body = (await decide({
    requests: [
      { client: client.name, resource: f.resource.ref, action: "read" },
      { client: client.name, resource: f.resource.ref, action: "admin" },
    ],
  })) as { results: Answer[] };
  expect(body.results.map((r) => r.decision)).toEqual(["allow", "deny"]);
});

test("bad requests name the field; no API token is 401", async ({ playwright, baseURL }) => {
  const p = await problem(await f.reader.post("/api/v1/decisions", { data: { client: client.name, action: "read" } }), 400);
  expect(p.errors?.map((e) => e.field)).toContain("resource");
  const both = await problem(await f.reader.post("/api/v1/decisions", { data: { client: client.name, token: "x", resource: f.resource.ref, action: "read" } }), 400);
  expect(both.errors?.map((e) => e.field)).toContain("client");
  const batch = await problem(await f.reader.post("/api/v1/decisions", { data: { requests: [{ client: client.name, resource: f.resource.ref, action: "READ" }] } }), 400);
  expect(batch.errors?.[0]?.field).toBe("requests.0.action");
  const anonymous = await playwright.request.newContext({ baseURL });
  await problem(await anonymous.post("/api/v1/decisions", { data: { client: client.name, resource: f.resource.ref, action: "read" } }), 401);
  // an oversized body is answered 413, not cut off mid-request
  const huge = await f.reader.post("/api/v1/decisions", { data: { client: client.name, resource: f.resource.ref, action: "read", padding: "x".repeat(100_000) } });
  expect((await problem(huge, 413)).detail).toContain("exceeds");
});

test("decisions are counted and denials audited", async () => {
  // denials are written in batches every few seconds
  await expect
    .poll(
      async () => {
        const res = await f.reader.get(`/api/v1/audit?action=decision.denied&q=${encodeURIComponent(client.name)}`);
        if (res.status() !== 200) return 0;
        const body = (await res.json()) as { items?: unknown[] };
        return body.items?.length ?? 0;
      },
      { timeout: 15_000 },
    )
    .toBeGreaterThan(0);
});

test("incident: revoke every token of a client, then suspend it", async ({ request }) => {
  const a = await clientCredentials(request, client);
  const b = await clientCredentials(request, client, { scope: `${f.resource.ref}:read` });
  // admins only
  await problem(await f.api.post("/api/v1/incidents", { data: { action: "revoke_tokens", clientId: client.id } }), 403);
  const res = await f.admin.post("/api/v1/incidents", { data: { action: "revoke_tokens", clientId: client.name, reason: "e2e drill" } });
  expect(res.status(), await res.text()).toBe(200);
  expect(((await res.json()) as { revoked: number }).revoked).toBeGreaterThanOrEqual(2);
  await expect.poll(async () => (await introspect(request, client, a.access_token)).active, { timeout: 2_000 }).toBe(false);
  expect((await introspect(request, client, b.access_token)).active).toBe(false);

  // tokens reaching the resource
  const c = await clientCredentials(request, client);
  const byResource = await f.admin.post("/api/v1/incidents", { data: { action: "revoke_tokens", resourceId: f.resource.ref } });
  expect(((await byResource.json()) as { revoked: number }).revoked).toBeGreaterThanOrEqual(1);
  await expect.poll(async () => (await introspect(request, client, c.access_token)).active, { timeout: 2_000 }).toBe(false);

  const live = await clientCredentials(request, client);
  const suspended = await f.admin.post("/api/v1/incidents", { data: { action: "suspend_client", clientId: client.id, reason: "e2e drill" } });
  expect(suspended.status(), await suspended.text()).toBe(200);
  const s = (await suspended.json()) as { changeRequest: { title: string; status: string } };
  expect(s.changeRequest).toMatchObject({ title: `Emergency: suspend client ${client.name}`, status: "applied" });
  await expect.poll(async () => ((await decide({ client: client.name, resource: f.resource.ref, action: "read" })) as Answer).reason ?? "", { timeout: 3_000 }).toContain("suspended");
  await oauthError(await tokenRequest(request, { grant_type: "client_credentials" }, basic(client.name, client.secret)), 401, "invalid_client");
  const other = await boundClient(f, "dec-other");
  expect((await introspect(request, other, live.access_token)).active).toBe(false);
});
