import Link from "next/link";
import type { InboxView } from "@/lib/changes/queries/review-count";

const labels: Record<InboxView, string> = { review: "Needs my review", emergency: "Emergency: review after the fact", mine: "My requests", all: "All" };

/** The inbox views of /changes as links; the current one carries aria-current. */
export function InboxTabs({ current, counts, canReview }: { current: InboxView; counts: Record<InboxView, number>; canReview: boolean }) {
  const views: InboxView[] = canReview ? ["review", "emergency", "mine", "all"] : ["emergency", "mine", "all"];
  return (
    <nav aria-label="Change request views" className="mb-4 border-b border-slate-200 dark:border-slate-800">
      <ul className="-mb-px flex gap-1 text-sm">
        {views.map((v) => {
          const active = v === current;
          return (
            <li key={v}>
              <Link
                href={`/changes?view=${v}`}
                aria-current={active ? "page" : undefined}
                className={`flex items-center gap-2 border-b-2 px-3 py-2 ${
                  active
                    ? "border-slate-900 font-medium text-slate-900 dark:border-sky-400 dark:text-slate-100"
                    : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900 dark:text-slate-400 dark:hover:text-slate-200"
                }`}
              >
                {labels[v]}
                <span
                  className={`rounded-full px-1.5 text-xs tabular-nums ${
                    v === "emergency" && counts.emergency > 0
                      ? "bg-rose-100 text-rose-900 dark:bg-rose-950 dark:text-rose-200"
                      : v === "review" && counts.review > 0 ? "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200" : "bg-slate-200 text-slate-700 dark:bg-slate-800 dark:text-slate-300"
                  }`}
                >
                  {counts[v]}
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
