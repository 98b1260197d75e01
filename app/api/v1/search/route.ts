import { z } from "zod";
import { searchCatalog } from "@/lib/catalog/queries/search";
import { db } from "@/lib/db/client";
import { validationError } from "@/lib/errors";
import { route } from "@/lib/http/route";

const params = z.object({
  q: z.string().max(100, "must be at most 100 characters").default(""),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

/** Global search: ?q=orders-db&limit=20 -> { q, items: [{ kind, id, name, description, href }] } */
export const GET = route("catalog.read", async ({ req }) => {
  const parsed = params.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { q, limit } = parsed.data;
  const items = await searchCatalog(db(), q, limit);
  return Response.json({ q, items }, { headers: { "cache-control": "no-store" } });
});
