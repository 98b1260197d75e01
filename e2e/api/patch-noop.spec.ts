// A PATCH that changes nothing (null, {}, only unknown fields, every field
// already holding its value) is a 400 naming the body, and stores nothing:
// no change request, no audit event, the object as it was.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { uniqueName } from "../helpers";
import { adminSession, apiClient, mintToken, problem, refs, written } from "./api";

let api: APIRequestContext;
let admin: APIRequestContext;
let tokenName = "";

test.beforeAll(async ({ baseURL }) => {
  admin = await adminSession(baseURL);
  const minted = await mintToken(admin, "write");
  tokenName = minted.name;
  api = await apiClient(baseURL, minted.token);
});

test("PATCH with null, {}, unknown fields or the values it already has is a 400 naming the body, and stores nothing", async () => {
  const { dev, platform } = await refs(api);
  const name = uniqueName("e2e-noop-db");
  const created = await written(await api.post("/api/v1/resources", { data: { name, kind: "database", environmentId: dev, domainId: platform, criticality: "low", owner: "team-a" } }));
  const url = `/api/v1/resources/${created.result.id}`;
  const before = await (await api.get(url)).json();
  const audit = async () => ((await (await admin.get(`/api/v1/audit?actor=${encodeURIComponent(tokenName)}`)).json()) as { items: unknown[] }).items.length;
  const events = await audit();

  for (const body of ["null", "{}", '{"colour":"red"}', '{"owner":"team-a","criticality":"low"}']) {
    const res = await api.patch(url, { headers: { "content-type": "application/json" }, data: Buffer.from(body) });
    const p = await problem(res, 400);
    expect(p.errors?.map((e) => e.field), body).toEqual(["body"]);
  }
  expect(await audit()).toBe(events);
  expect(await (await api.get(url)).json()).toEqual(before);
});
