import { z } from "zod";
import { db } from "@/lib/db/client";
import { validationError } from "@/lib/errors";
import { jsonBody, route } from "@/lib/http/route";
import { runRevocationPolicies } from "@/lib/revocation/run";

// the caller says which: a run that opens change requests is never the accident of an empty body
const input = z.object({ dryRun: z.boolean({ message: "must be true (show what the policies would do) or false (do it)" }) });

/** Runs the revocation policies now: { dryRun: true } shows what they would do; { dryRun: false } opens the change requests. */
export const POST = route("change.create", async ({ actor, req }) => {
  const parsed = input.safeParse(await jsonBody(req));
  if (!parsed.success) throw validationError(parsed.error.issues);
  const result = await runRevocationPolicies(db(), { actor, dryRun: parsed.data.dryRun });
  return Response.json(result, { status: parsed.data.dryRun ? 200 : 201, headers: { "cache-control": "no-store" } });
});
