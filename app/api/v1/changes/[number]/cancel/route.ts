import { changeIdFromNumber } from "@/lib/changes/queries/change-id";
import { cancelChange } from "@/lib/changes/workflow/review";
import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";

export const POST = route<{ number: string }>("change.create", async ({ actor, params }) =>
  cancelChange(db(), { actor, id: await changeIdFromNumber(db(), params.number) }),
);
