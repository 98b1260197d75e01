import { planCatalog } from "@/lib/ascode/plan-catalog";
import { db } from "@/lib/db/client";
import { jsonBody, route } from "@/lib/http/route";

/** { state, prune? } -> the plan: operations, hash, and the change request's analysis (nothing is written). */
export const POST = route("catalog.read", async ({ req }) => {
  const plan = await planCatalog(db(), await jsonBody(req));
  return Response.json(plan, { headers: { "cache-control": "no-store" } });
});
