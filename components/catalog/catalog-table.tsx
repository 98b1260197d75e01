"use client";
// A catalog list as TanStack Table + Query. The server sorts, filters and pages
// (GET /api/v1/<plural>); the view lives in the URL, so it can be shared and
// reloaded. The page renders the first page on the server and hands it over
// as initialData: the first paint needs no fetch, and without JavaScript the
// table, the paging links and the sort buttons (small GET forms) still work.
//
// With JavaScript the URL changes through the history API, which Next.js syncs
// with useSearchParams without a server round trip; the query for the new
// parameters fetches from the API while the previous rows stay on screen.
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type RowData } from "@tanstack/react-table";
import { ArrowDown, ArrowUp, ArrowUpDown } from "lucide-react";
import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { EmptyRow, Table, Td, Th } from "@/components/ui/table";
import type { Page } from "@/lib/catalog/queries/paging";
import { catalogKeys } from "@/lib/query/catalog-keys";
import { fetchJson } from "@/lib/query/fetch-json";
import { hrefFor, parseSort, sameParams, sortedParams, toggleSort, urlParams, withParams } from "@/lib/query/table-params";

declare module "@tanstack/react-table" {
  interface ColumnMeta<TData extends RowData, TValue> {
    /** identifiers in a monospace font */
    mono?: boolean;
  }
}

// Cell values differ per column, so a list of columns holds any value type.
export type CatalogColumns<Row> = ColumnDef<Row, any>[];

/** What a list page passes: its first page and the URL parameters it was rendered for. */
export type CatalogTableData<Row> = { initialData: Page<Row>; params: Record<string, string | undefined> };

export type CatalogTableProps<Row extends { id: string }> = CatalogTableData<Row> & {
  /** the list endpoint: "/api/v1/scopes" */
  endpoint: string;
  /**
   * Column definitions; a column sorts when it has `enableSorting: true`, and its
   * id is the sort field the endpoint takes ("name" -> sort=name / sort=-name).
   */
  columns: CatalogColumns<Row>;
  caption: string;
  /** plural, for "Showing 50 of 1,204 scopes" and "No scopes match." */
  noun: string;
  /** the endpoint's order when the URL has none ("name", "-createdAt") */
  defaultSort: string;
};

const linkClass = "text-sky-700 underline dark:text-sky-400";

/** Changes the URL in place; Next.js picks it up in useSearchParams without reloading the page. */
function setUrl(href: string, mode: "push" | "replace") {
  if (mode === "push") window.history.pushState(null, "", href);
  else window.history.replaceState(null, "", href);
}

/** A plain left click on a link, which the page handles itself (not a new tab or window). */
const plainClick = (e: React.MouseEvent) => e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey;

