import { verifyAuditChain } from "@/lib/audit/verify";
import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";

/** Walks the whole hash chain: { ok, events, head } or { ok: false, brokenAt, reason }. */
export const GET = route("audit.read", async () => Response.json(await verifyAuditChain(db()), { headers: { "cache-control": "no-store" } }));
