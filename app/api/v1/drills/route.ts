import { db } from "@/lib/db/client";
import { getDrill, listDrills } from "@/lib/drills/queries";
import { startDrill } from "@/lib/drills/start-drill";
import { jsonBody, route } from "@/lib/http/route";

/** Breach drills, newest first. */
export const GET = route("audit.read", async () => ({ items: await listDrills(db()) }));

/**
 * Declares a client compromised in drill mode (editors and up; containing it takes an admin): { clientId (id or name), reason?, scheduledFor? (ISO) }.
 * Mints a canary token, captures the blast radius and starts the clock; a future scheduledFor only schedules it.
 */
export const POST = route("drill.start", async ({ actor, req }) => {
  const { id } = await startDrill(db(), { actor, input: await jsonBody(req) });
  // answered as GET /api/v1/drills/{id} answers: instances and blast radius parsed, the timeline so far
  return Response.json(await getDrill(db(), id), { status: 201, headers: { "cache-control": "no-store" } });
});
