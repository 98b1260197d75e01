import Link from "next/link";

type Params = Record<string, string | undefined>;

function href(params: Params, before: number | undefined): string {
  const entries = Object.entries({ ...params, before: before?.toString() }).filter((e): e is [string, string] => !!e[1]);
  return `/audit?${new URLSearchParams(entries)}`;
}

/** Keyset paging on seq: "Newest" back to the top, "Older events" past the last row shown. */
export function AuditPager({ params, shown, nextBefore, searchedFrom }: { params: Params; shown: number; nextBefore: number | null; searchedFrom?: number }) {
  return (
    <div className="mt-3 flex items-center justify-between text-sm text-slate-600 dark:text-slate-400">
      <span>
        Showing {shown} events
        {searchedFrom ? `; searched back to event #${searchedFrom.toLocaleString("en")}, older events may match too` : ""}
      </span>
      <span className="flex gap-4">
        {params.before ? (
          <Link className="text-sky-700 underline dark:text-sky-400" href={href(params, undefined)}>
            Newest events
          </Link>
        ) : null}
        {nextBefore ? (
          <Link className="text-sky-700 underline dark:text-sky-400" href={href(params, nextBefore)}>
            Older events
          </Link>
        ) : null}
      </span>
    </div>
  );
}
