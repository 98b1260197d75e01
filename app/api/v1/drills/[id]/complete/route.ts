import { db } from "@/lib/db/client";
import { completeDrill } from "@/lib/drills/complete-drill";
import { getDrill } from "@/lib/drills/queries";
import { route } from "@/lib/http/route";

/** Completes a drill and writes its report (admins). */
export const POST = route<{ id: string }>("change.emergency", async ({ actor, params }) => {
  const { id } = await getDrill(db(), params.id);
  return completeDrill(db(), { actor, id });
});
