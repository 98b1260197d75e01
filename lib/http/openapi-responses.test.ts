// The OpenAPI document's answers are typed: no 2xx JSON body is a bare
// `object`, the document names its server, and the decision API's oneOf
// branches exclude each other (a single answer and a batch each match one).
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "./openapi";

type Schema = { $ref?: string; type?: unknown; properties?: object; oneOf?: unknown[]; allOf?: unknown[]; items?: unknown };
type Doc = { servers?: { url: string }[]; paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema: Schema }> }> }>> };
const doc = openApiDocument() as unknown as Doc;

const typed = (s: Schema) => !!(s.$ref || s.properties || s.oneOf || s.allOf || s.items || (s.type && s.type !== "object"));

describe("OpenAPI responses", () => {
  it("types every 2xx JSON body (no bare object)", () => {
    const bare = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item).flatMap(([method, op]) =>
        Object.entries(op.responses ?? {})
          .filter(([status]) => status.startsWith("2"))
          .flatMap(([status, r]) => Object.entries(r.content ?? {}).filter(([type, m]) => type.includes("json") && !typed(m.schema)).map(() => `${method.toUpperCase()} ${path} ${status}`)),
      ),
    );
    expect(bare).toEqual([]);
  });

  it("names its server", () => {
    expect(doc.servers?.[0]?.url).toBe("/");
  });

  it("lets a decision and a batch of decisions each match exactly one branch", () => {
    const ajv = new Ajv2020({ strict: false });
    addFormats(ajv);
    ajv.addSchema(doc, "openapi");
    const answer = ajv.getSchema("openapi#/paths/~1api~1v1~1decisions/post/responses/200/content/application~1json/schema")!;
    const request = ajv.getSchema("openapi#/paths/~1api~1v1~1decisions/post/requestBody/content/application~1json/schema")!;
    const one = { decision: "allow", allow: true, client: "ci", resource: "prod/db", action: "read" };
    expect(answer(one), JSON.stringify(answer.errors)).toBe(true);
    expect(answer({ results: [one, { ...one, decision: "deny", allow: false }] }), JSON.stringify(answer.errors)).toBe(true);
    expect(answer({ ...one, results: [] })).toBe(false);
    const ask = { client: "ci", resource: "prod/db", action: "read" };
    expect(request(ask)).toBe(true);
    expect(request({ requests: [ask] })).toBe(true);
    // both: a batch, as the server reads it; only the batch branch matches
    expect(request({ ...ask, requests: [ask] })).toBe(true);
    expect(request({ action: "read" })).toBe(false);
  });
});
