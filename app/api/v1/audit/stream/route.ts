import { followEvents } from "@/lib/audit/follow";
import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/**
 * Follows the audit trail as NDJSON: the events after ?after=<seq> (default 0),
 * then new ones as they are appended (checked every second), until the client
 * disconnects or ?maxSeconds= (default 300, at most 3600) passes. Takes the
 * list's filters too. Resume with ?after=<the last seq received>.
 */
export const GET = route("audit.read", async ({ req }) => {
  const stream = await followEvents(db(), Object.fromEntries(new URL(req.url).searchParams), { signal: req.signal });
  return new Response(stream, {
    headers: {
      "content-type": "application/x-ndjson; charset=utf-8",
      "cache-control": "no-store, no-transform",
      "x-accel-buffering": "no",
      "x-content-type-options": "nosniff",
    },
  });
});
