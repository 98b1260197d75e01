// The catalog over the REST API with a write token: every write is a change
// request, bad input names its field and writes nothing.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { uniqueName } from "../helpers";
import { adminSession, apiClient, mintToken, problem, refs, total, written, type Page } from "./api";

test.describe.configure({ mode: "serial" });

let api: APIRequestContext;
let dev: string;
let platform: string;
const names = { resource: uniqueName("e2e-api-db"), profile: uniqueName("e2e-api-rw"), client: uniqueName("e2e-api-svc") };
const ids = { resource: "", read: "", write: "", admin: "", profile: "", client: "", binding: "" };

test.beforeAll(async ({ baseURL }) => {
  const admin = await adminSession(baseURL);
  api = await apiClient(baseURL, (await mintToken(admin, "write")).token);
  ({ dev, platform } = await refs(api));
});

test("creates a resource with its scopes, a profile, a client and a binding; the resource lists the client", async () => {
  const resource = await written(
    await api.post("/api/v1/resources", { data: { name: names.resource, kind: "database", environmentId: dev, domainId: platform, criticality: "low" } }),
  );
  expect(resource.changeRequest.title).toBe(`Create resource ${names.resource}`);
  expect(resource.result).toMatchObject({ entity: "resource", kind: "create", name: `dev/${names.resource}` });
  ids.resource = resource.result.id;

  const numbers = new Set([resource.changeRequest.number]);
  for (const action of ["read", "write", "admin"] as const) {
    const scope = await written(await api.post("/api/v1/scopes", { data: { resourceId: ids.resource, action } }));
    expect(scope.changeRequest.title).toBe(`Create scope ${names.resource}:${action}`);
    numbers.add(scope.changeRequest.number);
    ids[action] = scope.result.id;
  }

  const title = `Read-write profile for ${names.resource}`;
  const profile = await written(
    await api.post(`/api/v1/profiles?title=${encodeURIComponent(title)}&reason=e2e`, {
      data: { name: names.profile, environmentId: dev, maxTokenLifetimeSeconds: 900, scopeIds: [ids.read, ids.write] },
    }),
  );
  expect(profile.changeRequest.title).toBe(title);
  ids.profile = profile.result.id;

  const client = await written(await api.post("/api/v1/clients", { data: { name: names.client, kind: "service" } }));
  ids.client = client.result.id;
  const binding = await written(await api.post("/api/v1/bindings", { data: { clientId: ids.client, profileId: ids.profile, reason: "e2e" } }));
  expect(binding.changeRequest.title).toBe(`Create binding ${names.client} → ${names.profile}`);
  ids.binding = binding.result.id;
  numbers.add(profile.changeRequest.number).add(client.changeRequest.number).add(binding.changeRequest.number);
  expect(numbers.size).toBe(7);

  const res = await api.get(`/api/v1/resources/${ids.resource}`);
  expect(res.status()).toBe(200);
  const detail = (await res.json()) as { name: string; scopes: { name: string }[]; reach: { client: { name: string }; profile: { name: string }; actions: string[] }[] };
  expect(detail.scopes.map((s) => s.name).sort()).toEqual(["admin", "read", "write"].map((a) => `${names.resource}:${a}`));
  expect(detail.reach).toEqual([expect.objectContaining({ client: expect.objectContaining({ name: names.client }), profile: expect.objectContaining({ name: names.profile }), actions: ["read", "write"] })]);

  // the change request is there, with its one operation
  const change = await api.get(`/api/v1/changes/${binding.changeRequest.number}`);
  expect(change.status()).toBe(200);
  expect(await change.json()).toMatchObject({ number: binding.changeRequest.number, title: binding.changeRequest.title });

  // every object reads back by id
  for (const [path, name] of [
    [`scopes/${ids.read}`, `${names.resource}:read`],
    [`profiles/${ids.profile}`, names.profile],
    [`clients/${ids.client}`, names.client],
  ] as const) {
    const one = await api.get(`/api/v1/${path}`);
    expect(one.status(), path).toBe(200);
    expect(await one.json()).toMatchObject({ name });
  }
  const bound = await api.get(`/api/v1/bindings/${ids.binding}`);
  expect(await bound.json()).toMatchObject({ client: { name: names.client }, profile: { name: names.profile }, reason: "e2e" });
  expect(await total(api, `/api/v1/bindings?client=${names.client}`)).toBe(1);
});

