"use client";
import Link from "next/link";
import type { OpenResult as ChangeResult } from "@/lib/changes/workflow/open-change";

/** What a submitted form did: the change request it produced, and any error. */
export function ChangeOutcome({ result, error }: { result?: ChangeResult; error?: Error | null }) {
  if (error) {
    return (
      <p role="alert" className="rounded-md bg-rose-50 px-3 py-2 text-sm text-rose-700 dark:bg-rose-950 dark:text-rose-300">
        {error.message}
      </p>
    );
  }
  if (!result) return null;
  const cr = result.changeRequest;
  return (
    <div
      role="status"
      className={`rounded-md border px-3 py-2 text-sm ${
        cr.status === "open" ? "border-sky-300 bg-sky-50 dark:border-sky-800 dark:bg-sky-950" : "border-emerald-300 bg-emerald-50 dark:border-emerald-800 dark:bg-emerald-950"
      }`}
    >
      <p>
        <Link href={`/changes/${cr.number}`} className="font-medium underline">
          CR-{cr.number}
        </Link>{" "}
        {cr.status === "applied" ? `applied: ${cr.title}.` : cr.status === "open" ? `opened for review (risk ${cr.risk}): ${cr.title}.` : `is ${cr.status}: ${cr.title}.`}
      </p>
      {cr.status === "open" ? (
        <p className="mt-1 text-slate-700 dark:text-slate-300">
          Nothing changes until it is approved and applied.{" "}
          <Link href={`/changes/${cr.number}`} className="underline">
            Follow its review
          </Link>
          .
        </p>
      ) : null}
      {result.findings.length ? (
        <ul className="mt-2 list-disc pl-5 text-amber-800 dark:text-amber-300">
          {result.findings.map((f) => (
            <li key={`${f.checkId}-${f.target.id}`}>
              <code>{f.checkId}</code> ({f.severity}) on {f.target.name}: {f.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
