import { db } from "@/lib/db/client";
import { getDrill } from "@/lib/drills/queries";
import { route } from "@/lib/http/route";

/** One drill (by id or number) with its timeline and, once completed, its report. */
export const GET = route<{ id: string }>("audit.read", async ({ params }) => Response.json(await getDrill(db(), params.id), { headers: { "cache-control": "no-store" } }));
