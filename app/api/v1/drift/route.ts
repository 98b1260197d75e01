import { db } from "@/lib/db/client";
import { listDrift } from "@/lib/drift/load";
import { route } from "@/lib/http/route";

/** Drift findings, most severe first: ?kind=&days=&q= — each with its fix and any change request already proposing it. */
export const GET = route("catalog.read", async ({ req }) => listDrift(db(), Object.fromEntries(new URL(req.url).searchParams)));
