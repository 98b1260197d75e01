"use client";
import type { Finding } from "@/lib/policy/findings";

const tone: Record<string, string> = {
  critical: "text-rose-700 dark:text-rose-300",
  high: "text-rose-700 dark:text-rose-300",
  medium: "text-amber-700 dark:text-amber-300",
  low: "text-slate-600 dark:text-slate-400",
};

/** Policy findings for a draft, shown next to the form that edits it. */
export function PolicyPanel({ findings, pending, error }: { findings: Finding[]; pending: boolean; error: string | null }) {
  return (
    <section aria-labelledby="policy-heading" aria-live="polite" className="rounded-md border border-slate-200 p-3 text-sm dark:border-slate-800">
      <h2 id="policy-heading" className="mb-2 font-medium">
        Policy checks {pending ? <span className="text-xs font-normal text-slate-600 dark:text-slate-400">(checking…)</span> : null}
      </h2>
      {error ? <p className="text-slate-600 dark:text-slate-400">Fill in the form to check it: {error}</p> : null}
      {!error && findings.length === 0 ? <p className="text-emerald-700 dark:text-emerald-400">No findings.</p> : null}
      <ul className="space-y-1">
        {findings.map((f) => (
          <li key={`${f.checkId}-${f.target.id}`} className={tone[f.severity]}>
            <code className="font-semibold">{f.checkId}</code> · {f.severity}
            {f.blocking ? " · blocking" : ""} — {f.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
