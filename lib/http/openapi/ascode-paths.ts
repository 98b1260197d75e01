// Paths of "Perimeter as code": the catalog as declarative files (export),
// their JSON Schema, and plan / apply of a desired state.
import { applyInput } from "../../ascode/apply-catalog";
import { planInput } from "../../ascode/plan-catalog";
import { body, errors, inputSchema, json, readErrors, ref, type Paths } from "./tools";

// the answers' shapes (lib/ascode/plan-catalog.ts CatalogPlan, apply-catalog.ts ApplyOutcome)
const nullableObject = { oneOf: [{ type: "object" }, { type: "null" }] };
const exported = { type: "object", required: ["catalogVersion", "state"], properties: { catalogVersion: { type: "integer" }, state: { type: "object" } } };
const plan = {
  type: "object",
  required: ["catalogVersion", "planHash", "operations", "unmanaged", "notes", "change", "analysis"],
  properties: {
    catalogVersion: { type: "integer" },
    planHash: { type: "string" },
    operations: { type: "array", items: { type: "object" } },
    unmanaged: { type: "array", items: { type: "object" } },
    notes: { type: "array", items: { type: "string" } },
    change: nullableObject,
    analysis: nullableObject,
    assertions: { type: "array", items: { type: "object" } },
  },
};
const applied = {
  type: "object",
  required: ["planHash", "upToDate", "reused", "changeRequest", "findings"],
  properties: {
    planHash: { type: "string" },
    upToDate: { type: "boolean" },
    reused: { type: "boolean" },
    changeRequest: { oneOf: [ref("ChangeRequestRef"), { type: "null" }] },
    findings: { type: "array", items: ref("Finding") },
  },
};

export function ascodePaths(): Paths {
  return {
    "/api/v1/catalog-files": {
      get: {
        operationId: "exportCatalogFiles",
        summary: "The live catalog as a catalog-files state: objects by name, never ids; no credentials or secrets (perimeter export)",
        tags: ["as code"],
        responses: { 200: json(exported, "{ catalogVersion, state }"), ...readErrors },
      },
    },
    "/api/v1/catalog-files/plan": {
      post: {
        operationId: "planCatalogFiles",
        summary: "Compares a desired state with the live catalog: name-level operations, plan hash, and the change request's analysis (reach delta, risk, policy and assertion findings); writes nothing",
        tags: ["as code"],
        requestBody: body(inputSchema(planInput)),
        responses: { 200: json(plan, "{ catalogVersion, planHash, operations, unmanaged, notes, change, analysis, assertions }"), ...readErrors },
      },
    },
    "/api/v1/catalog-files/apply": {
      post: {
        operationId: "applyCatalogFiles",
        summary: "Opens the change request for a desired state's plan (or returns the open one from the same plan); 409 when planHash no longer matches",
        tags: ["as code"],
        requestBody: body(inputSchema(applyInput)),
        responses: {
          201: json(applied, "{ planHash, upToDate, reused, changeRequest, findings }: a request was opened"),
          200: json(applied, "Nothing to do, or the request opened earlier from the same plan"),
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
        responses: { 200: json({ type: "object", required: ["$schema"], properties: { $schema: { type: "string" } } }, "JSON Schema") },
      },
    },
  };
}
