import { z } from "zod";
import { db } from "@/lib/db/client";
import { validationError } from "@/lib/errors";
import { runGraphIncident } from "@/lib/graph/incident";
import { jsonBody, route } from "@/lib/http/route";

const input = z.object({
  action: z.enum(["suspend", "revokeCredentials", "revokeTokens"]),
  clientId: z.string().trim().min(1, "is required").max(200),
  reason: z.string().trim().max(500).optional(),
});

/** Emergency action on a client (admins): { action: suspend | revokeCredentials | revokeTokens, clientId, reason? } */
export const POST = route("change.emergency", async ({ actor, req }) => {
  const parsed = input.safeParse(await jsonBody(req));
  if (!parsed.success) throw validationError(parsed.error.issues);
  return Response.json(await runGraphIncident(db(), actor, parsed.data), { status: 201, headers: { "cache-control": "no-store" } });
});
