// The OpenAPI 3.1 document for /api/v1, generated from the same zod schemas
// that validate requests (request bodies and query parameters), so the
// document cannot drift from what the server accepts.
import { z } from "zod";
import { apiTokenInput } from "../api-tokens/manage-api-tokens";
import { eventListParams } from "../audit/queries/list-events";
import { exportParams } from "../audit/export";
import { followParams } from "../audit/follow";
import { driftParams } from "../drift/load";
import { decideInput, startReviewInput } from "../reviews/schemas";
import { changeListParams } from "../changes/queries/list-changes";
import { changeInput } from "../changes/operations";
import { catalogApiEntities, type CatalogApiEntity } from "./catalog-api";

type Json = Record<string, unknown>;

/** A zod schema as the JSON Schema of what a client sends (defaults are optional). */
export function inputSchema(schema: z.ZodType): Json {
  const { $schema: _drop, ...json } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Json;
  return json;
}

/** The properties of a query-parameter schema as OpenAPI parameters. */
function queryParameters(schema: z.ZodType): Json[] {
  const json = inputSchema(schema) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: "query",
    required: json.required?.includes(name) ?? false,
    schema: s,
    ...(typeof s.description === "string" ? { description: s.description } : {}),
  }));
}

const pascal = (entity: string) => entity[0]!.toUpperCase() + entity.slice(1);
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json, description: string) => ({ description, content: { "application/json": { schema } } });
const problemResponse = (description: string) => ({ description, content: { "application/problem+json": { schema: ref("Problem") } } });

const errors = {
  400: problemResponse("Invalid request: `errors[].field` names each failing field"),
  401: problemResponse("No session and no valid API token"),
  403: problemResponse("The caller's role may not do this"),
  404: problemResponse("No object with this id"),
  409: problemResponse("Conflicts with the catalog (a taken name, an object still in use)"),
};
const pending = json(ref("WriteResult"), "The change request is open: it needs approval before it is applied");
const readErrors = { 400: errors[400], 401: errors[401], 403: errors[403] };

const changeMeta = [
  { name: "title", in: "query", required: false, schema: { type: "string", minLength: 3, maxLength: 200 }, description: "The change request's title; made up from the object when absent." },
  { name: "reason", in: "query", required: false, schema: { type: "string", maxLength: 2000 }, description: "Why: recorded on the change request." },
];
const idParam = { name: "id", in: "path", required: true, schema: { type: "string", minLength: 1, maxLength: 64 } };

function entityPaths(e: CatalogApiEntity): Record<string, Json> {
  const name = pascal(e.entity);
  const tags = [e.plural];
  return {
    [`/api/v1/${e.plural}`]: {
      get: {
        operationId: `list${name}s`,
        summary: `List ${e.label}s`,
        tags,
        parameters: queryParameters(e.listParams),
        responses: { 200: json(ref("Page"), `A page of ${e.label}s; pass nextCursor as ?cursor= for the next`), ...readErrors },
      },
      post: {
        operationId: `create${name}`,
        summary: `Create a ${e.label} (one change request with one create operation)`,
        tags,
        parameters: changeMeta,
        requestBody: { required: true, content: { "application/json": { schema: ref(`${name}Create`) } } },
        responses: { 201: json(ref("WriteResult"), `Applied: the change request that created the ${e.label}`), 202: pending, ...readErrors, 409: errors[409] },
      },
    },
    [`/api/v1/${e.plural}/{id}`]: {
      parameters: [idParam],
      get: {
        operationId: `get${name}`,
        summary: `One ${e.label}`,
        tags,
        responses: { 200: json({ type: "object" }, `The ${e.label}`), 401: errors[401], 403: errors[403], 404: errors[404] },
      },
      patch: {
        operationId: `update${name}`,
        summary: `Update a ${e.label}: send only the fields to change`,
        tags,
        parameters: changeMeta,
        requestBody: { required: true, content: { "application/json": { schema: ref(`${name}Update`) } } },
        responses: { 200: json(ref("WriteResult"), `Applied: the change request that updated the ${e.label}`), 202: pending, ...errors },
      },
      delete: {
        operationId: `delete${name}`,
        summary: `Delete a ${e.label}`,
        tags,
        parameters: changeMeta,
        responses: { 200: json(ref("WriteResult"), `Applied: the change request that deleted the ${e.label}`), 202: pending, ...errors },
      },
    },
  };
}

