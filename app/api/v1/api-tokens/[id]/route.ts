import { revokeApiToken } from "@/lib/api-tokens/manage-api-tokens";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";

/** Revokes the token: { id, revokedAt }. Revoking twice is harmless. Only a signed-in admin may; an API token never manages tokens. */
export const DELETE = route<{ id: string }>("apiToken.manage", async ({ actor, params }) => {
  if (actor.kind !== "user") throw new AppError("forbidden", "API tokens are managed from a signed-in admin session, not with an API token.");
  return revokeApiToken(db(), { actor, id: params.id });
});
