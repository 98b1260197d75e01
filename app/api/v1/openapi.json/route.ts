import { openApiDocument } from "@/lib/http/openapi";

/** The OpenAPI 3.1 document for /api/v1: public, so clients and tools can read it before they hold a token. */
export function GET(): Response {
  return Response.json(openApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}
