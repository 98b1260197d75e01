import type { ReactNode } from "react";

export type DetailField = [term: string, value: ReactNode];

const gridColumns = {
  3: "grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-3",
  4: "grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-4",
} as const;

/** Class of a detail row's term, for rows passed as children. */
export const detailTermClass = "text-xs uppercase tracking-wide text-slate-600 dark:text-slate-400";

/** The "Details" card of a detail page: a list of term/value rows (children are extra rows). */
export function DetailFields({ fields, columns = 3, children }: { fields: DetailField[]; columns?: 3 | 4; children?: ReactNode }) {
  return (
    <section aria-labelledby="details" className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900 mb-6">
      <h2 id="details" className="sr-only">
        Details
      </h2>
      <dl className={gridColumns[columns]}>
        {fields.map(([term, value]) => (
          <div key={term}>
            <dt className={detailTermClass}>{term}</dt>
            <dd className="mt-0.5">{value}</dd>
          </div>
        ))}
        {children}
      </dl>
    </section>
  );
}
