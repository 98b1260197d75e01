// The OpenAPI document against the server it describes, over real HTTP: every
// GET operation is called (path parameters filled with real ids, required
// query parameters with real names) and its answer validated with ajv against
// the document's own response schema for that status and content type; so are
// the writes this spec can make safely (a resource of its own, created,
// updated and deleted; decisions, single and batched) and the refusals (400,
// 401, 404 problem documents). A response the document does not describe, or
// describes wrongly, fails here, naming the operation and the schema error.
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { uniqueName } from "../helpers";
import { adminSession, apiClient, mintToken, refs } from "./api";
import { loadDocument, operations, realPath, type Document, type Op } from "./openapi";

let session: APIRequestContext;
let token: APIRequestContext;
let doc: Document;
let validator: (op: Op, res: APIResponse) => Promise<string | null>;

test.beforeAll(async ({ baseURL }) => {
  session = await adminSession(baseURL);
  token = await apiClient(baseURL, (await mintToken(session, "write")).token);
  doc = await loadDocument(session);
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(doc as object, "openapi");
  validator = async ({ method, path, op }, res) => {
    const status = String(res.status());
    const response = op.responses[status];
    if (!response) return `answered ${status}, which the document does not list (${(await res.text()).slice(0, 200)})`;
    const type = (res.headers()["content-type"] ?? "").split(";")[0]!.trim();
    const media = response.content?.[type];
    if (!media) return `${status} came as ${type}; the document says ${Object.keys(response.content ?? {}).join(", ") || "no body"}`;
    if (!type.includes("json")) return null;
    const pointer = ["paths", path, method, "responses", status, "content", type, "schema"].map((s) => s.replaceAll("~", "~0").replaceAll("/", "~1")).join("/");
    const validate = ajv.getSchema(`openapi#/${pointer}`)!;
    const body = (await res.json()) as unknown;
    return validate(body) ? null : `${status} does not match its schema: ${ajv.errorsText(validate.errors, { separator: "; " }).slice(0, 600)}`;
  };
});

/** Real values for the query parameters an operation requires. */
async function requiredQuery(op: Op): Promise<string> {
  const clients = (await (await session.get("/api/v1/clients?limit=1")).json()) as { items: { name: string }[] };
  const resources = (await (await session.get("/api/v1/resources?limit=1")).json()) as { items: { name: string; environment: string | { name: string } }[] };
  const r = resources.items[0]!;
  const sample: Record<string, string> = {
    client: clients.items[0]!.name,
    resource: `${typeof r.environment === "string" ? r.environment : r.environment.name}/${r.name}`,
    action: "read",
    q: "o",
    maxSeconds: "1",
  };
  const names = (op.op.parameters ?? []).filter((p) => p.in === "query" && (p.required || p.name === "maxSeconds")).map((p) => p.name);
  return names.map((n) => `${n}=${encodeURIComponent(sample[n] ?? "x")}`).join("&");
}

test("every GET operation answers as the document describes it", async () => {
  test.setTimeout(120_000);
  const gets = operations(doc).filter((o) => o.method === "get");
  expect(gets.length).toBeGreaterThan(30);
  const failures: string[] = [];
  for (const o of gets) {
    const filled = await realPath(session, o.path);
    if (!filled) {
      failures.push(`GET ${o.path}: no real id to fill its path with`);
      continue;
    }
    const query = await requiredQuery(o);
    const res = await session.get(query ? `${filled}?${query}` : filled, { timeout: 30_000 });
    const wrong = await validator(o, res);
    if (wrong) failures.push(`GET ${o.path}: ${wrong}`);
    // one object by id: a missing one is the documented 404 problem
    if (o.path.endsWith("}")) {
      const missing = await session.get(filled.replace(/\/[^/]+$/, "/no-such-object"));
      const wrongMissing = missing.status() === 200 ? "a missing object answered 200" : await validator(o, missing);
      if (wrongMissing) failures.push(`GET ${o.path} (missing): ${wrongMissing}`);
    }
  }
  expect(failures, failures.join("\n")).toEqual([]);
});

test("writes and their refusals answer as the document describes them", async () => {
  const ops = Object.fromEntries(operations(doc).map((o) => [o.op.operationId, o]));
  const check = async (id: string, res: APIResponse) => expect(await validator(ops[id]!, res), id).toBeNull();
  const { dev, platform } = await refs(token);
  const name = uniqueName("e2e-contract-db");

  const created = await token.post("/api/v1/resources", { data: { name, kind: "database", environmentId: dev, domainId: platform, criticality: "low" } });
  await check("createResource", created);
  const id = ((await created.json()) as { result: { id: string } }).result.id;
  await check("createResource", await token.post("/api/v1/resources", { data: { name: "Not An Identifier", kind: "nope" } }));
  await check("getResource", await token.get(`/api/v1/resources/${id}`));
  await check("updateResource", await token.patch(`/api/v1/resources/${id}`, { data: { description: "contract test" } }));
  await check("updateResource", await token.patch(`/api/v1/resources/${id}`, { data: {} }));
  await check("deleteResource", await token.delete(`/api/v1/resources/${id}`));
  await check("getResource", await token.get(`/api/v1/resources/${id}`));

  const clients = (await (await token.get("/api/v1/clients?limit=1")).json()) as { items: { name: string }[] };
  const ask = { client: clients.items[0]!.name, resource: `dev/${name}`, action: "read" };
  await check("decide", await token.post("/api/v1/decisions", { data: ask }));
  await check("decide", await token.post("/api/v1/decisions", { data: { requests: [ask, ask] } }));
  await check("decide", await token.post("/api/v1/decisions", { data: { action: "read" } }));
  await check("listResources", await (await apiClient(test.info().project.use.baseURL)).get("/api/v1/resources"));
});
