// Table primitives with consistent spacing, borders and dark mode.
export function Table({ caption, busy, children }: { caption: string; busy?: boolean; children: React.ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table className={`w-full text-left text-sm ${busy ? "opacity-60 transition-opacity" : ""}`} aria-busy={busy || undefined}>
        <caption className="sr-only">{caption}</caption>
        {children}
      </table>
    </div>
  );
}

/** `sort` marks the column the rows are ordered by. */
export function Th({ children, sort }: { children?: React.ReactNode; sort?: "ascending" | "descending" }) {
  return (
    <th scope="col" aria-sort={sort} className="border-b border-slate-200 px-3 py-2 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:border-slate-800 dark:text-slate-400">
      {children}
    </th>
  );
}

export function Td({ children, mono }: { children?: React.ReactNode; mono?: boolean }) {
  return <td className={`border-b border-slate-100 px-3 py-2 dark:border-slate-800 ${mono ? "font-mono text-[13px]" : ""}`}>{children}</td>;
}

export function EmptyRow({ colSpan, children }: { colSpan: number; children: React.ReactNode }) {
  return (
    <tr>
      <td colSpan={colSpan} className="px-3 py-8 text-center text-slate-600 dark:text-slate-400">
        {children}
      </td>
    </tr>
  );
}
