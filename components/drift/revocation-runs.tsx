"use client";
// The automated revocation policies on the Drift page: a dry run shows what
// they would do now; "Run now" opens the change requests (or applies them
// under their emergency rules); recent runs, scheduled or on demand, below.
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { postJson } from "@/components/drills/post-json";
import type { RunAction, RunResult } from "@/lib/revocation/run";

const button = "rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800";

export type RunRow = { id: string; at: string; trigger: string; dryRun: boolean; actorLabel: string; actions: RunAction[]; errors: { rule: string; message: string }[] };

function Actions({ actions, errors }: { actions: RunAction[]; errors: RunRow["errors"] }) {
  if (!actions.length && !errors.length) return <span>nothing to do</span>;
  return (
    <ul className="list-disc pl-5">
      {actions.map((a, i) => (
        <li key={i}>
          {a.summary}
          {a.changeRequest ? (
            <>
              {" — "}
              <Link href={`/changes/${a.changeRequest.number}`} className="text-sky-700 underline dark:text-sky-400">
                CR-{a.changeRequest.number}
              </Link>{" "}
              ({a.changeRequest.existing ? "already waiting" : a.changeRequest.status})
            </>
          ) : null}
        </li>
      ))}
      {errors.map((e) => (
        <li key={e.rule} className="text-rose-700 dark:text-rose-300">
          {e.rule}: {e.message}
        </li>
      ))}
    </ul>
  );
}

export function RevocationRuns({ runs, canRun }: { runs: RunRow[]; canRun: boolean }) {
  const router = useRouter();
  const run = useMutation({ mutationFn: (dryRun: boolean) => postJson<RunResult>("/api/v1/revocation-policies/run", { dryRun }), onSuccess: () => router.refresh() });
  return (
    <div className="text-sm">
      {canRun ? (
        <div className="mb-3 flex flex-wrap gap-2">
          <button type="button" className={button} disabled={run.isPending} onClick={() => run.mutate(true)}>
            Dry run revocation policies
          </button>
          <button type="button" className={button} disabled={run.isPending} onClick={() => run.mutate(false)}>
            Run revocation policies now
          </button>
        </div>
      ) : null}
      {run.isError ? (
        <p role="alert" className="mb-2 text-rose-700 dark:text-rose-300">
          {run.error.message}
        </p>
      ) : null}
      {run.data ? (
        <div role="status" aria-label="Revocation run result" className="mb-3 rounded-md border border-slate-200 p-3 dark:border-slate-800">
          <p className="mb-1 font-medium">{run.data.dryRun ? "Dry run: the policies would" : "The policies did"}:</p>
          <Actions actions={run.data.actions} errors={run.data.errors} />
        </div>
      ) : null}
      <table className="w-full text-left">
        <caption className="sr-only">Recent revocation policy runs</caption>
        <thead className="text-xs uppercase tracking-wide text-slate-600 dark:text-slate-400">
          <tr>
            <th className="py-1 pr-4">When</th>
            <th className="py-1 pr-4">Run</th>
            <th className="py-1">What it did</th>
          </tr>
        </thead>
        <tbody>
          {runs.length === 0 ? (
            <tr>
              <td colSpan={3} className="py-2 text-slate-600 dark:text-slate-400">
                No runs yet.
              </td>
            </tr>
          ) : null}
          {runs.map((r) => (
            <tr key={r.id} className="align-top">
              <td className="py-1 pr-4 font-mono text-xs">{r.at}</td>
              <td className="py-1 pr-4">
                {r.dryRun ? "dry run" : r.trigger} by {r.actorLabel}
              </td>
              <td className="py-1">
                <Actions actions={r.actions} errors={r.errors} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
