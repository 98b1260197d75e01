"use client";
// Searches scopes on the server and keeps a selection.
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { ScopeRow } from "@/lib/catalog/queries/list-scopes";
import type { Page } from "@/lib/catalog/queries/paging";
import { catalogKeys } from "@/lib/query/catalog-keys";
import { fetchJson } from "@/lib/query/fetch-json";
import { useDebounced } from "./use-policy-preview";

export type PickedScope = { id: string; name: string; environment: string };

export function ScopePicker({
  environment,
  selected,
  onChange,
  error,
}: {
  environment: string;
  selected: PickedScope[];
  onChange: (next: PickedScope[]) => void;
  error?: string;
}) {
  const [q, setQ] = useState("");
  const searched = useDebounced(q, 250);
  const params = { q: searched, environment, limit: "12", sort: "name" };
  // as in EntityPicker, the last answer stays (dimmed, aria-busy) until the next
  // arrives, but never another environment's scopes
  const results = useQuery({
    queryKey: catalogKeys.scopes(params),
    queryFn: () => fetchJson<Page<ScopeRow>>("/api/v1/scopes", params),
    placeholderData: (previous) => (previous?.items.every((s) => s.environment === environment) ? previous : undefined),
  });
  const busy = q !== searched || results.isFetching;
  const isSelected = (id: string) => selected.some((s) => s.id === id);

  return (
    <fieldset className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
      <legend className="px-1 text-sm font-medium">Scopes</legend>
      {selected.length ? (
        <ul aria-label="Selected scopes" className="mb-3 flex flex-wrap gap-2">
          {selected.map((s) => (
            <li key={s.id} className="flex items-center gap-1 rounded bg-sky-100 px-2 py-0.5 font-mono text-xs text-sky-900 dark:bg-sky-950 dark:text-sky-200">
              {s.name}
              <span className="text-sky-700 dark:text-sky-300">({s.environment})</span>
              <button type="button" aria-label={`Remove ${s.name}`} className="ml-1 font-sans" onClick={() => onChange(selected.filter((x) => x.id !== s.id))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mb-3 text-xs text-slate-600 dark:text-slate-400">No scopes selected yet.</p>
      )}
      <label htmlFor="scope-search" className="text-sm">
        Find scopes
      </label>
      <input
        id="scope-search"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        placeholder="orders-db:read"
        aria-describedby={error ? "scope-search-error" : undefined}
        className="mt-1 w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-950"
      />
      <ul aria-label="Matching scopes" aria-busy={busy} className="mt-2 max-h-56 overflow-y-auto text-sm aria-busy:opacity-60">
        {results.isPending ? <li className="py-1 text-slate-600 dark:text-slate-400">Searching…</li> : null}
        {results.isError ? <li role="alert" className="py-1 text-rose-600">{results.error.message}</li> : null}
        {results.data?.items.length === 0 ? <li className="py-1 text-slate-600 dark:text-slate-400">No scopes match.</li> : null}
        {results.data?.items.map((s) => (
          <li key={s.id} className="flex items-center justify-between gap-2 py-0.5">
            <span>
              <code>{s.name}</code> <span className="text-xs text-slate-600 dark:text-slate-400">{s.environment} · {s.criticality}</span>
            </span>
            <button
              type="button"
              disabled={isSelected(s.id)}
              aria-label={`Add ${s.name} (${s.environment})`}
              onClick={() => onChange([...selected, { id: s.id, name: s.name, environment: s.environment }])}
              className="rounded border border-slate-300 px-2 text-xs disabled:opacity-40 dark:border-slate-700"
            >
              {isSelected(s.id) ? "Added" : "Add"}
            </button>
          </li>
        ))}
      </ul>
      {error ? (
        <p id="scope-search-error" className="mt-1 text-xs text-rose-600 dark:text-rose-400">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
