// Pure helpers for list pages whose view lives in the URL: the search, the
// filters, the sort ("name" or "-name") and the page cursor. The server page
// and the browser table both read the same parameters, so a view can be
// shared, reloaded and paged without JavaScript.

/** A list view's URL parameters: only non-empty values, the first of repeated ones. */
export type UrlParams = Record<string, string>;

type ParamSource = URLSearchParams | Record<string, string | string[] | undefined>;

export function urlParams(source: ParamSource): UrlParams {
  const out: UrlParams = {};
  const entries: [string, string | string[] | undefined][] = source instanceof URLSearchParams ? [...source.entries()] : Object.entries(source);
  for (const [k, raw] of entries) {
    const v = Array.isArray(raw) ? raw[0] : raw;
    if (v !== undefined && v !== "" && !(k in out)) out[k] = v;
  }
  return out;
}

/** The same view whatever the parameter order: for comparing and cache keys. */
export function paramsKey(params: UrlParams): string {
  return new URLSearchParams(Object.entries(params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))).toString();
}

export const sameParams = (a: UrlParams, b: UrlParams) => paramsKey(a) === paramsKey(b);

/** Set (a string) or remove (undefined, null, "") parameters, keeping the others in order. */
export function withParams(params: UrlParams, changes: Record<string, string | null | undefined>): UrlParams {
  const out: UrlParams = { ...params };
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === null || v === "") delete out[k];
    else out[k] = v;
  }
  return out;
}

/** "/scopes?sort=-name", or just the path when there are no parameters. */
export function hrefFor(pathname: string, params: UrlParams): string {
  const qs = new URLSearchParams(Object.entries(params)).toString();
  return qs ? `${pathname}?${qs}` : pathname;
}

export type SortState = { field: string; desc: boolean };

/** "-name" -> name, descending; no sort parameter means the list's own default. */
export function parseSort(sort: string | undefined, fallback: string): SortState {
  const s = sort || fallback;
  return s.startsWith("-") ? { field: s.slice(1), desc: true } : { field: s, desc: false };
}

export const sortValue = ({ field, desc }: SortState) => (desc ? `-${field}` : field);

/**
 * The sort after a click on a column's header: the sorted column flips direction;
 * another column starts ascending, or descending for counts and dates (descFirst).
 */
export function toggleSort(current: string | undefined, field: string, opts: { fallback: string; descFirst?: boolean }): string {
  const now = parseSort(current, opts.fallback);
  if (now.field === field) return sortValue({ field, desc: !now.desc });
  return sortValue({ field, desc: opts.descFirst ?? false });
}

/** The parameters after a sort change: a cursor belongs to one order, so paging starts over. */
export const sortedParams = (params: UrlParams, sort: string): UrlParams => withParams(params, { sort, cursor: undefined });

export type SortOption = { value: string; label: string };

/**
 * A sort select's choices, with the URL's sort added when it is not one of them
 * (a header click can sort "-kind" where the select offers only "kind"), so
 * submitting the filter form keeps the order on screen.
 */
export function sortChoices(options: SortOption[], current: string | undefined): SortOption[] {
  if (!current || options.some((o) => o.value === current)) return options;
  const { field, desc } = parseSort(current, current);
  const base = options.find((o) => parseSort(o.value, o.value).field === field);
  const label = `${base?.label ?? field} (${desc ? "descending" : "ascending"})`;
  return [...options, { value: current, label }];
}

/** A value as it arrives from a JSON API: dates become ISO strings. */
export type Wire<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

/** The server's list page in the shape the API returns, so the first paint and later fetches agree. */
export function toWire<T>(value: T): Wire<T> {
  return JSON.parse(JSON.stringify(value)) as Wire<T>;
}
