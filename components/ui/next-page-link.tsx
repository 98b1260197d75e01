import Link from "next/link";

function query(params: Record<string, string | undefined>): string {
  const entries = Object.entries(params).filter((e): e is [string, string] => !!e[1]);
  return `?${new URLSearchParams(entries)}`;
}

/** "Showing N of TOTAL" and a link to the next page that keeps the other URL parameters. */
export function PageFooter({
  shown,
  total,
  nextCursor,
  params,
  noun,
}: {
  shown: number;
  total: number;
  nextCursor: string | null;
  params: Record<string, string | undefined>;
  noun: string;
}) {
  return (
    <div className="mt-3 flex items-center justify-between text-sm text-slate-600 dark:text-slate-400">
      <span>
        Showing {shown} of {total.toLocaleString("en")} {noun}
      </span>
      <span className="flex gap-4">
        {params.cursor ? (
          <Link className="text-sky-700 underline dark:text-sky-400" href={query({ ...params, cursor: undefined })}>
            First page
          </Link>
        ) : null}
        {nextCursor ? (
          <Link className="text-sky-700 underline dark:text-sky-400" href={query({ ...params, cursor: nextCursor })}>
            Next page
          </Link>
        ) : null}
      </span>
    </div>
  );
}
