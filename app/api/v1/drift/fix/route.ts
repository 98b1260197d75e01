import { db } from "@/lib/db/client";
import { fixDrift } from "@/lib/drift/fix";
import { jsonBody, route } from "@/lib/http/route";

/** Opens the narrowing change request for one finding: { key }. 201 with the change request, or 200 when one is already open. */
export const POST = route("change.create", async ({ actor, req }) => {
  const body = (await jsonBody(req)) as { key?: unknown } | null;
  const result = await fixDrift(db(), { actor, key: body?.key });
  return Response.json(result, { status: result.existing ? 200 : 201, headers: { "cache-control": "no-store" } });
});
