import { db } from "@/lib/db/client";
import { jsonBody, route } from "@/lib/http/route";
import { listRevocationRuns } from "@/lib/revocation/run";
import { loadRevocationPolicies, updateRevocationPolicies } from "@/lib/revocation/settings";

/** The automated revocation policies and their last runs. */
export const GET = route("catalog.read", async () => ({ policies: await loadRevocationPolicies(db()), runs: await listRevocationRuns(db()) }));

/**
 * Replaces the policies (admins): { unusedCredentials: { enabled, days, apply }, oldKeys: { enabled, days, apply },
 * expiredGrantClients: { enabled, apply }, narrowedTokens: { enabled }, schedule: { enabled, everyHours } };
 * apply is "review" (a change request to approve) or "emergency" (applied at once, reviewed after). Scheduled runs act for the admin who saves this.
 */
export const PUT = route("settings.manage", async ({ actor, req }) => updateRevocationPolicies(db(), { actor, input: await jsonBody(req) }));
