import { applyCatalog } from "@/lib/ascode/apply-catalog";
import { db } from "@/lib/db/client";
import { jsonBody, route } from "@/lib/http/route";

/** { state, prune?, planHash?, source? } -> opens (or finds) the change request for the plan. */
export const POST = route("change.create", async ({ actor, req }) => {
  const out = await applyCatalog(db(), { actor, input: await jsonBody(req) });
  const status = out.changeRequest && !out.reused ? 201 : 200;
  return Response.json(out, { status, headers: { "cache-control": "no-store" } });
});
