// Paths of "Perimeter as code": the catalog as declarative files (export),
// their JSON Schema, and plan / apply of a desired state.
import { z } from "zod";
import { applyInput } from "../../ascode/apply-catalog";
import { catalogState } from "../../ascode/format";
import { planInput } from "../../ascode/plan-catalog";
import { body, errors, inputSchema, json, readErrors, ref, type Json, type Paths } from "./tools";

// The answers' shapes, for clients (the handlers build them in lib/ascode/).
const entity = z.enum(["environment", "domain", "resource", "scope", "profile", "client", "binding", "claimRule", "assertion"]);
const namedOp = z.object({
  kind: z.enum(["create", "update", "delete"]),
  entity,
  key: z.string().describe("the object's name; scopes env/resource:action, bindings 'client -> profile'"),
  data: z.record(z.string(), z.unknown()).optional().describe("the operation's fields; references are { $ref: [entity, name] }"),
  changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })).optional(),
});
const changeRef = z.object({ id: z.string(), number: z.number().int(), title: z.string(), status: z.string(), risk: z.string() });
const assertionResult = z.object({ name: z.string(), rule: z.string(), severity: z.string(), pass: z.boolean(), message: z.string(), paths: z.array(z.string()) });
const exported = z.object({ catalogVersion: z.number().int(), state: catalogState });
const outcome = z.object({ planHash: z.string(), upToDate: z.boolean(), reused: z.boolean(), changeRequest: changeRef.nullable(), findings: z.array(z.unknown()) });
const schemas = { exported: inputSchema(exported), outcome: inputSchema(outcome) };

function planSchema(): Json {
  const base = inputSchema(
    z.object({
      catalogVersion: z.number().int(),
      planHash: z.string().describe("sha256 of the name-level operations; pass it to apply as planHash"),
      operations: z.array(namedOp),
      unmanaged: z.array(z.object({ entity, key: z.string() })).describe("in the catalog, not in the files: kept unless prune"),
      notes: z.array(z.string()),
      change: z.object({ title: z.string(), reason: z.string(), operations: z.array(z.record(z.string(), z.unknown())) }).nullable(),
      assertions: z.array(assertionResult).describe("the files' assertions on the catalog as the plan would leave it"),
    }),
  ) as { properties: Record<string, Json>; required: string[] };
  const analysis: Json = {
    type: ["object", "null"],
    description: "what opening the change request would report; null when there is nothing to do",
    properties: {
      risk: { type: "object", properties: { level: { type: "string" }, reasons: { type: "array", items: { type: "string" } } } },
      findings: { type: "array", items: ref("Finding") },
      delta: { type: "object", description: "reach delta: gained and lost grants per client", properties: { gained: { type: "array" }, lost: { type: "array" }, clientsGaining: { type: "integer" }, clientsLosing: { type: "integer" } } },
      requirement: { type: "object", properties: { approvals: { type: "integer" }, ownerRequired: { type: "boolean" }, autoApply: { type: "boolean" } } },
    },
  };
  return { ...base, properties: { ...base.properties, analysis }, required: [...base.required, "analysis"] };
}

const jsonSchemaDocument: Json = {
  type: "object",
  properties: { $id: { type: "string" }, $schema: { type: "string" }, title: { type: "string" }, type: { const: "object" }, properties: { type: "object" } },
};

export function ascodePaths(): Paths {
  return {
    "/api/v1/catalog-files": {
      get: {
        operationId: "exportCatalogFiles",
        summary: "The live catalog as a catalog-files state: objects by name, never ids; no credentials or secrets (perimeter export)",
        tags: ["as code"],
        responses: { 200: json(schemas.exported, "{ catalogVersion, state }"), ...readErrors },
      },
    },
    "/api/v1/catalog-files/plan": {
      post: {
        operationId: "planCatalogFiles",
        summary: "Compares a desired state with the live catalog: name-level operations, plan hash, and the change request's analysis (reach delta, risk, policy and assertion findings); writes nothing",
        tags: ["as code"],
        requestBody: body(inputSchema(planInput)),
        responses: { 200: json(planSchema(), "{ catalogVersion, planHash, operations, unmanaged, notes, change, analysis, assertions }"), ...readErrors },
      },
    },
    "/api/v1/catalog-files/apply": {
      post: {
        operationId: "applyCatalogFiles",
        summary: "Opens the change request for a desired state's plan (or returns the open one from the same plan); 409 when planHash no longer matches",
        tags: ["as code"],
        requestBody: body(inputSchema(applyInput)),
        responses: {
          201: json(schemas.outcome, "{ planHash, upToDate, reused, changeRequest, findings }: a request was opened"),
          200: json(schemas.outcome, "Nothing to do, or the request opened earlier from the same plan"),
          ...readErrors,
          409: errors[409],
        },
      },
    },
    "/api/v1/schema/catalog-files.json": {
      get: {
        operationId: "catalogFilesSchema",
        summary: "JSON Schema (2020-12) of one catalog file",
        tags: ["as code", "meta"],
        security: [],
        responses: { 200: json(jsonSchemaDocument, "JSON Schema") },
      },
    },
  };
}
