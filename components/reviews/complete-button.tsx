"use client";
import Link from "next/link";
import { completeReviewAction } from "@/app/(console)/reviews/actions";
import { ActionButton } from "@/components/ui/action-button";

/** Completes a review: revocations become one change request. */
export function CompleteButton({ id, pending, revoke }: { id: string; pending: number; revoke: number }) {
  return (
    <ActionButton
      action={completeReviewAction}
      arg={id}
      label={revoke ? `Complete and propose ${revoke} revocation${revoke === 1 ? "" : "s"}` : "Complete review"}
      pendingLabel="Completing…"
      disabled={pending > 0}
      wrapperClassName="flex flex-wrap items-center gap-2"
      className="rounded-md bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-50"
      errorClassName="text-sm text-rose-700 dark:text-rose-300"
      hint={pending > 0 ? <span className="text-xs text-slate-600 dark:text-slate-400">{pending} bindings still need a decision</span> : null}
      done={({ changeRequest: cr }) => (
        <p role="status" className="text-sm">
          Review completed.{" "}
          {cr ? (
            <>
              Revocations proposed in{" "}
              <Link href={`/changes/${cr.number}`} className="font-medium text-sky-700 underline dark:text-sky-400">
                CR-{cr.number}
              </Link>
              .
            </>
          ) : (
            "Every binding was confirmed."
          )}
        </p>
      )}
    />
  );
}
