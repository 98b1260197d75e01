import { changeIdFromNumber } from "@/lib/changes/queries/change-id";
import { applyChangeRequest } from "@/lib/changes/workflow/apply-change";
import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";

/** Applies an approved request; 409 when it is not approved, already applied, or stale. */
export const POST = route<{ number: string }>("change.create", async ({ actor, params }) =>
  applyChangeRequest(db(), { actor, id: await changeIdFromNumber(db(), params.number) }),
);
