import { checkpointNow } from "@/lib/audit/checkpoint-now";
import { listCheckpoints } from "@/lib/audit/checkpoints";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";

/** Signed audit checkpoints, newest first (?before=<seq> pages; ?limit= up to 1000). */
export const GET = route("audit.read", async ({ req }) => {
  const q = new URL(req.url).searchParams;
  const limit = q.get("limit") === null ? 100 : Number(q.get("limit"));
  const before = q.get("before") === null ? undefined : Number(q.get("before"));
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw AppError.field("limit", "must be a whole number from 1 to 1000");
  if (before !== undefined && (!Number.isInteger(before) || before < 1)) throw AppError.field("before", "must be a positive whole number");
  return Response.json({ checkpoints: await listCheckpoints(db(), { limit, before }) }, { headers: { "cache-control": "no-store" } });
});

/** Signs the chain head now (admins). */
export const POST = route("settings.manage", async ({ actor }) => Response.json(await checkpointNow(db(), { actor }), { status: 201 }));
