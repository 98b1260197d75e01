"use client";
// Downloads an audit export with the page's filters through fetch, so a long
// export shows how far it got (events and bytes received) and can be stopped.
import { useRef, useState } from "react";

type Format = "csv" | "ndjson";
type Progress = { format: Format; events: number; bytes: number; done: boolean; error?: string };

const filterNames = ["q", "actor", "action", "type", "client", "profile", "cr", "from", "to"] as const;

export function exportHref(format: Format, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams({ format });
  for (const n of filterNames) if (params[n]) query.set(n, params[n]!);
  return `/api/v1/audit/export?${query}`;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function filenameOf(res: Response, fallback: string): string {
  const m = /filename="([^"]+)"/.exec(res.headers.get("content-disposition") ?? "");
  return m?.[1] ?? fallback;
}

async function problemMessage(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { detail?: string };
    return body.detail ?? `Export failed (${res.status})`;
  } catch {
    return `Export failed (${res.status})`;
  }
}

const button =
  "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-50 disabled:opacity-50 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800";

export function ExportButtons({ params }: { params: Record<string, string | undefined> }) {
  const [progress, setProgress] = useState<Progress | null>(null);
  const abort = useRef<AbortController | null>(null);
  const running = !!progress && !progress.done;

  async function run(format: Format) {
    const controller = new AbortController();
    abort.current = controller;
    const state: Progress = { format, events: 0, bytes: 0, done: false };
    setProgress({ ...state });
    try {
      const res = await fetch(exportHref(format, params), { signal: controller.signal });
      if (!res.ok || !res.body) throw new Error(await problemMessage(res));
      const reader = res.body.getReader();
      const parts: Uint8Array<ArrayBuffer>[] = [];
      let lines = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parts.push(value as Uint8Array<ArrayBuffer>);
        state.bytes += value.byteLength;
        for (const b of value) if (b === 10) lines++;
        // CSV starts with a header line
        state.events = format === "csv" ? Math.max(0, lines - 1) : lines;
        setProgress({ ...state });
      }
      const blob = new Blob(parts, { type: res.headers.get("content-type") ?? "application/octet-stream" });
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = filenameOf(res, `perimeter-audit.${format}`);
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setProgress({ ...state, done: true });
    } catch (e) {
      const message = controller.signal.aborted ? "Export stopped." : e instanceof Error ? e.message : "Export failed.";
      setProgress({ ...state, done: true, error: message });
    } finally {
      abort.current = null;
    }
  }

  return (
    <div className="flex flex-wrap items-center gap-2">
      <button type="button" className={button} disabled={running} onClick={() => void run("csv")}>
        Export CSV
      </button>
      <button type="button" className={button} disabled={running} onClick={() => void run("ndjson")}>
        Export NDJSON
      </button>
      {running ? (
        <button type="button" className="text-sm text-sky-700 underline dark:text-sky-400" onClick={() => abort.current?.abort()}>
          Stop
        </button>
      ) : null}
      {progress ? (
        <span role={progress.error ? "alert" : "status"} aria-live="polite" className={`text-sm ${progress.error ? "text-rose-700 dark:text-rose-300" : "text-slate-600 dark:text-slate-400"}`}>
          {progress.error
            ? `${progress.error} ${progress.events.toLocaleString("en")} events received.`
            : `${progress.done ? "Exported" : "Exporting…"} ${progress.events.toLocaleString("en")} events (${formatBytes(progress.bytes)}) as ${progress.format.toUpperCase()}`}
        </span>
      ) : null}
    </div>
  );
}