const fieldError = { type: "object", required: ["field", "message"], properties: { field: { type: "string" }, message: { type: "string" } } };

const commonSchemas: Record<string, Json> = {
  Problem: {
    type: "object",
    description: "RFC 9457 problem details",
    required: ["type", "title", "status", "detail"],
    properties: {
      type: { type: "string", format: "uri" },
      title: { type: "string" },
      status: { type: "integer" },
      detail: { type: "string" },
      errors: { type: "array", items: ref("FieldError") },
    },
  },
  FieldError: fieldError,
  ChangeRequestRef: {
    type: "object",
    required: ["id", "number", "title", "status"],
    properties: {
      id: { type: "string" },
      number: { type: "integer", description: "shown as CR-<number>" },
      title: { type: "string" },
      status: { type: "string", description: "applied, or open while it waits for approval" },
      risk: { type: "string", enum: ["low", "medium", "high", "critical"] },
    },
  },
  OperationResult: {
    type: "object",
    required: ["entity", "kind", "id", "name"],
    properties: {
      entity: { type: "string" },
      kind: { type: "string", enum: ["create", "update", "delete"] },
      id: { type: "string" },
      name: { type: "string" },
      secret: { type: "string", description: "A new credential's secret: returned this once, never stored or shown again" },
    },
  },
  Finding: {
    type: "object",
    required: ["checkId", "severity", "message", "target", "blocking"],
    properties: {
      checkId: { type: "string" },
      severity: { type: "string", enum: ["low", "medium", "high", "critical"] },
      message: { type: "string" },
      target: { type: "object", properties: { entity: { type: "string" }, id: { type: "string" }, name: { type: "string" } } },
      environment: { type: ["string", "null"] },
      blocking: { type: "boolean" },
    },
  },
  WriteResult: {
    type: "object",
    description: "The change request a single-object write opened, and what it did (or will do once approved)",
    required: ["changeRequest", "result", "findings", "reach"],
    properties: {
      changeRequest: ref("ChangeRequestRef"),
      result: ref("OperationResult"),
      findings: { type: "array", items: ref("Finding") },
      reach: {
        type: "object",
        description: "Who gains or loses access",
        properties: { gained: { type: "integer" }, lost: { type: "integer" }, clientsGaining: { type: "integer" }, clientsLosing: { type: "integer" } },
      },
    },
  },
  ChangeResult: {
    type: "object",
    required: ["changeRequest", "results"],
    properties: {
      changeRequest: ref("ChangeRequestRef"),
      results: { type: "array", items: ref("OperationResult") },
      findings: { type: "array", items: ref("Finding") },
    },
  },
  Page: {
    type: "object",
    required: ["items", "total", "nextCursor"],
    properties: { items: { type: "array", items: { type: "object" } }, total: { type: "integer" }, nextCursor: { type: ["string", "null"] } },
  },
  ApiToken: {
    type: "object",
    properties: {
      id: { type: "string" },
      name: { type: "string" },
      access: { type: "string", enum: ["read", "write"] },
      prefix: { type: "string" },
      expiresAt: { type: ["string", "null"], format: "date-time" },
      token: { type: "string", description: "Returned once, at creation" },
    },
  },
};

const sessionOnly = [{ sessionCookie: [] }];

