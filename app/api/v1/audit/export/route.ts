import { exportEvents } from "@/lib/audit/export";
import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/**
 * Every audit event matching the list's filters, oldest first, streamed:
 * ?format=csv|ndjson&actor=&action=&type=&cr=&from=&to=&q=&client=&profile=&after=<seq>
 */
export const GET = route("audit.read", async ({ req }) => {
  const { stream, contentType, filename } = await exportEvents(db(), Object.fromEntries(new URL(req.url).searchParams));
  return new Response(stream, {
    headers: {
      "content-type": contentType,
      "content-disposition": `attachment; filename="${filename}"`,
      // no-transform: a compressing proxy (or Next's own compression) must not buffer the stream
      "cache-control": "no-store, no-transform",
      "x-content-type-options": "nosniff",
    },
  });
});
