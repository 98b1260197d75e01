// Labelled controls for server-rendered GET filter forms (values live in the URL).
const control = "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900";
const caption = "text-xs font-medium text-slate-600 dark:text-slate-400";

export function TextFilter({
  name,
  label,
  value,
  placeholder,
  type = "text",
  width = "w-48",
}: {
  name: string;
  label: string;
  value: string | undefined;
  placeholder?: string;
  type?: "text" | "search" | "date" | "number";
  width?: string;
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={`filter-${name}`} className={caption}>
        {label}
      </label>
      <input id={`filter-${name}`} name={name} type={type} defaultValue={value ?? ""} placeholder={placeholder} className={`${width} ${control}`} />
    </div>
  );
}

export function SelectFilter({ name, label, value, options }: { name: string; label: string; value: string | undefined; options: readonly string[] }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={`filter-${name}`} className={caption}>
        {label}
      </label>
      <select id={`filter-${name}`} name={name} defaultValue={value ?? ""} className={control}>
        <option value="">All</option>
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The submit button and, when any filter is set, a link back to the unfiltered list. */
export function FilterActions({ path, filtered }: { path: string; filtered: boolean }) {
  return (
    <>
      <button className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">Apply</button>
      {filtered ? (
        <a href={path} className="py-1.5 text-sm text-sky-700 underline dark:text-sky-400">
          Clear filters
        </a>
      ) : null}
    </>
  );
}

/** Renders a validation problem with the list's URL parameters instead of failing the page. */
export function FilterError({ message }: { message: string }) {
  return (
    <p role="alert" className="mb-3 rounded-md border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-800 dark:border-rose-900 dark:bg-rose-950 dark:text-rose-300">
      {message}
    </p>
  );
}
