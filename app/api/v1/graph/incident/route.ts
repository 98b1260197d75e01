import { db } from "@/lib/db/client";
import { validationError } from "@/lib/errors";
import { runGraphIncident } from "@/lib/graph/incident";
import { graphIncidentInput } from "@/lib/graph/params";
import { jsonBody, route } from "@/lib/http/route";

/** Emergency action on a client (admins): { action: suspend | revokeCredentials | revokeTokens, clientId, reason? } */
export const POST = route("change.emergency", async ({ actor, req }) => {
  const parsed = graphIncidentInput.safeParse(await jsonBody(req));
  if (!parsed.success) throw validationError(parsed.error.issues);
  return Response.json(await runGraphIncident(db(), actor, parsed.data), { status: 201, headers: { "cache-control": "no-store" } });
});