export function CatalogTable<Row extends { id: string }>({
  endpoint,
  columns,
  initialData,
  params: serverParams,
  caption,
  noun,
  defaultSort,
}: CatalogTableProps<Row>) {
  const pathname = usePathname();
  const search = useSearchParams();
  const params = useMemo(() => urlParams(search), [search]);
  const sort = parseSort(params.sort, defaultSort);
  const initialParams = useMemo(() => urlParams(serverParams), [serverParams]);

  // The server's page seeds the cache for the parameters it was rendered for.
  const queryClient = useQueryClient();
  const initialKey = useMemo(() => catalogKeys.list(endpoint, initialParams), [endpoint, initialParams]);
  const [seededByQuery] = useState(() => queryClient.getQueryData(initialKey) === undefined);
  const seeded = useRef<Page<Row> | null>(seededByQuery ? initialData : null);
  useEffect(() => {
    // a newer server render (a navigation back here, a refresh) wins over a cached page
    if (seeded.current === initialData) return;
    seeded.current = initialData;
    queryClient.setQueryData(initialKey, initialData);
  }, [initialData, initialKey, queryClient]);

  const isInitial = sameParams(params, initialParams);
  const query = useQuery({
    queryKey: catalogKeys.list(endpoint, params),
    queryFn: () => fetchJson<Page<Row>>(endpoint, params),
    initialData: isInitial ? initialData : undefined,
    placeholderData: keepPreviousData,
  });
  const page = query.data;
  const busy = query.isFetching;

  const table = useReactTable({
    data: page?.items ?? [],
    columns,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => row.id,
    defaultColumn: { enableSorting: false },
    manualSorting: true,
    manualPagination: true,
    enableMultiSort: false,
    enableSortingRemoval: false,
    rowCount: page?.total ?? 0,
    state: { sorting: [{ id: sort.field, desc: sort.desc }] },
  });

  const onSort = (e: React.FormEvent<HTMLFormElement>, next: string) => {
    e.preventDefault();
    setUrl(hrefFor(pathname, sortedParams(params, next)), "replace");
  };
  const onPage = (e: React.MouseEvent<HTMLAnchorElement>) => {
    if (!plainClick(e)) return;
    e.preventDefault();
    // the rows on screen are the previous view's until the new page arrives
    if (!query.isPlaceholderData) setUrl(e.currentTarget.getAttribute("href") ?? pathname, "push");
  };
  // the filters and sort a sort button carries along; paging starts over
  const carried = Object.entries(withParams(params, { sort: undefined, cursor: undefined }));

  return (
    <>
      {query.isError ? (
        <p role="alert" className="mb-3 rounded-md border border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-800 dark:border-rose-900 dark:bg-rose-950 dark:text-rose-300">
          Could not load {noun}: {query.error.message}
        </p>
      ) : null}
      <Table caption={caption} busy={busy}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const column = header.column;
                const label = header.isPlaceholder ? null : flexRender(column.columnDef.header, header.getContext());
                if (!column.getCanSort()) return <Th key={header.id}>{label}</Th>;
                const sorted = column.getIsSorted();
                const next = toggleSort(params.sort, column.id, { fallback: defaultSort, descFirst: column.columnDef.sortDescFirst });
                const Icon = sorted === "asc" ? ArrowUp : sorted === "desc" ? ArrowDown : ArrowUpDown;
                return (
                  <Th key={header.id} sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : undefined}>
                    <form action={pathname} method="get" onSubmit={(e) => onSort(e, next)}>
                      {carried.map(([k, v]) => (
                        <input key={k} type="hidden" name={k} value={v} />
                      ))}
                      <button
                        type="submit"
                        name="sort"
                        value={next}
                        className="inline-flex items-center gap-1 font-semibold uppercase tracking-wide hover:text-slate-900 dark:hover:text-slate-100"
                      >
                        {label}
                        <Icon aria-hidden="true" className={`h-3 w-3 ${sorted ? "" : "opacity-40"}`} />
                      </button>
                    </form>
                  </Th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {page && page.items.length === 0 ? <EmptyRow colSpan={columns.length}>No {noun} match.</EmptyRow> : null}
          {table.getRowModel().rows.map((row) => (
            <tr key={row.id}>
              {row.getVisibleCells().map((cell) => (
                <Td key={cell.id} mono={cell.column.columnDef.meta?.mono}>
                  {flexRender(cell.column.columnDef.cell, cell.getContext())}
                </Td>
              ))}
            </tr>
          ))}
        </tbody>
      </Table>
      <div className="mt-3 flex items-center justify-between text-sm text-slate-600 dark:text-slate-400">
        <span aria-live="polite" className="flex gap-3">
          {page ? (
            <span>
              Showing {page.items.length} of {page.total.toLocaleString("en")} {noun}
            </span>
          ) : null}
          {busy ? <span>Loading…</span> : null}
        </span>
        <span className="flex gap-4">
          {params.cursor ? (
            <a className={linkClass} href={hrefFor(pathname, withParams(params, { cursor: undefined }))} onClick={onPage}>
              First page
            </a>
          ) : null}
          {page?.nextCursor ? (
            <a className={linkClass} href={hrefFor(pathname, withParams(params, { cursor: page.nextCursor }))} onClick={onPage}>
              Next page
            </a>
          ) : null}
        </span>
      </div>
    </>
  );
}
