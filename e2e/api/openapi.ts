// The OpenAPI document the server serves, read the way a client generator
// would: its operations, their request schemas with $refs resolved, and real
// ids for their path parameters. Shared by the hostile-input and the
// contract specs, so both follow the document rather than a list of their own.
import { expect, type APIRequestContext } from "@playwright/test";

export type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: Schema | boolean;
  oneOf?: Schema[];
  anyOf?: Schema[];
  enum?: unknown[];
  [k: string]: unknown;
};
type Media = Record<string, { schema: Schema }>;
export type Operation = {
  operationId: string;
  parameters?: { name: string; in: string; required?: boolean; schema: Schema }[];
  requestBody?: { content: Media };
  responses: Record<string, { content?: Media }>;
  security?: Record<string, string[]>[];
};
export type Document = {
  openapi: string;
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation | unknown>>;
  components: { schemas: Record<string, Schema> };
};
export type Op = { method: string; path: string; op: Operation };

const METHODS = ["get", "post", "put", "patch", "delete"] as const;
export const WRITE_METHODS = new Set(["post", "put", "patch", "delete"]);

export async function loadDocument(api: APIRequestContext): Promise<Document> {
  const res = await api.get("/api/v1/openapi.json");
  expect(res.status()).toBe(200);
  return (await res.json()) as Document;
}

export function operations(doc: Document): Op[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ method, path, op: item[method] as Operation })),
  );
}

/** A schema with its $ref (one level at a time, recursively through what we read) resolved. */
export function resolve(doc: Document, schema: Schema | undefined): Schema | undefined {
  if (schema?.allOf) {
    const parts = [...(schema.allOf as Schema[]), { properties: schema.properties }].map((p) => resolve(doc, p) ?? {});
    return { type: "object", properties: Object.assign({}, ...parts.map((p) => p.properties ?? {})) };
  }
  if (!schema?.$ref) return schema;
  return resolve(doc, doc.components.schemas[schema.$ref.split("/").at(-1)!]);
}

/**
 * The JSON request body's schema; a union's branches merged, so every field
 * any branch takes is probed (`union`: no branch is chosen until its
 * discriminator is, so a refusal may name the discriminator instead).
 */
export function requestSchema(doc: Document, op: Operation): { schema?: Schema; union: boolean } {
  const schema = resolve(doc, op.requestBody?.content["application/json"]?.schema);
  const branches = schema?.oneOf ?? schema?.anyOf;
  if (!branches) return { schema, union: false };
  const resolved = branches.map((b) => resolve(doc, b)!);
  return { schema: { type: "object", properties: Object.assign({}, ...resolved.map((b) => b.properties ?? {})) }, union: true };
}

/** Who may call it: an operation limited to one security scheme says so; otherwise both. */
export function callers(op: Operation): ("token" | "session")[] {
  const schemes = op.security?.flatMap((s) => Object.keys(s));
  if (!schemes) return ["token", "session"];
  return [...(schemes.includes("bearerAuth") ? (["token"] as const) : []), ...(schemes.includes("sessionCookie") ? (["session"] as const) : [])];
}

const pick = (x: unknown, key: string): string | undefined => {
  const items = (x as { items?: Record<string, unknown>[] } | null)?.items;
  const v = items?.[0]?.[key];
  return v === undefined ? undefined : String(v);
};

/**
 * Fills a path's parameters with real ids: {id} from the list at the path
 * before it, {number} a change request's number, and a parameter under a
 * sub-collection (/reviews/{id}/items/{itemId}) from its parent object's list.
 * Null when one cannot be found (an empty list).
 */
export async function realPath(api: APIRequestContext, template: string): Promise<string | null> {
  const segments = template.split("/");
  for (let i = 0; i < segments.length; i++) {
    const param = /^\{(\w+)\}$/.exec(segments[i]!)?.[1];
    if (!param) continue;
    const key = param === "number" ? "number" : "id";
    const list = await api.get(segments.slice(0, i).join("/"));
    let value = list.ok() ? pick(await list.json(), key) : undefined;
    if (!value) {
      const parent = await api.get(segments.slice(0, i - 1).join("/"));
      const body = parent.ok() ? ((await parent.json()) as Record<string, unknown>) : null;
      value = pick({ items: body?.[segments[i - 1]!] }, key);
    }
    if (!value) return null;
    segments[i] = encodeURIComponent(value);
  }
  return segments.join("/");
}
