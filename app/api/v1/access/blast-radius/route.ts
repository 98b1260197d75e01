import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { blastParams, parseWith } from "@/lib/graph/params";
import { blastRadius } from "@/lib/graph/queries";
import { modelAt } from "@/lib/graph/source";
import { route } from "@/lib/http/route";

/** Everything a client reaches, counted by environment: ?client=ci-orders&at=<ISO> */
export const GET = route("catalog.read", async ({ req }) => {
  const p = parseWith(blastParams, new URL(req.url).searchParams);
  const { model, at } = await modelAt(db(), p.at);
  const answer = blastRadius(model, { client: p.client, at });
  if (!answer) throw new AppError("not_found", `there is no client ${p.client}`, [{ field: "client", message: "no client with this id or name" }]);
  return Response.json(answer, { headers: { "cache-control": "no-store" } });
});
