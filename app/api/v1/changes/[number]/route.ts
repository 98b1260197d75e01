import { getChange } from "@/lib/changes/queries/get-change";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";

/** One change request with its operations (field diffs) and audit events. */
export const GET = route<{ number: string }>("change.read", async ({ params }) => {
  const change = await getChange(db(), params.number);
  if (!change) throw new AppError("not_found", `There is no change request CR-${params.number}.`);
  return change;
});
