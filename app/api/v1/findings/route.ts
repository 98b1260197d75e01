import { searchParamsObject } from "@/lib/catalog/queries/paging";
import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";
import { listFindings } from "@/lib/policy/all-findings";

// ?check=&severity=&environment=&q=&limit= -> { items, total }
export const GET = route("catalog.read", async ({ req }) => {
  const { check, severity, environment, q, limit } = searchParamsObject(new URL(req.url).searchParams);
  return listFindings(db(), { checkId: check, severity, environment, q, limit });
});
