// Paths of audit and drift: the event list, chain verification, export and
// follow stream, drift findings and their fixes, and access reviews.
import { exportParams } from "../../audit/export";
import { followParams } from "../../audit/follow";
import { eventListParams } from "../../audit/queries/list-events";
import { driftParams } from "../../drift/load";
import { decideInput, startReviewInput } from "../../reviews/schemas";
import { body, errors, idParam, inputSchema, json, pathParam, queryParameters, readErrors, ref, type Paths } from "./tools";

export function auditPaths(): Paths {
  return {
    "/api/v1/audit": {
      get: {
        operationId: "listAuditEvents",
        summary: "Audit events, newest first; pass nextBefore as ?before= for the next page",
        tags: ["audit"],
        parameters: queryParameters(eventListParams),
        responses: {
          200: json(
            { type: "object", required: ["items", "nextBefore"], properties: { items: { type: "array", items: ref("AuditEvent") }, nextBefore: { type: ["integer", "null"] }, searchedFrom: { type: "integer" } } },
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
        responses: { 200: json(ref("ChainVerification"), "{ ok, events, head } or { ok: false, brokenAt, reason }"), 401: errors[401], 403: errors[403] },
      },
    },
    "/api/v1/audit/checkpoints": {
      get: {
        operationId: "listAuditCheckpoints",
        summary: "Signed audit checkpoints (chain head: seq, hash, time; a compact JWS by the token service's key, verifiable with /oauth/jwks), newest first",
        tags: ["audit"],
        parameters: [
          { name: "limit", in: "query", required: false, schema: { type: "integer", minimum: 1, maximum: 1000, default: 100 } },
          { name: "before", in: "query", required: false, schema: { type: "integer", minimum: 1 }, description: "only checkpoints of sequences below this" },
        ],
        responses: {
          200: json(
            {
              type: "object",
              properties: {
                checkpoints: {
                  type: "array",
                  items: { type: "object", properties: { seq: { type: "integer" }, hash: { type: "string" }, at: { type: "string", format: "date-time" }, kid: { type: "string" }, jws: { type: "string" } } },
                },
              },
            },
            "The checkpoints; `npm run audit:verify -- --checkpoints <this URL>` proves the database still extends them",
          ),
          ...readErrors,
        },
      },
      post: {
        operationId: "createAuditCheckpoint",
        summary: "Sign the chain head now (admins); also sent to webhooks subscribed to audit.checkpoint and written to PERIMETER_CHECKPOINT_DIR",
        tags: ["audit"],
        responses: {
          201: json({ type: "object", properties: { seq: { type: "integer" }, hash: { type: "string" }, at: { type: "string" }, kid: { type: "string" }, jws: { type: "string" } } }, "The new checkpoint"),
          401: errors[401],
          403: errors[403],
          409: errors[409],
        },
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
        responses: { 200: json(ref("DriftReport"), "{ items, counts, notes, policy }"), ...readErrors },
      },
    },
    "/api/v1/drift/fix": {
      post: {
        operationId: "fixDrift",
        summary: "Opens the narrowing change request for one finding ({ key }); 200 with the open one when it exists already",
        tags: ["drift"],
        requestBody: body({ type: "object", required: ["key"], properties: { key: { type: "string" } } }),
        responses: { 201: json(ref("DriftFixResult"), "The change request opened"), 200: json(ref("DriftFixResult"), "A change request already proposes this fix"), ...errors },
      },
    },
    "/api/v1/reviews": {
      get: { operationId: "listAccessReviews", summary: "Access reviews, open ones first", tags: ["reviews"], responses: { 200: json({ type: "object", required: ["items"], properties: { items: { type: "array", items: ref("AccessReviewRow") } } }, "{ items }"), 401: errors[401], 403: errors[403] } },
      post: {
        operationId: "startAccessReview",
        summary: "Starts a campaign over a domain's or an environment's bindings (admin)",
        tags: ["reviews"],
        requestBody: body(inputSchema(startReviewInput)),
        responses: { 201: json(ref("ReviewStarted"), "{ id, name, items }"), ...errors },
      },
    },
    "/api/v1/reviews/{id}": {
      parameters: [idParam],
      get: { operationId: "getAccessReview", summary: "One access review with its items", tags: ["reviews"], responses: { 200: json(ref("AccessReview"), "The review"), 401: errors[401], 403: errors[403], 404: errors[404] } },
    },
    "/api/v1/reviews/{id}/items/{itemId}": {
      parameters: [idParam, pathParam("itemId")],
      post: {
        operationId: "decideAccessReviewItem",
        summary: "Confirms or revokes one binding under review (approver, admin)",
        tags: ["reviews"],
        requestBody: body(inputSchema(decideInput)),
        responses: { 200: json(ref("ReviewItemDecision"), "The decision"), ...errors },
      },
    },
    "/api/v1/reviews/{id}/complete": {
      parameters: [idParam],
      post: {
        operationId: "completeAccessReview",
        summary: "Completes a review (admin): all revocations become one change request; 409 while decisions are pending",
        tags: ["reviews"],
        responses: { 200: json(ref("ReviewCompleted"), "{ confirmed, revoked, changeRequest }"), ...errors },
      },
    },
  };
}
