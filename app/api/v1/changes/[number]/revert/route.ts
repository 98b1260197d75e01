import { changeIdFromNumber } from "@/lib/changes/queries/change-id";
import { revertChange } from "@/lib/changes/workflow/revert-change";
import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";

/** Opens the inverse of an applied request, reviewed like any other. */
export const POST = route<{ number: string }>("change.create", async ({ actor, params }) => {
  const result = await revertChange(db(), { actor, id: await changeIdFromNumber(db(), params.number) });
  return Response.json(result, { status: 201 });
});
