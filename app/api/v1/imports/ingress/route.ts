import { z } from "zod";
import { importIngress } from "@/lib/catalog/import/ingress";
import { db } from "@/lib/db/client";
import { validationError } from "@/lib/errors";
import { jsonBody, route } from "@/lib/http/route";

const body = z.looseObject({ dryRun: z.boolean("must be true or false").default(false) });

/**
 * Imports Kubernetes Ingress manifests: { yaml, environmentId, domainId, dryRun? }.
 * With dryRun, previews the change request (nothing is written); otherwise opens
 * it. `result` is null when every route was skipped (e.g. already imported).
 */
export const POST = route("change.create", async ({ actor, req }) => {
  const input = await jsonBody(req);
  const parsed = body.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error.issues);
  const { dryRun } = parsed.data;
  const out = await importIngress(db(), { actor, input, dryRun });
  return Response.json(out, { status: !dryRun && out.result ? 201 : 200, headers: { "cache-control": "no-store" } });
});
