// Component schemas shared by the path groups: problem details, write
// results, pages, and the decision API's request and answer.
import { ref, type Json } from "./tools";

const fieldError = { type: "object", required: ["field", "message"], properties: { field: { type: "string" }, message: { type: "string" } } };

export const commonSchemas: Record<string, Json> = {
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
  DecisionRequest: {
    type: "object",
    description: "Ask about a client by id or name, or about an access token (its scope decides); exactly one of client and token",
    required: ["resource", "action"],
    properties: {
      client: { type: "string", minLength: 1, maxLength: 200 },
      token: { type: "string", minLength: 1, maxLength: 16384 },
      resource: { type: "string", minLength: 1, maxLength: 300, description: "environment/name, e.g. prod/orders-db" },
      action: { type: "string", pattern: "^(\\*|[a-z][a-z0-9-]{0,31})$" },
    },
  },
  Decision: {
    type: "object",
    required: ["decision", "allow", "resource", "action"],
    properties: {
      decision: { type: "string", enum: ["allow", "deny"] },
      allow: { type: "boolean" },
      client: { type: ["string", "null"] },
      resource: { type: "string" },
      action: { type: "string" },
      profile: { type: "object", description: "The profile version that allows it", properties: { id: { type: "string" }, name: { type: "string" }, version: { type: "integer" } } },
      scope: { type: "object", description: "The scope that allows it", properties: { id: { type: "string" }, name: { type: "string" } } },
      via: {
        type: "object",
        description: "What grants it",
        properties: { kind: { type: "string", enum: ["binding", "claimRule", "token"] }, id: { type: "string" } },
      },
      reason: { type: "string", description: "Why it is denied" },
    },
  },
};
