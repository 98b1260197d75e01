import { changeIdFromNumber } from "@/lib/changes/queries/change-id";
import { reviewChange } from "@/lib/changes/workflow/review";
import { db } from "@/lib/db/client";
import { jsonBody, route } from "@/lib/http/route";

/** { decision: "approve" | "request_changes" | "reject", comment? } */
export const POST = route<{ number: string }>("change.approve", async ({ actor, req, params }) =>
  reviewChange(db(), { actor, id: await changeIdFromNumber(db(), params.number), input: await jsonBody(req) }),
);
