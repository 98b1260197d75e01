import { db } from "@/lib/db/client";
import { parseGraphParams } from "@/lib/graph/params";
import { graphView } from "@/lib/graph/view";
import { route } from "@/lib/http/route";

/**
 * The access graph: clients -> profiles -> scopes -> resources.
 * ?env=&domain=&clientKind=&resourceKind=&action= filter (paths stay whole);
 * ?focus=<node id>&depth=1..3&expand=&collapse= narrow to a neighbourhood;
 * ?aggregate=auto|on|off&budget=&open=<domain ids> aggregate by domain;
 * ?at=<ISO> the catalog at a past instant; ?change=<number> a pending change's overlay.
 */
export const GET = route("catalog.read", async ({ req }) => {
  const view = await graphView(db(), parseGraphParams(new URL(req.url).searchParams));
  return Response.json(view, { headers: { "cache-control": "no-store" } });
});
