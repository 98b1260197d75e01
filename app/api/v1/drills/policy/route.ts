import { db } from "@/lib/db/client";
import { loadDrillPolicy, updateDrillPolicy } from "@/lib/drills/settings";
import { jsonBody, route } from "@/lib/http/route";

/** The drill policy: { objectiveSeconds } (containment slower than this raises a finding). */
export const GET = route("audit.read", async () => loadDrillPolicy(db()));

/** Changes the drill objective (admins): { objectiveSeconds: 1..86400 }. */
export const PUT = route("settings.manage", async ({ actor, req }) => updateDrillPolicy(db(), { actor, input: await jsonBody(req) }));
