"use client";
// The after-the-fact review of an emergency change: an approver or admin
// other than its author confirms it, or reverts it with a reason (the revert
// is an ordinary change request). The server action checks all of this again
// (lib/changes/workflow/emergency-review.ts).
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { reviewEmergencyAction } from "@/app/(console)/changes/actions";
import { formatDateTime } from "@/lib/format";

type Props = {
  id: string;
  number: number;
  reviewDue: boolean;
  postReview: { outcome: string; by: string; at: string | null } | null;
  /** approver or admin, and not the author */
  canReview: boolean;
  isAuthor: boolean;
};

const button = "rounded-md px-3 py-1.5 text-sm font-medium disabled:opacity-60";

export function EmergencyReview({ id, number, reviewDue, postReview, canReview, isAuthor }: Props) {
  const router = useRouter();
  const [comment, setComment] = useState("");
  const decide = useMutation({
    mutationFn: async (decision: "confirm" | "revert") => {
      if (decision === "revert" && !comment.trim()) throw new Error("Comment: say why the emergency change is reverted.");
      const r = await reviewEmergencyAction({ id, decision, comment });
      if (!r.ok) throw new Error(r.error);
      return r.data;
    },
    onSuccess: () => router.refresh(),
  });

  return (
    <section aria-labelledby="post-review" className="mb-8 rounded-lg border border-rose-300 bg-white p-4 dark:border-rose-900 dark:bg-slate-900">
      <h2 id="post-review" className="mb-2 font-semibold">
        After-the-fact review
      </h2>
      {postReview ? (
        <p className="text-sm">
          {postReview.outcome === "confirmed" ? "Confirmed" : "Reverted"} by {postReview.by}
          {postReview.at ? ` on ${formatDateTime(postReview.at)}` : ""}.
        </p>
      ) : reviewDue ? (
        <>
          <p className="mb-3 text-sm">
            CR-{number} was applied first under the emergency rule. It waits here until an approver or admin other than its author confirms it or reverts it.
          </p>
          {canReview ? (
            <div className="flex flex-col gap-2">
              <label htmlFor={`post-review-${id}`} className="text-sm font-medium">
                Comment (needed to revert)
              </label>
              <textarea
                id={`post-review-${id}`}
                rows={2}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
                maxLength={2000}
                className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950"
              />
              <div className="flex gap-2">
                <button
                  type="button"
                  disabled={decide.isPending || decide.isSuccess}
                  onClick={() => decide.mutate("confirm")}
                  className={`${button} bg-emerald-700 text-white hover:bg-emerald-600 dark:bg-emerald-500 dark:text-slate-950`}
                >
                  Confirm emergency change
                </button>
                <button
                  type="button"
                  disabled={decide.isPending || decide.isSuccess}
                  onClick={() => decide.mutate("revert")}
                  className={`${button} border border-rose-300 bg-white text-rose-700 hover:bg-rose-50 dark:border-rose-800 dark:bg-slate-900 dark:text-rose-300`}
                >
                  Revert emergency change
                </button>
              </div>
            </div>
          ) : (
            <p className="text-sm text-slate-700 dark:text-slate-300">
              {isAuthor ? "You made this emergency change: someone else must review it." : "Approvers and admins review emergency changes."}
            </p>
          )}
          {decide.isError ? (
            <p role="alert" className="mt-2 rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700 dark:bg-rose-950 dark:text-rose-300">
              {decide.error.message}
            </p>
          ) : null}
          {decide.data ? (
            <p role="status" className="mt-2 text-sm">
              {decide.data.status === "confirmed" ? `CR-${number} is confirmed.` : null}
              {decide.data.revert ? (
                <>
                  Revert opened as{" "}
                  <Link href={`/changes/${decide.data.revert.number}`} className="underline">
                    CR-{decide.data.revert.number}
                  </Link>
                  .
                </>
              ) : null}
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
