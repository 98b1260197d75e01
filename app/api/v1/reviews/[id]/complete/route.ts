import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";
import { completeReview } from "@/lib/reviews/campaign";

/** Completes a review (admin): every revocation becomes one change request; 409 while decisions are pending. */
export const POST = route<{ id: string }>("review.manage", async ({ actor, params }) => completeReview(db(), { actor, id: params.id }));
