import { changeIdFromNumber } from "@/lib/changes/queries/change-id";
import { reviewEmergency } from "@/lib/changes/workflow/emergency-review";
import { db } from "@/lib/db/client";
import { jsonBody, route } from "@/lib/http/route";

/** After-the-fact review of an emergency change: { decision: "confirm" | "revert", comment? } (a revert needs a comment). */
export const POST = route<{ number: string }>("change.approve", async ({ actor, req, params }) =>
  reviewEmergency(db(), { actor, id: await changeIdFromNumber(db(), params.number), input: await jsonBody(req) }),
);
