import { Badge, criticalityTone } from "@/components/ui/badge";
import type { Finding } from "@/lib/policy/findings";

/** Policy findings stored with a change request when it was opened. */
export function FindingsList({ findings }: { findings: Finding[] }) {
  return (
    <section aria-labelledby="policy-findings" className="mb-8">
      <h2 id="policy-findings" className="mb-2 font-semibold">
        Policy findings ({findings.length})
      </h2>
      {findings.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No policy check flagged this change when it was opened.</p>
      ) : (
        <ul className="flex flex-col gap-2 text-sm">
          {findings.map((f) => (
            <li key={`${f.checkId}-${f.target.entity}-${f.target.id}`} className="rounded-md border border-slate-200 bg-white px-3 py-2 dark:border-slate-800 dark:bg-slate-900">
              <span className="flex flex-wrap items-center gap-2">
                <Badge tone={criticalityTone[f.severity]}>{f.severity}</Badge>
                <code className="font-semibold">{f.checkId}</code>
                <span className="text-slate-600 dark:text-slate-400">
                  {f.target.entity} <span className="font-mono">{f.target.name}</span>
                  {f.environment ? ` in ${f.environment}` : ""}
                </span>
                {f.blocking ? <Badge tone="bad">blocking</Badge> : null}
              </span>
              <span className="mt-1 block">{f.message}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
