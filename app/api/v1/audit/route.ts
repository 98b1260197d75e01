import { listEvents } from "@/lib/audit/queries/list-events";
import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";

/** Audit events, newest first: ?before=<seq>&limit=&actor=&action=&type=&cr=&from=&to=&q=&client=&profile= */
export const GET = route("audit.read", async ({ req }) => listEvents(db(), Object.fromEntries(new URL(req.url).searchParams)));
