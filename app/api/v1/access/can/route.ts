import { db } from "@/lib/db/client";
import { canParams, parseWith } from "@/lib/graph/params";
import { explainCan } from "@/lib/graph/queries";
import { modelAt } from "@/lib/graph/source";
import { route } from "@/lib/http/route";

/**
 * "Can client C do action A on resource R?" for the console:
 * ?client=ci-orders&resource=prod/orders-db&action=write&at=<ISO>
 * -> { allow, grants: [{ via, profile, scope, path }], path } or { allow: false, reason }.
 * (The decision API is the hot path for machines; this one explains.)
 */
export const GET = route("catalog.read", async ({ req }) => {
  const p = parseWith(canParams, new URL(req.url).searchParams);
  const { model, at } = await modelAt(db(), p.at);
  return Response.json(explainCan(model, { client: p.client, resource: p.resource, action: p.action, at }), { headers: { "cache-control": "no-store" } });
});
