"use client";
// Picks one catalog object by searching a list endpoint on the server.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { Page } from "@/lib/catalog/queries/paging";
import { fetchJson } from "@/lib/query/fetch-json";
import { useDebounced } from "./use-policy-preview";

export type Picked = { id: string; name: string; detail: string };

export function EntityPicker<Row extends { id: string; name: string }>({
  label,
  endpoint,
  queryKey,
  describe,
  value,
  onChange,
  error,
}: {
  label: string;
  endpoint: string;
  queryKey: (params: Record<string, string>) => readonly unknown[];
  describe: (row: Row) => string;
  value: Picked | null;
  onChange: (next: Picked | null) => void;
  error?: string;
}) {
  const [q, setQ] = useState("");
  const searched = useDebounced(q, 250);
  const params = { q: searched, limit: "8" };
  // the last answer stays on screen (dimmed, aria-busy) until the next one
  // arrives, so the rows do not blink out from under a pointer mid-search
  const results = useQuery({ queryKey: queryKey(params), queryFn: () => fetchJson<Page<Row>>(endpoint, params), enabled: !value, placeholderData: keepPreviousData });
  const busy = q !== searched || results.isFetching;
  const id = `pick-${label.toLowerCase().replace(/\W+/g, "-")}`;

  if (value) {
    return (
      <div className="flex flex-col gap-1">
        <span className="text-sm font-medium">{label}</span>
        <p className="flex items-center gap-2 text-sm">
          <code>{value.name}</code> <span className="text-xs text-slate-600 dark:text-slate-400">{value.detail}</span>
          <button type="button" className="text-xs text-sky-700 underline dark:text-sky-400" onClick={() => onChange(null)} aria-label={`Change ${label.toLowerCase()}`}>
            change
          </button>
        </p>
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        placeholder="Type to search"
        aria-invalid={!!error}
        aria-describedby={error ? `${id}-error` : undefined}
        className="w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950 aria-[invalid=true]:border-rose-500"
      />
      <ul aria-label={`Matching ${label.toLowerCase()}s`} aria-busy={busy} className="max-h-48 overflow-y-auto text-sm aria-busy:opacity-60">
        {results.data?.items.map((row) => (
          <li key={row.id}>
            <button
              type="button"
              onClick={() => onChange({ id: row.id, name: row.name, detail: describe(row) })}
              className="w-full rounded px-2 py-1 text-left hover:bg-slate-100 dark:hover:bg-slate-800"
            >
              <code>{row.name}</code> <span className="text-xs text-slate-600 dark:text-slate-400">{describe(row)}</span>
            </button>
          </li>
        ))}
        {results.data?.items.length === 0 ? <li className="px-2 py-1 text-slate-600 dark:text-slate-400">Nothing matches.</li> : null}
      </ul>
      {error ? (
        <p id={`${id}-error`} className="text-xs text-rose-600 dark:text-rose-400">
          {error}
        </p>
      ) : null}
    </div>
  );
}
