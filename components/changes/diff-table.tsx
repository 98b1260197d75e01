import type { FieldChange } from "@/lib/changes/diff";

/** A snapshot value as text: strings as they are, absent as a dash, the rest as JSON. */
function show(value: unknown): string {
  if (value === undefined) return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}

const cell = "border-t border-slate-100 px-2 py-1 align-top dark:border-slate-800";

export function DiffTable({ changes, caption }: { changes: FieldChange[]; caption: string }) {
  if (changes.length === 0) return <p className="text-sm text-slate-500 dark:text-slate-400">No field changed.</p>;
  return (
    <table className="w-full table-fixed text-left text-[13px]">
      <caption className="sr-only">{caption}</caption>
      <thead className="text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">
        <tr>
          <th scope="col" className="w-1/5 px-2 py-1 font-semibold">
            Field
          </th>
          <th scope="col" className="px-2 py-1 font-semibold">
            Before
          </th>
          <th scope="col" className="px-2 py-1 font-semibold">
            After
          </th>
        </tr>
      </thead>
      <tbody className="font-mono">
        {changes.map((c) => (
          <tr key={c.field}>
            <th scope="row" className={`${cell} font-medium`}>
              {c.field}
            </th>
            <td className={`${cell} break-all bg-rose-50/60 text-rose-900 dark:bg-rose-950/40 dark:text-rose-200`}>{show(c.before)}</td>
            <td className={`${cell} break-all bg-emerald-50/60 text-emerald-900 dark:bg-emerald-950/40 dark:text-emerald-200`}>{show(c.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