export function openApiDocument(): Json {
  const schemas: Record<string, Json> = { ...commonSchemas };
  for (const e of catalogApiEntities) {
    schemas[`${pascal(e.entity)}Create`] = inputSchema(e.create);
    schemas[`${pascal(e.entity)}Update`] = inputSchema(e.update);
  }
  schemas.ChangeInput = inputSchema(changeInput);
  schemas.ApiTokenInput = inputSchema(apiTokenInput);

  const paths: Record<string, Json> = Object.assign({}, ...catalogApiEntities.map(entityPaths));
  Object.assign(paths, {
    "/api/v1/changes": {
      get: {
        operationId: "listChanges",
        summary: "Change requests, newest first",
        tags: ["changes"],
        parameters: queryParameters(changeListParams),
        responses: { 200: json(ref("Page"), "A page of change requests"), ...readErrors },
      },
      post: {
        operationId: "submitChange",
        summary: "Submit a change request of several operations, applied atomically",
        tags: ["changes"],
        requestBody: { required: true, content: { "application/json": { schema: ref("ChangeInput") } } },
        responses: { 201: json(ref("ChangeResult"), "The change request"), ...readErrors, 404: errors[404], 409: errors[409] },
      },
    },
    "/api/v1/changes/{number}": {
      parameters: [{ name: "number", in: "path", required: true, schema: { type: "integer", minimum: 1 } }],
      get: {
        operationId: "getChange",
        summary: "One change request with its operations and audit events",
        tags: ["changes"],
        responses: { 200: json({ type: "object" }, "The change request"), 401: errors[401], 403: errors[403], 404: errors[404] },
      },
    },
    "/api/v1/audit": {
      get: {
        operationId: "listAuditEvents",
        summary: "Audit events, newest first; pass nextBefore as ?before= for the next page",
        tags: ["audit"],
        parameters: queryParameters(eventListParams),
        responses: {
          200: json(
            { type: "object", properties: { items: { type: "array", items: { type: "object" } }, nextBefore: { type: ["integer", "null"] } } },
            "A page of audit events",
          ),
          ...readErrors,
        },
      },
    },
    "/api/v1/audit/verify": {
      get: {
        operationId: "verifyAuditChain",
        summary: "Walk the audit log's hash chain",
        tags: ["audit"],
        responses: { 200: json({ type: "object" }, "{ ok, events, head } or { ok: false, brokenAt, reason }"), 401: errors[401], 403: errors[403] },
      },
    },
    "/api/v1/audit/export": {
      get: {
        operationId: "exportAuditEvents",
        summary: "Every audit event matching the list's filters, oldest first, streamed as CSV or NDJSON (content-disposition: attachment)",
        tags: ["audit"],
        parameters: queryParameters(exportParams),
        responses: {
          200: { description: "The export", content: { "text/csv": { schema: { type: "string" } }, "application/x-ndjson": { schema: { type: "string" } } } },
          ...readErrors,
        },
      },
    },
    "/api/v1/audit/stream": {
      get: {
        operationId: "followAuditEvents",
        summary: "NDJSON that follows the trail: events after ?after=, then new ones as they are appended, until maxSeconds; resume with the last seq",
        tags: ["audit"],
        parameters: queryParameters(followParams),
        responses: { 200: { description: "One event per line", content: { "application/x-ndjson": { schema: { type: "string" } } } }, ...readErrors },
      },
    },
    "/api/v1/drift": {
      get: {
        operationId: "listDrift",
        summary: "Drift findings (expired grants, unused scopes, privileged clients, stale credentials, open claim rules, ownerless profiles), each with its fix",
        tags: ["drift"],
        parameters: queryParameters(driftParams),
        responses: { 200: json({ type: "object" }, "{ items, counts, notes, policy }"), ...readErrors },
      },
    },
    "/api/v1/drift/fix": {
      post: {
        operationId: "fixDrift",
        summary: "Opens the narrowing change request for one finding ({ key }); 200 with the open one when it exists already",
        tags: ["drift"],
        requestBody: { required: true, content: { "application/json": { schema: { type: "object", required: ["key"], properties: { key: { type: "string" } } } } } },
        responses: { 201: json({ type: "object" }, "The change request opened"), 200: json({ type: "object" }, "A change request already proposes this fix"), ...errors },
      },
    },
    "/api/v1/reviews": {
      get: { operationId: "listAccessReviews", summary: "Access reviews, open ones first", tags: ["reviews"], responses: { 200: json({ type: "object" }, "{ items }"), 401: errors[401], 403: errors[403] } },
      post: {
        operationId: "startAccessReview",
        summary: "Starts a campaign over a domain's or an environment's bindings (admin)",
        tags: ["reviews"],
        requestBody: { required: true, content: { "application/json": { schema: inputSchema(startReviewInput) } } },
        responses: { 201: json({ type: "object" }, "{ id, name, items }"), ...errors },
      },
    },
    "/api/v1/reviews/{id}": {
      parameters: [idParam],
      get: { operationId: "getAccessReview", summary: "One access review with its items", tags: ["reviews"], responses: { 200: json({ type: "object" }, "The review"), 401: errors[401], 403: errors[403], 404: errors[404] } },
    },
    "/api/v1/reviews/{id}/items/{itemId}": {
      parameters: [idParam, { name: "itemId", in: "path", required: true, schema: { type: "string", minLength: 1, maxLength: 64 } }],
      post: {
        operationId: "decideAccessReviewItem",
        summary: "Confirms or revokes one binding under review (approver, admin)",
        tags: ["reviews"],
        requestBody: { required: true, content: { "application/json": { schema: inputSchema(decideInput) } } },
        responses: { 200: json({ type: "object" }, "The decision"), ...errors },
      },
    },
    "/api/v1/reviews/{id}/complete": {
      parameters: [idParam],
      post: {
        operationId: "completeAccessReview",
        summary: "Completes a review (admin): all revocations become one change request; 409 while decisions are pending",
        tags: ["reviews"],
        responses: { 200: json({ type: "object" }, "{ confirmed, revoked, changeRequest }"), ...errors },
      },
    },
    "/api/v1/refs": {
      get: {
        operationId: "catalogRefs",
        summary: "Ids and names of environments and domains, for building requests",
        tags: ["catalog"],
        responses: { 200: json({ type: "object" }, "Environments and domains"), 401: errors[401], 403: errors[403] },
      },
    },
    "/api/v1/api-tokens": {
      get: {
        operationId: "listApiTokens",
        summary: "API tokens (metadata only). Admin session only: an API token cannot manage tokens",
        tags: ["api-tokens"],
        security: sessionOnly,
        responses: {
          200: json({ type: "object", properties: { items: { type: "array", items: ref("ApiToken") } } }, "The API tokens"),
          401: errors[401],
          403: errors[403],
        },
      },
      post: {
        operationId: "createApiToken",
        summary: "Create an API token; the answer carries the token, this once. Admin session only",
        tags: ["api-tokens"],
        security: sessionOnly,
        requestBody: { required: true, content: { "application/json": { schema: ref("ApiTokenInput") } } },
        responses: { 201: json(ref("ApiToken"), "The new token, with `token` shown once"), ...readErrors },
      },
    },
    "/api/v1/api-tokens/{id}": {
      parameters: [idParam],
      delete: {
        operationId: "revokeApiToken",
        summary: "Revoke an API token. Admin session only",
        tags: ["api-tokens"],
        security: sessionOnly,
        responses: { 200: json({ type: "object" }, "{ id, revokedAt }"), 401: errors[401], 403: errors[403], 404: errors[404] },
      },
    },
    "/api/v1/openapi.json": {
      get: {
        operationId: "openApiDocument",
        summary: "This document",
        tags: ["meta"],
        security: [],
        responses: { 200: json({ type: "object" }, "OpenAPI 3.1") },
      },
    },
  });

  return {
    openapi: "3.1.0",
    info: {
      title: "Perimeter API",
      version: "1",
      description: [
        "The control plane for OAuth scopes and infrastructure resource profiles.",
        "Every write is a change request through the one write path: catalog endpoints take the object's fields as the JSON body,",
        "and the change request's title and reason as the optional ?title= and ?reason= query parameters.",
        "Writes answer { changeRequest, result, findings, reach }: 201/200 when applied at once, 202 when the change request",
        "waits for approval (protected environments, higher risk). Errors are RFC 9457 problem details",
        "(application/problem+json) whose errors[].field names the failing body field.",
        "Authenticate with 'Authorization: Bearer pmt_api_…' (an API token; read tokens may only read)",
        "or a console session (writes from a session must be sent as application/json).",
      ].join(" "),
    },
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "pmt_api_…", description: "An API token created by an admin" },
        sessionCookie: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "A console session" },
      },
    },
  };
}
