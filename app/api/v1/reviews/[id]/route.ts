import { db } from "@/lib/db/client";
import { route } from "@/lib/http/route";
import { getReview } from "@/lib/reviews/queries";

/** One access review with its items and their decisions. */
export const GET = route<{ id: string }>("audit.read", async ({ params }) => getReview(db(), params.id));
