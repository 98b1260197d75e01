// Paths of the token service's administration and the machine endpoints
// under /api/v1: decisions, incident actions, signing keys, trusted issuers
// and API tokens. (The OAuth endpoints themselves are described by the RFC
// 8414 metadata at /.well-known/oauth-authorization-server.)
import { MAX_BATCH } from "../../decisions/decide";
import { graphIncidentInput } from "../../graph/params";
import { incidentInput } from "../../oauth/incidents";
import { trustedIssuerInput } from "../../oauth/trusted-issuers";
import { body, errors, idParam, inputSchema, json, readErrors, ref, sessionOnly, type Paths } from "./tools";

const apiTokenOnly = [{ bearerAuth: [] }];
const itemsOf = (name: string) => ({ type: "object", required: ["items"], properties: { items: { type: "array", items: ref(name) } } });

export function tokenServicePaths(): Paths {
  return {
    "/api/v1/decisions": {
      post: {
        operationId: "decide",
        summary: `Allow or deny { client | token, resource, action }, or a batch { requests: [...] } of at most ${MAX_BATCH}, answered from the in-memory read model and counted in the audit aggregates`,
        tags: ["decisions"],
        security: apiTokenOnly,
        // the branches exclude each other by their required members: a batch is whatever has `requests`
        // (the server reads it as one), a single request never has it; a single answer has `decision`, a batch's `results`
        requestBody: body({
          oneOf: [
            { allOf: [ref("DecisionRequest")], not: { required: ["requests"] } },
            { type: "object", required: ["requests"], properties: { requests: { type: "array", minItems: 1, maxItems: MAX_BATCH, items: ref("DecisionRequest") } } },
          ],
        }),
        responses: {
          200: json(
            {
              oneOf: [
                { allOf: [ref("Decision")], not: { required: ["results"] } },
                { type: "object", required: ["results"], not: { required: ["decision"] }, properties: { results: { type: "array", items: ref("Decision") } } },
              ],
            },
            "The decision, or the batch's in order",
          ),
          400: errors[400],
          401: errors[401],
        },
      },
    },
    "/api/v1/incidents": {
      post: {
        operationId: "incidentAction",
        summary: "Revoke every live token of a client, of a profile or that reaches a resource; or suspend a client (an emergency change request) and revoke its tokens. Admins only; audited",
        tags: ["incidents"],
        requestBody: body(inputSchema(incidentInput)),
        responses: { 200: json(ref("IncidentResult"), "{ action, target, revoked, changeRequest? }"), ...errors },
      },
    },
    "/api/v1/graph/incident": {
      post: {
        operationId: "graphIncidentAction",
        summary: "The graph's emergency actions on a client: suspend, revoke its credentials, or revoke its tokens (admins; break-glass, reviewed afterwards)",
        tags: ["incidents"],
        requestBody: body(inputSchema(graphIncidentInput)),
        responses: { 201: json(ref("GraphIncidentResult"), "{ action, client, changeRequest, revoked, message }"), ...errors },
      },
    },
    "/api/v1/signing-keys": {
      get: {
        operationId: "listSigningKeys",
        summary: "The token service's signing keys (public parts), active and retired",
        tags: ["token-service"],
        responses: { 200: json(itemsOf("SigningKey"), "{ items }"), 401: errors[401], 403: errors[403] },
      },
    },
    "/api/v1/signing-keys/rotate": {
      post: {
        operationId: "rotateSigningKey",
        summary: "A new key signs from now on; the old one stays published until its tokens expire. Admins only",
        tags: ["token-service"],
        responses: { 201: json(ref("RotatedKey"), "The new and the retired key"), 401: errors[401], 403: errors[403], 409: errors[409] },
      },
    },
    "/api/v1/trusted-issuers": {
      get: {
        operationId: "listTrustedIssuers",
        summary: "OIDC issuers whose tokens may be exchanged (RFC 8693)",
        tags: ["token-service"],
        responses: { 200: json(itemsOf("TrustedIssuer"), "{ items }"), 401: errors[401], 403: errors[403] },
      },
      post: {
        operationId: "trustIssuer",
        summary: "Trust an issuer, with its keys (jwks) or their URL (jwksUri). Admins only",
        tags: ["token-service"],
        requestBody: body(inputSchema(trustedIssuerInput)),
        responses: { 201: json(ref("TrustedIssuer"), "The trusted issuer"), ...readErrors, 409: errors[409] },
      },
    },
    "/api/v1/trusted-issuers/{id}": {
      parameters: [idParam],
      delete: {
        operationId: "distrustIssuer",
        summary: "Stop trusting an issuer: its tokens can no longer be exchanged. Admins only",
        tags: ["token-service"],
        responses: { 200: json(ref("TrustedIssuer"), "The issuer removed"), 401: errors[401], 403: errors[403], 404: errors[404] },
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
        requestBody: body(ref("ApiTokenInput")),
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
        responses: { 200: json(ref("RevokedApiToken"), "{ id, revokedAt }"), 401: errors[401], 403: errors[403], 404: errors[404] },
      },
    },
  };
}
