import { db } from "@/lib/db/client";
import { getDrill } from "@/lib/drills/queries";
import { rollBackDrill } from "@/lib/drills/rollback";
import { route } from "@/lib/http/route";

/** Opens the revert of each containment change a completed drill applied (admins). */
export const POST = route<{ id: string }>("change.emergency", async ({ actor, params }) => {
  const { id } = await getDrill(db(), params.id);
  return Response.json(await rollBackDrill(db(), { actor, id }), { status: 201 });
});
