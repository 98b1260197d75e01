import { changeIdFromNumber } from "@/lib/changes/queries/change-id";
import { commentOnChange } from "@/lib/changes/workflow/review";
import { db } from "@/lib/db/client";
import { jsonBody, route } from "@/lib/http/route";

/** { body } */
export const POST = route<{ number: string }>("change.read", async ({ actor, req, params }) => {
  const result = await commentOnChange(db(), { actor, id: await changeIdFromNumber(db(), params.number), input: await jsonBody(req) });
  return Response.json(result, { status: 201 });
});
