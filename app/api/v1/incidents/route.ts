import { db } from "@/lib/db/client";
import { jsonBody, route } from "@/lib/http/route";
import { runIncidentAction } from "@/lib/oauth/incidents";

/**
 * Incident actions (admins): { action: "revoke_tokens", clientId | profileId | resourceId, reason? }
 * revokes every live token of a client, of a profile, or that reaches a resource ("prod/orders-db" or an id);
 * { action: "suspend_client", clientId, reason? } suspends the client (an emergency change request) and revokes its tokens.
 */
export const POST = route("change.emergency", async ({ actor, req }) => {
  const result = await runIncidentAction(db(), actor, await jsonBody(req));
  return Response.json(result, { headers: { "cache-control": "no-store" } });
});
