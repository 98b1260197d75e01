// The OpenAPI 3.1 document for /api/v1, generated from the same zod schemas
// that validate requests (request bodies and query parameters), so the
// document cannot drift from what the server accepts. Each path group lives
// in lib/http/openapi/; a test checks every route file is described.
import { apiTokenInput } from "../api-tokens/manage-api-tokens";
import { catalogApiEntities } from "./catalog-api";
import { accessPaths } from "./openapi/access-paths";
import { ascodePaths } from "./openapi/ascode-paths";
import { auditPaths } from "./openapi/audit-paths";
import { catalogPaths, pascal } from "./openapi/catalog-paths";
import { changePaths, changeSchemas } from "./openapi/change-paths";
import { commonSchemas } from "./openapi/components";
import { drillPaths } from "./openapi/drill-paths";
import { responseSchemas } from "./openapi/responses";
import { tokenServicePaths } from "./openapi/token-service-paths";
import { inputSchema, json, type Json } from "./openapi/tools";

export { inputSchema };

export function openApiDocument(): Json {
  const schemas: Record<string, Json> = { ...commonSchemas, ...responseSchemas, ...changeSchemas() };
  for (const e of catalogApiEntities) {
    schemas[`${pascal(e.entity)}Create`] = inputSchema(e.create);
    schemas[`${pascal(e.entity)}Update`] = inputSchema(e.update);
  }
  schemas.ApiTokenInput = inputSchema(apiTokenInput);

  const paths = {
    ...catalogPaths(),
    ...changePaths(),
    ...auditPaths(),
    ...accessPaths(),
    ...tokenServicePaths(),
    ...drillPaths(),
    ...ascodePaths(),
    "/api/v1/openapi.json": {
      get: { operationId: "openApiDocument", summary: "This document", tags: ["meta"], security: [], responses: { 200: json({ type: "object", required: ["openapi", "info", "paths"], properties: { openapi: { type: "string" }, info: { type: "object" }, paths: { type: "object" } } }, "OpenAPI 3.1") } },
    },
  };

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
    // relative to where the document is served: the paths carry /api/v1 themselves
    servers: [{ url: "/", description: "The Perimeter instance serving this document" }],
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
