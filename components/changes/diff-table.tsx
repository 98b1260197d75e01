import type { ReadableRow } from "@/lib/changes/readable-diff";

const cell = "border-t border-slate-100 px-2 py-1 align-top dark:border-slate-800";
const removedTone = "bg-rose-50/60 text-rose-900 dark:bg-rose-950/40 dark:text-rose-200";
const addedTone = "bg-emerald-50/60 text-emerald-900 dark:bg-emerald-950/40 dark:text-emerald-200";

/** Before → after per field, in words; lists of references as names removed and added. */
export function DiffTable({ rows, caption }: { rows: ReadableRow[]; caption: string }) {
  if (rows.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-400">No field changes.</p>;
  return (
    <table className="w-full table-fixed text-left text-[13px]">
      <caption className="sr-only">{caption}</caption>
      <thead className="text-xs uppercase tracking-wide text-slate-600 dark:text-slate-400">
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
      <tbody>
        {rows.map((r) => (
          <tr key={r.key}>
            <th scope="row" className={`${cell} font-medium`}>
              {r.field}
            </th>
            {"added" in r ? (
              <>
                <td className={`${cell} break-words ${removedTone}`}>
                  {r.removed.length ? (
                    <ul aria-label={`${r.field} removed`} className="font-mono">
                      {r.removed.map((x) => (
                        <li key={x}>− {x}</li>
                      ))}
                    </ul>
                  ) : (
                    <span className="font-sans">none removed</span>
                  )}
                </td>
                <td className={`${cell} break-words ${addedTone}`}>
                  {r.added.length ? (
                    <ul aria-label={`${r.field} added`} className="font-mono">
                      {r.added.map((x) => (
                        <li key={x}>+ {x}</li>
                      ))}
                    </ul>
                  ) : (
                    <span className="font-sans">none added</span>
                  )}
                </td>
              </>
            ) : (
              <>
                <td className={`${cell} break-words font-mono ${removedTone}`}>{r.before}</td>
                <td className={`${cell} break-words font-mono ${addedTone}`}>{r.after}</td>
              </>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
