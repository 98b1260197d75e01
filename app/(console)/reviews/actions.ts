"use server";
import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/action";
import { db } from "@/lib/db/client";
import { completeReview, decideItem, startReview } from "@/lib/reviews/campaign";

const refresh = () => revalidatePath("/", "layout");

export const startReviewAction = guardedAction("review.manage", async (actor, input: unknown) => {
  const result = await startReview(db(), { actor, input });
  refresh();
  return result;
});

export const decideReviewItemAction = guardedAction("review.decide", async (actor, input: { reviewId: string; itemId: string; decision: string; comment?: string }) => {
  const result = await decideItem(db(), { actor, reviewId: input.reviewId, itemId: input.itemId, input });
  refresh();
  return result;
});

export const completeReviewAction = guardedAction("review.manage", async (actor, id: string) => {
  const result = await completeReview(db(), { actor, id });
  refresh();
  return result;
});
