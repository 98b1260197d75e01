import { db } from "@/lib/db/client";
import { jsonBody, route } from "@/lib/http/route";
import { decideItem } from "@/lib/reviews/campaign";

/** Records a reviewer's decision on one binding: { decision: "confirm" | "revoke", comment? }. */
export const POST = route<{ id: string; itemId: string }>("review.decide", async ({ actor, req, params }) =>
  decideItem(db(), { actor, reviewId: params.id, itemId: params.itemId, input: await jsonBody(req) }),
);
