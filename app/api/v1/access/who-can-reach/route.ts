import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseWith, reachParams } from "@/lib/graph/params";
import { whoCanReach } from "@/lib/graph/queries";
import { modelAt } from "@/lib/graph/source";
import { route } from "@/lib/http/route";

/** Every client that can act on a resource, with the grants: ?resource=prod/orders-db&action=write&at=<ISO> */
export const GET = route("catalog.read", async ({ req }) => {
  const p = parseWith(reachParams, new URL(req.url).searchParams);
  const { model, at } = await modelAt(db(), p.at);
  const answer = whoCanReach(model, { resource: p.resource, action: p.action, at });
  if (!answer) throw new AppError("not_found", `there is no resource ${p.resource}`, [{ field: "resource", message: "no resource with this id or environment/name" }]);
  return Response.json(answer, { headers: { "cache-control": "no-store" } });
});
