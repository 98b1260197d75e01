// Building blocks of the OpenAPI document: zod schemas as JSON Schema, and
// the responses and parameters every path group shares.
import { z } from "zod";

export type Json = Record<string, unknown>;
export type Paths = Record<string, Json>;

/** A zod schema as the JSON Schema of what a client sends (defaults are optional). */
export function inputSchema(schema: z.ZodType): Json {
  const { $schema: _drop, ...json } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Json;
  return json;
}

/** The properties of a query-parameter schema as OpenAPI parameters (`rename` maps schema keys to URL names). */
export function queryParameters(schema: z.ZodType, rename: Record<string, string> = {}): Json[] {
  const json = inputSchema(schema) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name: rename[name] ?? name,
    in: "query",
    required: json.required?.includes(name) ?? false,
    schema: s,
    ...(typeof s.description === "string" ? { description: s.description } : {}),
  }));
}

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const json = (schema: Json, description: string) => ({ description, content: { "application/json": { schema } } });
export const body = (schema: Json) => ({ required: true, content: { "application/json": { schema } } });
const problemResponse = (description: string) => ({ description, content: { "application/problem+json": { schema: ref("Problem") } } });

export const errors = {
  400: problemResponse("Invalid request: `errors[].field` names each failing field"),
  401: problemResponse("No session and no valid API token"),
  403: problemResponse("The caller's role may not do this"),
  404: problemResponse("No object with this id"),
  409: problemResponse("Conflicts with the catalog (a taken name, an object still in use, a request in the wrong state)"),
};
export const readErrors = { 400: errors[400], 401: errors[401], 403: errors[403] };
export const pending = json(ref("WriteResult"), "The change request is open: it needs approval before it is applied");

export const pathParam = (name: string, schema: Json = { type: "string", minLength: 1, maxLength: 64 }) => ({ name, in: "path", required: true, schema });
export const idParam = pathParam("id");
export const numberParam = pathParam("number", { type: "integer", minimum: 1 });
export const sessionOnly = [{ sessionCookie: [] }];
