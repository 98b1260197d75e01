import { db } from "@/lib/db/client";
import { jsonBody, route } from "@/lib/http/route";
import { startReview } from "@/lib/reviews/campaign";
import { listReviews } from "@/lib/reviews/queries";

/** Access reviews, open ones first. */
export const GET = route("audit.read", async () => ({ items: await listReviews(db()) }));

/** Starts a campaign (admin): { name, scopeKind: "domain" | "environment", scope: "<name>" }. */
export const POST = route("review.manage", async ({ actor, req }) => {
  const result = await startReview(db(), { actor, input: await jsonBody(req) });
  return Response.json(result, { status: 201, headers: { "cache-control": "no-store" } });
});
