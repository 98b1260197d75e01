// A completed drill's report: figures, gaps and findings.
import type { DrillReport } from "@/lib/drills/types";
import { counted } from "@/lib/format";

const seconds = (ms: number | null) => (ms === null ? "—" : `${(ms / 1000).toFixed(1)} s`);
const card = "mb-6 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900";

export function DrillReportView({ report: r }: { report: DrillReport }) {
  const rows: [string, string][] = [
    ["Time to first containment action", seconds(r.figures.timeToFirstActionMs)],
    ["Time until every instance rejected the canary", seconds(r.figures.timeToContainmentMs)],
    ["Propagation after the first action", seconds(r.figures.propagationMs)],
    ["Objective", `${r.drill.objectiveSeconds} s (${r.figures.objectiveMet ? "met" : "missed"})`],
    ["Still reachable at the end", `${counted(r.remaining.resources, "resource")}, ${r.remaining.protected} protected`],
  ];
  return (
    <section aria-labelledby="report" className={card}>
      <h2 id="report" className="mb-2 font-semibold">
        Report
      </h2>
      <dl aria-label="Drill figures" className="mb-4 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-slate-600 dark:text-slate-400">{k}</dt>
            <dd className="tabular-nums">{v}</dd>
          </div>
        ))}
      </dl>
      <h3 className="mb-1 text-sm font-semibold">Findings</h3>
      <ul aria-label="Drill findings" className="mb-3 list-disc pl-5 text-sm">
        {r.findings.length ? r.findings.map((f) => <li key={f.message}>{`${f.severity}: ${f.message}`}</li>) : <li>None: containment met the objective.</li>}
      </ul>
      <h3 className="mb-1 text-sm font-semibold">Gaps</h3>
      <ul aria-label="Drill gaps" className="list-disc pl-5 text-sm">
        {r.gaps.length ? r.gaps.map((g) => <li key={g}>{g}</li>) : <li>None found.</li>}
      </ul>
    </section>
  );
}
