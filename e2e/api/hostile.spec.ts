// Hostile input, generated from the OpenAPI document the server serves: every
// write operation (POST, PUT, PATCH, DELETE) is sent bodies that are not JSON,
// not sent as JSON, 2 MB, null, empty, nested 5000 deep; every field with a
// wrong type; every string with a NUL or a lone surrogate; hostile query and
// path parameters; as a write API token and as the admin's session. No answer
// may be a 5xx, every refusal is a problem document (naming the field where
// there is one), no hostile request may succeed, and nothing is stored: the
// token's actor has no audit event, and the marker every hostile string
// carries is found nowhere. Runs on SQLite (npm test) and PostgreSQL
// (npm run test:pg), where NUL and lone surrogates cannot be stored at all.
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import { uniqueName } from "../helpers";
import { adminSession, apiClient, mintToken } from "./api";
import { bodyVariants, parameterVariants, type Variant } from "./hostile-input";
import { callers, loadDocument, operations, realPath, requestSchema, WRITE_METHODS, type Op } from "./openapi";

const marker = uniqueName("hostile");
let clients: Record<"token" | "session", APIRequestContext>;
let tokenName = "";

test.beforeAll(async ({ baseURL }) => {
  const session = await adminSession(baseURL);
  const minted = await mintToken(session, "write");
  tokenName = minted.name;
  clients = { session, token: await apiClient(baseURL, minted.token) };
});

/** What is wrong with one answer to a hostile request; null when it is a proper refusal. */
async function judge(res: APIResponse, v: Variant): Promise<string | null> {
  const status = res.status();
  const text = await res.text();
  if (status >= 500) return `answered ${status}: ${text.slice(0, 200)}`;
  if (status < 400) return `was accepted (${status}): ${text.slice(0, 200)}`;
  if (!res.headers()["content-type"]?.includes("application/problem+json")) return `${status} is not a problem document (${res.headers()["content-type"]})`;
  const problem = JSON.parse(text) as { type?: string; title?: string; status?: number; detail?: string; errors?: { field: string }[] };
  if (!problem.type || !problem.title || !problem.detail || problem.status !== status) return `${status} problem is incomplete: ${text.slice(0, 200)}`;
  if (status === 400 && v.field) {
    const fields = (problem.errors ?? []).map((e) => e.field);
    if (!fields.some((f) => f === v.field || f.startsWith(`${v.field}.`))) return `400 does not name ${v.field} (names ${fields.join(", ") || "nothing"}: ${problem.detail})`;
  }
  return null;
}

async function send(api: APIRequestContext, method: string, url: string, v: Variant): Promise<APIResponse> {
  const headers: Record<string, string> = {};
  if (v.contentType) headers["content-type"] = v.contentType;
  // a Buffer goes out byte for byte (a string with a JSON content type would be re-encoded as a JSON string)
  const data = v.body === undefined ? undefined : Buffer.from(v.body, "utf8");
  return api.fetch(url, { method: method.toUpperCase(), headers, data, maxRedirects: 0, failOnStatusCode: false, timeout: 60_000 });
}

/** The filled path with the template's last parameter replaced (the others stay real when they could be found). */
function withLast(template: string, path: string, value: string): string {
  const names = template.split("/");
  const at = names.findLastIndex((s) => s.startsWith("{"));
  return path.split("/").map((s, i) => (i === at ? value : s)).join("/");
}

async function probe({ method, path, op }: Op): Promise<string[]> {
  const failures: string[] = [];
  const hasParams = path.includes("{");
  const { schema, union } = requestSchema(await doc, op);
  const query = (op.parameters ?? []).filter((p) => p.in === "query").map((p) => p.name);
  for (const who of callers(op)) {
    const api = clients[who];
    const real = hasParams ? ((await realPath(api, path)) ?? path.replace(/\{\w+\}/g, `missing-${marker}`)) : path;
    const missing = hasParams ? withLast(path, real, `missing-${marker}`) : null;
    const jobs: { url: string; v: Variant }[] = [];
    if (op.requestBody) for (const v of bodyVariants(schema, marker, union)) jobs.push({ url: real, v });
    // an operation that takes no body would act on a real object whatever it is sent: its bodies go to a missing one
    else if (missing) for (const v of bodyVariants(undefined, marker)) jobs.push({ url: missing, v });
    for (const v of parameterVariants(query, hasParams)) {
      const sent = { ...v, body: v.body ?? "{}", contentType: v.contentType ?? "application/json" };
      if (v.pathParam) jobs.push({ url: withLast(path, real, v.pathParam), v: sent });
      // a NUL must be refused outright, so it goes to the real object; other odd escapes decode to
      // storable text, so where "{}" is no invalid body they go to a missing object (or nowhere)
      else if (v.field || op.requestBody) jobs.push({ url: `${real}?${v.query}`, v: sent });
      else if (missing) jobs.push({ url: `${missing}?${v.query}`, v: sent });
    }
    for (let i = 0; i < jobs.length; i += 6) {
      const answers = await Promise.all(jobs.slice(i, i + 6).map(async ({ url, v }) => [url, v, await judge(await send(api, method, url, v), v)] as const));
      for (const [url, v, wrong] of answers) if (wrong) failures.push(`${method.toUpperCase()} ${url.slice(0, 120)} as ${who}, ${v.name}: ${wrong}`);
    }
  }
  return failures;
}

let doc: ReturnType<typeof loadDocument>;

test("no hostile request to any write operation in the OpenAPI document is a 5xx, is accepted, or stores anything", async () => {
  test.setTimeout(600_000);
  doc = loadDocument(clients.token);
  const writes = operations(await doc).filter((o) => WRITE_METHODS.has(o.method));
  expect(writes.length).toBeGreaterThan(35);

  const failures: string[] = [];
  for (const o of writes) failures.push(...(await probe(o)));
  expect(failures, failures.join("\n")).toEqual([]);

  // nothing was stored: the token's actor wrote no audit event, and the marker is nowhere
  const byToken = await clients.session.get(`/api/v1/audit?actor=${encodeURIComponent(tokenName)}`);
  expect(((await byToken.json()) as { items: unknown[] }).items).toEqual([]);
  for (const url of [`/api/v1/audit?q=${marker}`, `/api/v1/search?q=${marker}`]) {
    const res = await clients.session.get(url);
    expect(res.status(), url).toBe(200);
    expect(((await res.json()) as { items: unknown[] }).items, url).toEqual([]);
  }
});
