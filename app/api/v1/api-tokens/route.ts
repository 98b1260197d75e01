import type { Actor } from "@/lib/auth/permissions";
import { createApiToken, listApiTokens } from "@/lib/api-tokens/manage-api-tokens";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { jsonBody, route } from "@/lib/http/route";

/** API tokens are managed by a signed-in admin: an API token never mints or lists API tokens. */
function requireSession(actor: Actor) {
  if (actor.kind !== "user") throw new AppError("forbidden", "API tokens are managed from a signed-in admin session, not with an API token.");
}

/** The API tokens, newest first: metadata only (never the token or its hash). */
export const GET = route("apiToken.manage", async ({ actor }) => {
  requireSession(actor);
  return Response.json({ items: await listApiTokens(db()) }, { headers: { "cache-control": "no-store" } });
});

/** Creates a token: { name, access: "read" | "write", expiresInDays }. The answer carries the token, this once. */
export const POST = route("apiToken.manage", async ({ actor, req }) => {
  requireSession(actor);
  const created = await createApiToken(db(), { actor, input: await jsonBody(req) });
  return Response.json(created, { status: 201, headers: { "cache-control": "no-store", location: `/api/v1/api-tokens/${created.id}` } });
});
