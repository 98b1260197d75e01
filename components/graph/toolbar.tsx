"use client";
// The graph's controls: search (focuses a node and its neighbourhood),
// filters, focus depth, aggregation, time travel ("As of"), the change
// overlay, export. Every value is in the URL.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useEffect, useId, useState } from "react";
import type { GraphHit } from "@/lib/graph/queries";
import { graphKeys } from "@/lib/graph/query-keys";
import type { Facets } from "@/lib/graph/view";
import { fetchJson } from "@/lib/query/fetch-json";
import type { GraphUrl } from "./use-graph-url";

const field = "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";
const button = "rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800";

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** ISO instant -> the datetime-local input's value (local time, minutes). */
function toLocalInput(iso: string | undefined) {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function GraphSearch({ at, onPick }: { at: string; onPick: (hit: GraphHit) => void }) {
  const [q, setQ] = useState("");
  const [active, setActive] = useState(0);
  const debounced = useDebounced(q.trim(), 150);
  const listId = useId();
  const results = useQuery({
    queryKey: graphKeys.search(debounced, at),
    queryFn: () => fetchJson<{ items: GraphHit[] }>("/api/v1/graph/search", { q: debounced, at }),
    enabled: debounced.length > 0,
    placeholderData: keepPreviousData,
  });
  const items = debounced ? (results.data?.items ?? []) : [];
  const pick = (hit: GraphHit | undefined) => {
    if (!hit) return;
    onPick(hit);
    setQ("");
  };
  return (
    <div className="relative">
      <label className="flex items-center gap-1.5 text-sm">
        <span className="sr-only">Search the graph</span>
        <input
          type="search"
          role="combobox"
          aria-expanded={items.length > 0}
          aria-controls={listId}
          aria-activedescendant={items[active] ? `${listId}-${active}` : undefined}
          aria-label="Search the graph"
          placeholder="Search: client, resource, profile…"
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown") {
              e.preventDefault();
              setActive((a) => Math.min(a + 1, items.length - 1));
            } else if (e.key === "ArrowUp") {
              e.preventDefault();
              setActive((a) => Math.max(a - 1, 0));
            } else if (e.key === "Enter") {
              e.preventDefault();
              pick(items[active]);
            } else if (e.key === "Escape") setQ("");
          }}
          className={`${field} w-64`}
        />
      </label>
      {items.length > 0 ? (
        <ul id={listId} role="listbox" aria-label="Search results" className="absolute z-20 mt-1 max-h-72 w-80 overflow-auto rounded-md border border-slate-300 bg-white py-1 text-sm shadow-lg dark:border-slate-700 dark:bg-slate-900">
          {items.map((hit, i) => (
            <li
              key={hit.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(hit);
              }}
              className={`cursor-pointer px-3 py-1.5 ${i === active ? "bg-sky-100 dark:bg-sky-950" : ""}`}
            >
              <span className="font-medium">{hit.name}</span> <span className="text-xs text-slate-600 dark:text-slate-400">{hit.kind} · {hit.detail}</span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function Select({ label, value, options, onChange, any = "All" }: { label: string; value: string | undefined; options: { value: string; label: string }[]; onChange: (v: string) => void; any?: string }) {
  return (
    <label className="flex items-center gap-1.5 text-sm">
      <span className="text-slate-600 dark:text-slate-400">{label}</span>
      <select aria-label={label} value={value ?? ""} onChange={(e) => onChange(e.target.value)} className={field}>
        <option value="">{any}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

const opts = (xs: string[]) => xs.map((x) => ({ value: x, label: x }));

export function GraphFilters({ state, facets, set }: { state: GraphUrl; facets: Facets | undefined; set: (p: GraphUrl) => void }) {
  const f = facets ?? { environments: [], domains: [], clientKinds: [], resourceKinds: [], actions: [] };
  return (
    <div role="group" aria-label="Filters" className="flex flex-wrap items-center gap-3">
      <Select label="Environment" value={state.env} options={opts(f.environments)} onChange={(v) => set({ env: v })} />
      <Select label="Domain" value={state.domain} options={f.domains.map((d) => ({ value: d.name, label: d.name }))} onChange={(v) => set({ domain: v })} />
      <Select label="Client kind" value={state.clientKind} options={opts(f.clientKinds)} onChange={(v) => set({ clientKind: v })} />
      <Select label="Resource kind" value={state.resourceKind} options={opts(f.resourceKinds)} onChange={(v) => set({ resourceKind: v })} />
      <Select label="Action" value={state.action} options={opts(f.actions)} onChange={(v) => set({ action: v })} />
      <Select
        label="Aggregate by domain"
        value={state.aggregate}
        any="Auto"
        options={[
          { value: "on", label: "Always" },
          { value: "off", label: "Never" },
        ]}
        onChange={(v) => set({ aggregate: v, open: "" })}
      />
    </div>
  );
}

export function TimeTravel({ at, onChange }: { at: string | undefined; onChange: (iso: string) => void }) {
  const [value, setValue] = useState(toLocalInput(at));
  useEffect(() => setValue(toLocalInput(at)), [at]);
  return (
    <form
      className="flex items-center gap-1.5 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        const d = value ? new Date(value) : null;
        onChange(d && !Number.isNaN(d.getTime()) ? d.toISOString() : "");
      }}
    >
      <label className="flex items-center gap-1.5">
        <span className="text-slate-600 dark:text-slate-400">As of</span>
        <input type="datetime-local" aria-label="As of" value={value} onChange={(e) => setValue(e.target.value)} className={field} />
      </label>
      <button type="submit" className={button}>
        Go
      </button>
      {at ? (
        <button type="button" className={button} onClick={() => onChange("")}>
          Now
        </button>
      ) : null}
    </form>
  );
}

export function ChangeOverlayPicker({ change, disabled, onChange }: { change: string | undefined; disabled: boolean; onChange: (n: string) => void }) {
  const [value, setValue] = useState(change ?? "");
  useEffect(() => setValue(change ?? ""), [change]);
  return (
    <form
      className="flex items-center gap-1.5 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        onChange(value.trim().replace(/^CR-/i, ""));
      }}
    >
      <label className="flex items-center gap-1.5">
        <span className="text-slate-600 dark:text-slate-400">Change request</span>
        <input
          inputMode="numeric"
          aria-label="Change request number"
          placeholder="CR-…"
          value={value}
          disabled={disabled}
          onChange={(e) => setValue(e.target.value)}
          className={`${field} w-20`}
        />
      </label>
      <button type="submit" className={button} disabled={disabled} title={disabled ? "A pending change applies to the current catalog: leave time travel first" : undefined}>
        Overlay
      </button>
    </form>
  );
}

export { button as toolbarButton, field as toolbarField };
