import { listChanges } from "@/lib/changes/queries/list-changes";
import { openChange } from "@/lib/changes/workflow/open-change";
import { db } from "@/lib/db/client";
import { jsonBody, route } from "@/lib/http/route";

/** Change requests, newest first: ?status=&author=&q=&cursor=&limit= */
export const GET = route("change.read", async ({ req }) => listChanges(db(), Object.fromEntries(new URL(req.url).searchParams)));

/**
 * Opens a change request: { title, reason, expiresAt?, operations[] }. It is
 * applied at once when the approval rules need no review; otherwise it waits
 * for approvals (status "open").
 */
export const POST = route("change.create", async ({ actor, req }) => {
  // the perimeter CLI says so (x-perimeter-client: cli), so its changes are recorded as from the CLI
  const source = req.headers.get("x-perimeter-client") === "cli" ? "cli" : "api";
  const result = await openChange(db(), { actor, source, input: await jsonBody(req) });
  return Response.json(result, { status: 201, headers: { "cache-control": "no-store" } });
});
