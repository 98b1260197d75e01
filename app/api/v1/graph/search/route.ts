import { db } from "@/lib/db/client";
import { parseWith, searchParams } from "@/lib/graph/params";
import { searchModel } from "@/lib/graph/queries";
import { modelAt } from "@/lib/graph/source";
import { route } from "@/lib/http/route";

/** Nodes by name, from the read model (so a past catalog too): ?q=ci-ord&limit=12&at= -> { items: [{ id, kind, name, detail }] } */
export const GET = route("catalog.read", async ({ req }) => {
  const p = parseWith(searchParams, new URL(req.url).searchParams);
  const { model } = await modelAt(db(), p.at);
  return Response.json({ q: p.q, items: searchModel(model, p.q, p.limit) }, { headers: { "cache-control": "no-store" } });
});
