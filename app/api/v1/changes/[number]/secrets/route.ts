import { changeIdFromNumber } from "@/lib/changes/queries/change-id";
import { revealSecrets } from "@/lib/changes/workflow/secret-delivery";
import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";

/** The author's new credential secrets on an applied request, once (sealed for them when someone else applied it). */
export const POST = route<{ number: string }>("change.read", async ({ actor, params }) => {
  const secrets = await revealSecrets(db(), { actor, changeRequestId: await changeIdFromNumber(db(), params.number) });
  return Response.json({ secrets }, { headers: { "cache-control": "no-store" } });
});
