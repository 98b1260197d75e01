"use client";
// One drill, live: the clock, the blast radius, which instances still accept
// the canary, the real incident actions, then the report. Polls the drill
// every second while it runs.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import type { DrillDetail } from "@/lib/drills/queries";
import { drillKeys } from "@/lib/drills/query-keys";
import { drillActionLabels, drillActions, type DrillAction } from "@/lib/drills/types";
import { fetchJson } from "@/lib/query/fetch-json";
import { DrillReportView } from "./drill-report";
import { postJson } from "./post-json";
import { counted } from "@/lib/format";

/** The drill as the API sends it: dates as ISO strings. */
export type DrillJson = Omit<DrillDetail, "startedAt" | "containedAt" | "firstActionAt" | "completedAt" | "scheduledFor" | "createdAt" | "canaryExpiresAt" | "events"> & {
  startedAt: string | null;
  containedAt: string | null;
  firstActionAt: string | null;
  completedAt: string | null;
  scheduledFor: string | null;
  createdAt: string;
  canaryExpiresAt: string | null;
  events: { id: string; at: string; kind: string; instance: string; message: string; detail: Record<string, unknown> }[];
};

const button = "rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800";
const danger = "rounded-md bg-rose-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-rose-800 disabled:opacity-50";
const card = "mb-6 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900";

