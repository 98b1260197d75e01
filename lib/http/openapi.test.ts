import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseDecision } from "../decisions/decide";
import { catalogEntities } from "../audit/actions";
import * as s from "../catalog/schemas";
import { catalogApi } from "./catalog-api";
import { AppError } from "../errors";
import { bodyField, forBody } from "./catalog-api";
import { inputSchema, openApiDocument } from "./openapi";

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: { $ref: string } }> }; parameters?: { name: string }[] }>>;
  components: { schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }>; securitySchemes: Record<string, unknown> };
};

const doc = openApiDocument() as unknown as Doc;

function requestSchema(path: string, method: string) {
  const ref = doc.paths[path]?.[method]?.requestBody?.content["application/json"]?.schema.$ref;
  expect(ref, `${method.toUpperCase()} ${path} has a JSON request body`).toMatch(/^#\/components\/schemas\//);
  return doc.components.schemas[ref!.split("/").at(-1)!]!;
}

describe("OpenAPI document", () => {
  it("is OpenAPI 3.1 with bearer auth and a problem-details schema", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.components.schemas.Problem?.required).toEqual(["type", "title", "status", "detail"]);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it.each(catalogEntities)("has list, create, get, update and delete for %s, with the write path's schemas", (entity) => {
    const { plural, create, update } = catalogApi[entity];
    expect(Object.keys(doc.paths[`/api/v1/${plural}`] ?? {})).toEqual(expect.arrayContaining(["get", "post"]));
    expect(Object.keys(doc.paths[`/api/v1/${plural}/{id}`] ?? {})).toEqual(expect.arrayContaining(["get", "patch", "delete"]));
    expect(requestSchema(`/api/v1/${plural}`, "post")).toEqual(inputSchema(create));
    expect(requestSchema(`/api/v1/${plural}/{id}`, "patch")).toEqual(inputSchema(update));
  });

  it("describes request bodies from lib/catalog/schemas", () => {
    const resource = requestSchema("/api/v1/resources", "post");
    expect(resource.required?.toSorted()).toEqual(["domainId", "environmentId", "kind", "name"]);
    expect(resource).toEqual(inputSchema(s.resourceCreate));
    expect(resource.properties?.kind).toMatchObject({ enum: [...s.resourceKinds] });
    // defaults are optional on input; an update patch requires nothing
    expect(requestSchema("/api/v1/profiles/{id}", "patch").required).toBeUndefined();
    expect(requestSchema("/api/v1/claim-rules", "post").required?.toSorted()).toEqual(["issuer", "name", "profileId"]);
    expect(inputSchema(s.credentialCreate).required).toEqual(["clientId"]);
  });

  it("lists changes, audit, API tokens and itself", () => {
    for (const path of ["/api/v1/changes", "/api/v1/changes/{number}", "/api/v1/audit", "/api/v1/api-tokens", "/api/v1/api-tokens/{id}", "/api/v1/openapi.json"])
      expect(doc.paths, path).toHaveProperty([path]);
    expect(requestSchema("/api/v1/changes", "post").required).toEqual(expect.arrayContaining(["title", "operations"]));
    expect(doc.paths["/api/v1/resources"]?.get?.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(["q", "cursor", "limit", "kind"]));
  });
});

describe("bodyField", () => {
  it("restates the write path's field paths for a single-object body", () => {
    expect(bodyField("operations.0.data.kind")).toBe("kind");
    expect(bodyField("operations.0.data.labels.Bad")).toBe("labels.Bad");
    expect(bodyField("operations.0.data")).toBe("body");
    expect(bodyField("operations.0.id")).toBe("id");
    expect(bodyField("title")).toBe("title");
  });
});

describe("forBody", () => {
  it("names the body's field in the problem's fields and detail", () => {
    const e = forBody(new AppError("validation", "operations.0.data.kind: Invalid option", [{ field: "operations.0.data.kind", message: "Invalid option" }]));
    expect(e).toMatchObject({ code: "validation", message: "kind: Invalid option", fields: [{ field: "kind", message: "Invalid option" }] });
    expect(forBody(new AppError("conflict", "operations.0: profile x is still used by 1 bindings"))).toMatchObject({ message: "profile x is still used by 1 bindings" });
    const plain = new Error("boom");
    expect(forBody(plain)).toBe(plain);
  });
});

describe("coverage of the routes", () => {
  const apiDir = path.resolve(import.meta.dirname, "../../app/api/v1");
  const routeFiles = readdirSync(apiDir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith("route.ts"));
  const routes = routeFiles.flatMap((file) => {
    const url = "/api/v1/" + path.dirname(file).split(path.sep).join("/").replace(/\[(\w+)\]/g, "{$1}");
    const source = readFileSync(path.join(apiDir, file), "utf8");
    // `export const GET = …`, `export async function GET`, or `export const { GET, POST } = collectionRoutes(…)`
    const single = [...source.matchAll(/export (?:const|async function|function) (GET|POST|PATCH|PUT|DELETE)\b/g)].map((m) => m[1]!);
    const destructured = [...source.matchAll(/export const \{([^}]+)\}/g)].flatMap((m) => m[1]!.split(",").map((x) => x.trim()));
    return [...single, ...destructured].map((method) => [method.toLowerCase(), url] as const);
  });

  it("finds the route files", () => {
    expect(routes.length).toBeGreaterThan(60);
  });

  it.each(routes)("describes %s %s", (method, url) => {
    expect(doc.paths[url]?.[method], `${method.toUpperCase()} ${url} is in the OpenAPI document`).toBeDefined();
  });

  it("describes the decision API served by the fast path, with the parser's required fields", () => {
    const schema = doc.components.schemas.DecisionRequest!;
    expect(doc.paths["/api/v1/decisions"]?.post).toBeDefined();
    for (const field of schema.required!) {
      const { [field]: _drop, ...rest } = { client: "svc", resource: "prod/orders-db", action: "read" } as Record<string, string>;
      expect(parseDecision(rest), `${field} is required`).toEqual([expect.objectContaining({ field })]);
    }
    expect(Object.keys(schema.properties!).toSorted()).toEqual(["action", "client", "resource", "token"]);
  });

  it("names the findings filter as the route reads it", () => {
    expect(doc.paths["/api/v1/findings"]?.get?.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(["check", "severity", "environment"]));
  });
});
