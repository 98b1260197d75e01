// A server-rendered GET form: a search box and labelled <select> filters whose
// values live in the URL, so a filtered list can be linked, reloaded and paged.
import Link from "next/link";
import { SortSelect } from "./sort-select";

export type FilterOption = { value: string; label: string };
export type FilterSelect = { name: string; label: string; options: FilterOption[]; allLabel?: string };

/** Options from reference rows (environments, domains): value is the identifier. */
export const refOptions = (rows: { name: string; displayName?: string }[]): FilterOption[] =>
  rows.map((r) => ({ value: r.name, label: r.displayName && r.displayName !== r.name ? `${r.displayName} (${r.name})` : r.name }));

/** Options from a fixed list such as an enum. */
export const valueOptions = (values: readonly string[]): FilterOption[] => values.map((v) => ({ value: v, label: v }));

const control = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900";
const caption = "text-xs font-medium text-slate-600 dark:text-slate-400";

export function FilterBar({
  path,
  params,
  searchLabel,
  placeholder,
  selects = [],
  sorts = [],
  keep = [],
}: {
  /** the list page's path, for "Clear" */
  path: string;
  params: Record<string, string | undefined>;
  searchLabel: string;
  placeholder: string;
  selects?: FilterSelect[];
  /** sort choices ("name", "-updatedAt"); none means no sort control */
  sorts?: FilterOption[];
  /** URL parameters without a control here that the form carries along (e.g. resource) */
  keep?: string[];
}) {
  const filtered = ["q", ...selects.map((s) => s.name), ...keep].some((k) => params[k]);
  return (
    <form className="mb-3 flex flex-wrap items-end gap-3" role="search" action={path}>
      <div className="flex flex-col gap-1">
        <label htmlFor="q" className={caption}>
          {searchLabel}
        </label>
        <input id="q" name="q" type="search" defaultValue={params.q ?? ""} placeholder={placeholder} className={`w-80 ${control}`} />
      </div>
      {selects.map((s) => (
        <div key={s.name} className="flex flex-col gap-1">
          <label htmlFor={`filter-${s.name}`} className={caption}>
            {s.label}
          </label>
          <select id={`filter-${s.name}`} name={s.name} defaultValue={params[s.name] ?? ""} className={control}>
            <option value="">{s.allLabel ?? "All"}</option>
            {s.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      ))}
      {sorts.length ? (
        <div className="flex flex-col gap-1">
          <label htmlFor="filter-sort" className={caption}>
            Sort by
          </label>
          <SortSelect id="filter-sort" options={sorts} className={control} />
        </div>
      ) : params.sort ? (
        <input type="hidden" name="sort" value={params.sort} />
      ) : null}
      {keep.map((k) => (params[k] ? <input key={k} type="hidden" name={k} value={params[k]} /> : null))}
      <button className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
        Search
      </button>
      {filtered ? (
        <Link href={path} className="py-1.5 text-sm text-sky-700 underline dark:text-sky-400">
          Clear filters
        </Link>
      ) : null}
    </form>
  );
}
