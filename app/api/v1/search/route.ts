import { searchCatalog, searchQueryParams } from "@/lib/catalog/queries/search";
import { db } from "@/lib/db/client";
import { validationError } from "@/lib/errors";
import { route } from "@/lib/http/route";

/** Global search: ?q=orders-db&limit=20 -> { q, items: [{ kind, id, name, description, href }] } */
export const GET = route("catalog.read", async ({ req }) => {
  const parsed = searchQueryParams.safeParse(Object.fromEntries(new URL(req.url).searchParams));
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { q, limit } = parsed.data;
  const items = await searchCatalog(db(), q, limit);
  return Response.json({ q, items }, { headers: { "cache-control": "no-store" } });
});
