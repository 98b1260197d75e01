"use client";
// Global search: Cmd-K / Ctrl-K (or the header button) opens a modal dialog
// with a combobox; results come from GET /api/v1/search, grouped by kind.
// Arrow keys move, Enter opens, Escape closes and focus goes back.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Search } from "lucide-react";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useRef, useState } from "react";
import type { SearchHit, SearchKind } from "@/lib/catalog/queries/search";
import { keys } from "@/lib/query/keys";
import { navGroups } from "./nav-items";

const kindLabels: Record<SearchKind, string> = {
  resource: "Resources",
  scope: "Scopes",
  profile: "Profiles",
  client: "Clients",
  domain: "Domains",
  environment: "Environments",
  claimRule: "Claim rules",
  change: "Change requests",
};

const debounceMs = 150;

/** A palette command: navigation, a form, or a mode that picks a client first. */
type Command = { id: string; label: string; href?: string; mode?: "revoke"; needs?: "write" | "incident" };
/** What the signed-in person may do (the server checks again; this only hides what would be refused). */
type Allowed = { write: boolean; incident: boolean };

const commands: Command[] = [
  { id: "new-resource", needs: "write", label: "New resource…", href: "/resources/new" },
  { id: "new-client", needs: "write", label: "New client…", href: "/clients/new" },
  { id: "new-profile", needs: "write", label: "New profile…", href: "/profiles/new" },
  { id: "new-binding", needs: "write", label: "New binding…", href: "/bindings/new" },
  { id: "new-credential", needs: "write", label: "New credential…", href: "/credentials/new" },
  { id: "revoke", needs: "incident", label: "Revoke tokens of…", mode: "revoke" },
  ...navGroups.flatMap((g) => g.items).map((i) => ({ id: `go-${i.href}`, label: `Go to ${i.label}`, href: i.href })),
];

function matchingCommands(q: string, allowed: Allowed): Command[] {
  const t = q.trim().toLowerCase();
  const mine = commands.filter((c) => !c.needs || allowed[c.needs]);
  if (!t) return mine.filter((c) => !c.id.startsWith("go-") || c.href === "/changes");
  return mine.filter((c) => c.label.toLowerCase().includes(t) || c.label.toLowerCase().replace(/^go to /, "").startsWith(t));
}

async function fetchSearch(q: string, signal: AbortSignal): Promise<SearchHit[]> {
  const res = await fetch(`/api/v1/search?${new URLSearchParams({ q })}`, { headers: { accept: "application/json" }, signal });
  const body = (await res.json().catch(() => null)) as { items?: SearchHit[]; detail?: string } | null;
  if (!res.ok || !body?.items) throw new Error(body?.detail ?? `search failed (${res.status})`);
  return body.items;
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}

