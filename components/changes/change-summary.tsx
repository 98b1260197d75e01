import Link from "next/link";
import { Badge, criticalityTone, statusTone } from "@/components/ui/badge";
import type { ChangeDetail } from "@/lib/changes/queries/get-change";
import { formatDateTime } from "@/lib/format";

function Item({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs uppercase tracking-wide text-slate-600 dark:text-slate-400">{term}</dt>
      <dd className="mt-0.5">{children}</dd>
    </div>
  );
}

const link = "text-sky-700 underline dark:text-sky-400";
const heading = "text-xs uppercase tracking-wide text-slate-600 dark:text-slate-400";

/** The header of a change request: state, risk and why, timing, and how it relates to reverts. */
export function ChangeSummary({ change }: { change: ChangeDetail }) {
  const temporary = change.expiresAt && !change.revertOf;
  return (
    <section aria-label="Summary" className="mb-6 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <dl className="grid grid-cols-2 gap-4 text-sm md:grid-cols-3 xl:grid-cols-6">
        <Item term="Status">
          <Badge tone={statusTone[change.status]}>{change.status}</Badge>
          {change.emergency ? (
            <span className="ml-1">
              <Badge tone="bad">emergency</Badge>
            </span>
          ) : null}
        </Item>
        <Item term="Risk">
          <Badge tone={criticalityTone[change.risk]}>{change.risk}</Badge>
        </Item>
        <Item term="Author">{change.author}</Item>
        <Item term="Created">{formatDateTime(change.createdAt)}</Item>
        <Item term="Applied">{formatDateTime(change.appliedAt)}</Item>
        {change.expiresAt ? <Item term={temporary ? "Undone automatically at" : "Expires"}>{formatDateTime(change.expiresAt)}</Item> : null}
      </dl>
      {change.riskReasons.length ? (
        <div className="mt-4 text-sm">
          <h2 className={heading}>Why {change.risk} risk</h2>
          <ul aria-label="Risk reasons" className="mt-0.5 list-disc pl-5">
            {change.riskReasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {temporary ? (
        <p className="mt-4 text-sm text-amber-800 dark:text-amber-300">
          Temporary change: {change.status === "applied" ? "its inverse is applied" : "once applied, its inverse is applied"} automatically at{" "}
          {formatDateTime(change.expiresAt)}.
        </p>
      ) : null}
      {change.status === "stale" && change.staleReason ? (
        <p role="note" className="mt-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200">
          <strong>Stale:</strong> {change.staleReason}. Open a new request against the current catalog.
        </p>
      ) : null}
      {change.revertOf || change.revertedBy.length ? (
        <ul aria-label="Related changes" className="mt-4 space-y-1 text-sm">
          {change.revertOf ? (
            <li>
              Reverts{" "}
              <Link href={`/changes/${change.revertOf.number}`} className={link}>
                CR-{change.revertOf.number}
              </Link>
              : {change.revertOf.title} <Badge tone={statusTone[change.revertOf.status]}>{change.revertOf.status}</Badge>
            </li>
          ) : null}
          {change.revertedBy.map((r) => (
            <li key={r.number}>
              Reverted by{" "}
              <Link href={`/changes/${r.number}`} className={link}>
                CR-{r.number}
              </Link>
              : {r.title} <Badge tone={statusTone[r.status]}>{r.status}</Badge>
            </li>
          ))}
        </ul>
      ) : null}
      <div className="mt-4 text-sm">
        <h2 className={heading}>Reason</h2>
        <p className="mt-0.5 whitespace-pre-wrap">{change.reason || <span className="text-slate-600 dark:text-slate-400">No reason given.</span>}</p>
      </div>
    </section>
  );
}
