import { db } from "@/lib/db/client";
import { cancelDrill } from "@/lib/drills/complete-drill";
import { getDrill } from "@/lib/drills/queries";
import { route } from "@/lib/http/route";

/** Cancels a scheduled or running drill (admins). */
export const POST = route<{ id: string }>("change.emergency", async ({ actor, params }) => {
  const { id } = await getDrill(db(), params.id);
  return cancelDrill(db(), { actor, id });
});