export function CommandPalette({ allowed = { write: false, incident: false } }: { allowed?: Allowed }) {
  const [open, setOpen] = useState(false);
  const [shortcut, setShortcut] = useState("⌘K");
  const openRef = useRef(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);

  const show = useCallback(() => {
    if (openRef.current) return;
    const active = document.activeElement;
    returnTo.current = active instanceof HTMLElement && active !== document.body ? active : null;
    openRef.current = true;
    setOpen(true);
  }, []);

  const close = useCallback(() => {
    if (!openRef.current) return;
    openRef.current = false;
    setOpen(false);
    // after the dialog has left the top layer
    requestAnimationFrame(() => {
      const back = returnTo.current?.isConnected ? returnTo.current : trigger.current;
      back?.focus();
    });
  }, []);

  useEffect(() => {
    if (!/mac|iphone|ipad/i.test(navigator.platform || navigator.userAgent)) setShortcut("Ctrl K");
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === "k") {
        e.preventDefault();
        if (openRef.current) close();
        else show();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [show, close]);

  return (
    <>
      <button
        ref={trigger}
        type="button"
        onClick={show}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-keyshortcuts="Meta+K Control+K"
        className="flex items-center gap-2 rounded-md border border-slate-300 px-2.5 py-1.5 text-sm text-slate-600 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-300 dark:hover:bg-slate-800"
      >
        <Search className="h-4 w-4" aria-hidden />
        <span>Search…</span>
        <kbd className="rounded border border-slate-300 px-1 font-sans text-xs text-slate-600 dark:border-slate-600 dark:text-slate-400">{shortcut}</kbd>
      </button>
      {open ? <PaletteDialog onClose={close} allowed={allowed} /> : null}
    </>
  );
}

function PaletteDialog({ onClose, allowed }: { onClose: () => void; allowed: Allowed }) {
  const router = useRouter();
  const ref = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();
  const titleId = `${id}-title`;
  const inputId = `${id}-input`;
  const listId = `${id}-list`;
  const optionId = (i: number) => `${id}-option-${i}`;

  const [q, setQ] = useState("");
  const [active, setActive] = useState(0);
  // "Revoke tokens of…" first picks a client: only clients are offered, and picking one opens its incident actions
  const [mode, setMode] = useState<"search" | "revoke">("search");
  const term = useDebounced(q.trim(), debounceMs);

  const search = useQuery({
    queryKey: keys.search(term),
    queryFn: ({ signal }) => fetchSearch(term, signal),
    enabled: term.length > 0,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    input.current?.focus();
    // unmounting removes the dialog from the top layer: no close() needed
  }, []);

  // groups in the order their best hit ranks; navigation follows what is shown
  const hits = (q.trim() && term ? (search.data ?? []) : []).filter((h) => mode === "search" || h.kind === "client");
  const shownCommands = mode === "search" ? matchingCommands(q, allowed) : [];
  const groups: { kind: SearchKind | "command"; items: { hit: SearchHit; index: number; command?: Command }[] }[] = [];
  if (shownCommands.length)
    groups.push({ kind: "command", items: shownCommands.map((c) => ({ hit: { kind: "client", id: c.id, name: c.label, description: "", href: c.href ?? "" }, index: -1, command: c })) });
  for (const hit of hits) {
    let group = groups.find((g) => g.kind === hit.kind);
    if (!group) groups.push((group = { kind: hit.kind, items: [] }));
    group.items.push({ hit, index: -1 });
  }
  const flat = groups.flatMap((g) => g.items);
  flat.forEach((item, i) => (item.index = i));
  const current = flat.length ? Math.min(active, flat.length - 1) : -1;

  const activeId = current >= 0 ? optionId(current) : undefined;
  useEffect(() => {
    if (activeId) document.getElementById(activeId)?.scrollIntoView({ block: "nearest" });
  }, [activeId]);

  function go(item: { hit: SearchHit; command?: Command } | undefined) {
    if (!item) return;
    if (item.command?.mode === "revoke") {
      setMode("revoke");
      setQ("");
      setActive(0);
      input.current?.focus();
      return;
    }
    onClose();
    router.push(mode === "revoke" ? `/clients/${item.hit.id}#incident-actions` : item.hit.href);
  }

  function onKeyDown(e: React.KeyboardEvent<HTMLInputElement>) {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (!flat.length) return;
      const step = e.key === "ArrowDown" ? 1 : -1;
      setActive((current + step + flat.length) % flat.length);
    } else if (e.key === "Enter") {
      e.preventDefault();
      go(flat[current]);
    } else if (e.key === "Escape") {
      e.preventDefault();
      if (mode === "revoke") setMode("search");
      else onClose();
    }
  }

  const searching = term.length > 0 && (search.isFetching || term !== q.trim());
  const status = !q.trim()
    ? mode === "revoke"
      ? "Revoke tokens of which client? Type its name."
      : "Type a name, a scope such as orders-db:read, or CR-123 — or pick a command."
    : search.isError
      ? `Search failed: ${search.error.message}`
      : searching && !flat.length
        ? "Searching…"
        : flat.length
          ? `${flat.length} ${flat.length === 1 ? "result" : "results"}`
          : `Nothing matches “${q.trim()}”.`;

  return (
    <dialog
      ref={ref}
      aria-modal="true"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClose={onClose}
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
      className="mx-auto mt-[12vh] w-[min(40rem,calc(100vw-2rem))] max-w-none overflow-hidden rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-2xl backdrop:bg-slate-950/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
    >
      <h2 id={titleId} className="sr-only">
        Search the catalog
      </h2>
      <div className="flex items-center gap-2 border-b border-slate-200 px-3 dark:border-slate-700">
        <Search className="h-4 w-4 shrink-0 text-slate-600 dark:text-slate-400" aria-hidden />
        <label htmlFor={inputId} className="sr-only">
          Search the catalog
        </label>
        <input
          ref={input}
          id={inputId}
          type="text"
          role="combobox"
          autoComplete="off"
          spellCheck={false}
          aria-autocomplete="list"
          aria-expanded={flat.length > 0}
          aria-controls={listId}
          aria-activedescendant={activeId}
          placeholder={mode === "revoke" ? "Revoke tokens of… (type a client's name)" : "Search, or type a command: new, go to, revoke…"}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          className="h-12 w-full bg-transparent text-sm outline-none placeholder:text-slate-400"
        />
        <kbd className="rounded border border-slate-300 px-1 text-xs text-slate-600 dark:border-slate-600 dark:text-slate-400">Esc</kbd>
      </div>
      <div role="listbox" id={listId} aria-label="Results" className="max-h-[55vh] overflow-y-auto p-1">
        {groups.map((g) => (
          <div key={g.kind} role="group" aria-labelledby={`${id}-group-${g.kind}`} className="py-1">
            <div id={`${id}-group-${g.kind}`} role="presentation" className="px-2 py-1 text-xs font-semibold uppercase tracking-wide text-slate-600 dark:text-slate-400">
              {g.kind === "command" ? "Commands" : kindLabels[g.kind]}
            </div>
            {g.items.map(({ hit, index, command }) => (
              <div
                key={`${hit.kind}-${hit.id}`}
                id={optionId(index)}
                role="option"
                aria-selected={index === current}
                onMouseDown={(e) => e.preventDefault()}
                onMouseMove={() => index !== current && setActive(index)}
                onClick={() => go({ hit, command })}
                className={`flex cursor-pointer items-baseline gap-3 rounded-md px-2 py-1.5 text-sm ${
                  index === current ? "bg-sky-100 text-slate-900 dark:bg-sky-900/60 dark:text-slate-50" : ""
                }`}
              >
                <span className={`shrink-0 ${command ? "" : "font-mono"}`}>{hit.name}</span>
                {hit.description ? <span className="truncate text-xs text-slate-600 dark:text-slate-400">{hit.description}</span> : null}
              </div>
            ))}
          </div>
        ))}
      </div>
      <p role="status" aria-live="polite" className="border-t border-slate-200 px-3 py-2 text-xs text-slate-600 dark:border-slate-700 dark:text-slate-400">
        {status}
        {flat.length ? <span className="sr-only">. Use the up and down arrows to choose, Enter to open.</span> : null}
      </p>
    </dialog>
  );
}