test("bad input: a 400 problem naming the field, and nothing is written", async () => {
  const name = uniqueName("e2e-api-bad");
  const before = await total(api, `/api/v1/resources?q=e2e-api-bad`);
  const bad = await problem(await api.post("/api/v1/resources", { data: { name, kind: "mainframe", environmentId: dev, domainId: platform } }), 400);
  expect(bad.errors?.[0]?.field).toBe("kind");
  expect(bad.detail).toMatch(/^kind: /);
  expect(await total(api, `/api/v1/resources?q=e2e-api-bad`)).toBe(before);
  expect(await total(api, `/api/v1/resources?q=${name}`)).toBe(0);

  const missing = await problem(await api.post("/api/v1/resources", { data: { name, kind: "compute", environmentId: "no-such-env", domainId: platform } }), 400);
  expect(missing.errors?.[0]?.field).toBe("environmentId");
  const taken = await problem(await api.post("/api/v1/clients", { data: { name: names.client, kind: "service" } }), 409);
  expect(taken.errors?.[0]?.field).toBe("name");
  const patch = await problem(await api.patch(`/api/v1/profiles/${ids.profile}`, { data: { maxTokenLifetimeSeconds: 5 } }), 400);
  expect(patch.errors?.[0]?.field).toBe("maxTokenLifetimeSeconds");
  const notJson = await problem(await api.post("/api/v1/domains", { headers: { "content-type": "application/json" }, data: "{not json" }), 400);
  expect(notJson.errors?.[0]?.field).toBe("body");
  await problem(await api.patch(`/api/v1/resources/${uniqueName("missing")}`, { data: { owner: "x" } }), 404);
  await problem(await api.get(`/api/v1/clients/${uniqueName("missing")}`), 404);
  expect(await total(api, `/api/v1/resources?q=${name}`)).toBe(0);
});

test("PATCH and DELETE change the catalog and return the change request", async () => {
  const patched = await written(await api.patch(`/api/v1/resources/${ids.resource}`, { data: { criticality: "high", owner: "team-e2e" } }), 200);
  expect(patched.changeRequest.title).toBe(`Update resource ${names.resource}`);
  expect(patched.result).toMatchObject({ kind: "update", id: ids.resource });
  expect(await (await api.get(`/api/v1/resources/${ids.resource}`)).json()).toMatchObject({ criticality: "high", owner: "team-e2e" });

  const narrowed = await written(await api.patch(`/api/v1/profiles/${ids.profile}`, { data: { removeScopeIds: [ids.write] } }), 200);
  expect(narrowed.result.kind).toBe("update");
  expect(await (await api.get(`/api/v1/profiles/${ids.profile}`)).json()).toMatchObject({ version: 2, scopes: [expect.objectContaining({ id: ids.read })] });

  // a profile still bound cannot go
  await problem(await api.delete(`/api/v1/profiles/${ids.profile}`), 409);

  const unbound = await written(await api.delete(`/api/v1/bindings/${ids.binding}`), 200);
  expect(unbound.changeRequest.title).toBe(`Delete binding ${names.client} → ${names.profile}`);
  expect(unbound.result).toMatchObject({ kind: "delete", id: ids.binding });
  await problem(await api.get(`/api/v1/bindings/${ids.binding}`), 404);
  expect(((await (await api.get(`/api/v1/resources/${ids.resource}`)).json()) as { reach: unknown[] }).reach).toEqual([]);

  const dropped = await written(await api.delete(`/api/v1/scopes/${ids.admin}?title=${encodeURIComponent("Drop the unused admin scope")}`), 200);
  expect(dropped.changeRequest.title).toBe("Drop the unused admin scope");
  await problem(await api.get(`/api/v1/scopes/${ids.admin}`), 404);
});