function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/** The ticking clock: null until the browser takes over, so the server's render and the first client render agree. */
function useNow(active: boolean) {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

export function DrillLive({ initial, canAct }: { initial: DrillJson; canAct: boolean }) {
  const queryClient = useQueryClient();
  const key = drillKeys.one(String(initial.number));
  const { data: d } = useQuery({
    queryKey: key,
    queryFn: () => fetchJson<DrillJson>(`/api/v1/drills/${initial.number}`),
    initialData: initial,
    refetchInterval: (q) => (q.state.data && ["running", "contained", "scheduled"].includes(q.state.data.status) ? 1_000 : false),
  });
  const running = d.status === "running";
  const now = useNow(running);
  // the responder's buttons wait for React: a click on the server's HTML would be lost, mid-incident
  const hydrated = useHydrated();
  const started = d.startedAt ? new Date(d.startedAt).getTime() : null;
  const end = d.containedAt ? new Date(d.containedAt).getTime() : d.completedAt ? new Date(d.completedAt).getTime() : now;
  const refresh = () => void queryClient.invalidateQueries({ queryKey: key });
  const act = useMutation({ mutationFn: (action: DrillAction) => postJson<{ message: string }>(`/api/v1/drills/${d.number}/actions`, { action }), onSettled: refresh });
  const complete = useMutation({ mutationFn: () => postJson(`/api/v1/drills/${d.number}/complete`), onSettled: refresh });
  const cancel = useMutation({ mutationFn: () => postJson(`/api/v1/drills/${d.number}/cancel`), onSettled: refresh });
  const rollback = useMutation({
    mutationFn: () => postJson<{ reverts: { of: number; changeRequest: { number: number; status: string } }[] }>(`/api/v1/drills/${d.number}/rollback`),
    onSettled: refresh,
  });
  const radius = Array.isArray(d.blastRadius) ? null : d.blastRadius;
  const firstAt = (kind: string, url: string) => d.events.find((e) => e.kind === kind && e.instance === url)?.at ?? null;
  const error = [act, complete, cancel, rollback].find((m) => m.isError)?.error;

  return (
    <>
      <section aria-labelledby="clock" className={card}>
        <h2 id="clock" className="mb-2 font-semibold">
          Clock
        </h2>
        <p className="text-3xl font-semibold tabular-nums" aria-label="Time since the drill started">
          {started === null ? (d.scheduledFor ? `scheduled for ${new Date(d.scheduledFor).toLocaleString()}` : "—") : end === null ? "…" : `${((end - started) / 1000).toFixed(1)} s`}
        </p>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Status: <strong data-testid="drill-status">{d.status}</strong>. Objective: contained on every instance within {d.objectiveSeconds} s.
          {d.containedAt ? " Every instance rejects the canary." : null}
        </p>
      </section>

      {radius ? (
        <section aria-labelledby="blast" className={card}>
          <h2 id="blast" className="mb-2 font-semibold">
            Blast radius at the start
          </h2>
          <p className="mb-2 text-sm">
            A stolen token of {d.clientName} reaches {counted(radius.resources, "resource")}, {counted(radius.actions, "action")}, {radius.protected} in protected environments.
          </p>
          <ul className="list-disc pl-5 font-mono text-xs">
            {radius.items.map((i) => (
              <li key={i}>{i}</li>
            ))}
          </ul>
        </section>
      ) : null}

      {d.instances.length ? (
        <section aria-labelledby="instances" className={card}>
          <h2 id="instances" className="mb-2 font-semibold">
            Instances
          </h2>
          <table className="w-full text-sm">
            <caption className="sr-only">Which instances accept the canary</caption>
            <thead>
              <tr className="text-left">
                <th className="py-1">Instance</th>
                <th className="py-1">Canary</th>
              </tr>
            </thead>
            <tbody>
              {d.instances.map((url) => {
                const rejected = firstAt("canary.rejected", url);
                const accepted = firstAt("canary.accepted", url);
                return (
                  <tr key={url}>
                    <td className="py-1 font-mono">{url}</td>
                    <td className="py-1">{rejected ? "rejected" : accepted ? "accepted" : "not yet asked"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      ) : null}

      {canAct && (running || d.status === "contained") ? (
        <section aria-labelledby="respond" className={card}>
          <h2 id="respond" className="mb-1 font-semibold">
            Respond
          </h2>
          <p className="mb-3 text-sm text-slate-600 dark:text-slate-400">
            These are the real incident actions: they change {d.clientName}&apos;s access now (emergency change requests, reviewed after the fact).
          </p>
          <div className="flex flex-wrap gap-2">
            {drillActions.map((a) => (
              <button key={a} type="button" className={danger} disabled={!hydrated || act.isPending} onClick={() => act.mutate(a)}>
                {drillActionLabels[a]}
              </button>
            ))}
            <button type="button" className={button} disabled={!hydrated || complete.isPending} onClick={() => complete.mutate()}>
              Complete drill
            </button>
          </div>
          {act.data ? (
            <p role="status" className="mt-2 text-sm">
              {act.data.message}
            </p>
          ) : null}
        </section>
      ) : null}

      {canAct && d.status === "scheduled" ? (
        <button type="button" className={`${button} mb-6`} onClick={() => cancel.mutate()}>
          Cancel drill
        </button>
      ) : null}

      {error ? (
        <p role="alert" className="mb-4 text-sm text-rose-700 dark:text-rose-300">
          {error.message}
        </p>
      ) : null}

      {d.report ? (
        <>
          <DrillReportView report={d.report} />
          <div className="mb-6 flex flex-wrap items-center gap-3 text-sm">
            <a className={button} href={`/api/v1/drills/${d.number}/report?format=json`} download>
              Export JSON
            </a>
            <a className={button} href={`/api/v1/drills/${d.number}/report?format=markdown`} download>
              Export Markdown
            </a>
            {canAct ? (
              <button type="button" className={button} disabled={!hydrated || rollback.isPending || !!rollback.data} onClick={() => rollback.mutate()}>
                Roll back containment
              </button>
            ) : null}
            {rollback.data ? (
              <span role="status">
                {rollback.data.reverts.map((r) => (
                  <Link key={r.of} href={`/changes/${r.changeRequest.number}`} className="mr-2 text-sky-700 underline dark:text-sky-400">
                    CR-{r.changeRequest.number} reverts CR-{r.of} ({r.changeRequest.status})
                  </Link>
                ))}
              </span>
            ) : null}
          </div>
        </>
      ) : null}

      <section aria-labelledby="timeline" className={card}>
        <h2 id="timeline" className="mb-2 font-semibold">
          Timeline
        </h2>
        <ol aria-label="Drill timeline" className="grid gap-1 text-sm">
          {d.events.map((e) => (
            <li key={e.id} data-kind={e.kind}>
              <span className="font-mono text-xs text-slate-600 dark:text-slate-400">{started === null ? e.at : `+${((new Date(e.at).getTime() - started) / 1000).toFixed(2)} s`}</span> <strong>{e.kind}</strong>: {e.message}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
