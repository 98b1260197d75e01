import { db } from "@/lib/db/client";
import { takeDrillAction } from "@/lib/drills/act";
import { getDrill } from "@/lib/drills/queries";
import { jsonBody, route } from "@/lib/http/route";

/** A real incident action on the drilled client (admins): { action: "suspend" | "revokeTokens" | "revokeCredentials" }. */
export const POST = route<{ id: string }>("change.emergency", async ({ actor, req, params }) => {
  const { id } = await getDrill(db(), params.id);
  return takeDrillAction(db(), { actor, id, input: await jsonBody(req) });
});