test("a credential's secret comes back once; reads show metadata only", async () => {
  const created = await written(await api.post("/api/v1/credentials", { data: { clientId: ids.client, label: "e2e" } }));
  expect(created.result.secret).toMatch(/^pmt_sec_/);
  expect(created.changeRequest.title).toBe(`Create credential for ${names.client}`);

  const one = (await (await api.get(`/api/v1/credentials/${created.result.id}`)).json()) as Record<string, unknown>;
  expect(one).toMatchObject({ label: "e2e", status: "active", client: { name: names.client } });
  const list = (await (await api.get(`/api/v1/credentials?client=${names.client}`)).json()) as Page<Record<string, unknown>>;
  expect(list.items.map((c) => c.id)).toEqual([created.result.id]);
  for (const row of [one, ...list.items]) {
    expect(row).not.toHaveProperty("hash");
    expect(row).not.toHaveProperty("secret");
    expect(JSON.stringify(row)).not.toContain(created.result.secret!);
  }

  const revoked = await written(await api.patch(`/api/v1/credentials/${created.result.id}`, { data: { revoke: true } }), 200);
  expect(revoked.result.secret).toBeUndefined();
  expect(await (await api.get(`/api/v1/credentials/${created.result.id}`)).json()).toMatchObject({ status: "revoked" });
});

test("claim rules, environments and domains round-trip too", async () => {
  const rule = uniqueName("e2e-api-rule");
  const created = await written(
    await api.post("/api/v1/claim-rules", {
      data: { name: rule, issuer: "https://token.actions.githubusercontent.com", conditions: { repository: "acme/orders" }, profileId: ids.profile, clientId: ids.client },
    }),
  );
  expect(await (await api.get(`/api/v1/claim-rules/${created.result.id}`)).json()).toMatchObject({
    name: rule,
    conditions: [{ claim: "repository", value: "acme/orders" }],
    profile: { name: names.profile },
  });
  expect(await total(api, `/api/v1/claim-rules?profile=${names.profile}`)).toBe(1);
  await written(await api.delete(`/api/v1/claim-rules/${created.result.id}`), 200);

  const domain = await written(await api.post("/api/v1/domains", { data: { name: uniqueName("e2e-api-dom"), displayName: "E2E" } }));
  await written(await api.patch(`/api/v1/domains/${domain.result.id}`, { data: { description: "made by the API suite" } }), 200);
  expect(await (await api.get(`/api/v1/domains/${domain.result.id}`)).json()).toMatchObject({ description: "made by the API suite", resources: 0 });
  await written(await api.delete(`/api/v1/domains/${domain.result.id}`), 200);

  const env = (await (await api.get(`/api/v1/environments/${dev}`)).json()) as { name: string; blockingChecks: string[] };
  expect(env).toMatchObject({ name: "dev", blockingChecks: expect.any(Array) });
});

test("a write that needs approval stays an open change request (202) and changes nothing yet", async () => {
  const prod = (await (await api.get("/api/v1/profiles?q=orders-service-prod")).json()) as Page<{ id: string; name: string }>;
  const profile = prod.items.find((p) => p.name === "orders-service-prod")!;
  const res = await api.post("/api/v1/bindings", { data: { clientId: ids.client, profileId: profile.id } });
  const pending = await written(res, 202, "open");
  expect(pending.changeRequest.title).toBe(`Create binding ${names.client} → orders-service-prod`);
  expect(pending.reach.clientsGaining).toBe(1);
  expect(res.headers()["location"]).toBeUndefined();
  expect(await total(api, `/api/v1/bindings?client=${names.client}&profile=orders-service-prod`)).toBe(0);
  await problem(await api.get(`/api/v1/bindings/${pending.result.id}`), 404);
});

test("POST /api/v1/changes applies a resource and its scopes as one change request", async () => {
  const name = uniqueName("e2e-api-cr");
  const resourceId = uniqueName("res-e2e");
  const res = await api.post("/api/v1/changes", {
    data: {
      title: `Register ${name}`,
      operations: [
        { entity: "resource", kind: "create", id: resourceId, data: { name, kind: "storage", environmentId: dev, domainId: platform } },
        ...["read", "write", "admin"].map((action) => ({ entity: "scope", kind: "create", data: { resourceId, action } })),
      ],
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  const body = (await res.json()) as { changeRequest: { number: number }; results: { entity: string }[] };
  expect(body.results.map((r) => r.entity)).toEqual(["resource", "scope", "scope", "scope"]);
  expect(await total(api, `/api/v1/scopes?resource=${resourceId}`)).toBe(3);
});
