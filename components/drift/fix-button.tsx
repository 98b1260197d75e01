"use client";
import Link from "next/link";
import { fixDriftAction } from "@/app/(console)/drift/actions";
import { ActionButton } from "@/components/ui/action-button";

/** One click: opens the finding's narrowing change request and links to it. */
export function FixButton({ findingKey, label, target }: { findingKey: string; label: string; target: string }) {
  return (
    <ActionButton
      action={fixDriftAction}
      arg={findingKey}
      label={label}
      pendingLabel="Opening…"
      ariaLabel={`${label}: fix ${target}`}
      wrapperClassName="flex items-center gap-2"
      className="rounded-md border border-sky-300 bg-white px-2.5 py-1 text-xs font-medium text-sky-800 hover:bg-sky-50 disabled:opacity-50 dark:border-sky-800 dark:bg-slate-900 dark:text-sky-300 dark:hover:bg-sky-950"
      errorClassName="text-xs text-rose-700 dark:text-rose-300"
      done={({ changeRequest: cr, existing }) => (
        <span role="status" className="text-sm">
          <Link href={`/changes/${cr.number}`} className="font-medium text-sky-700 underline dark:text-sky-400">
            CR-{cr.number}
          </Link>{" "}
          {existing ? "already proposes this fix" : cr.status === "applied" ? "applied" : `opened (${cr.status})`}
        </span>
      )}
    />
  );
}
