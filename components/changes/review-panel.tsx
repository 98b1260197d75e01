import { Badge } from "@/components/ui/badge";
import { EmptyRow, Table, Td, Th } from "@/components/ui/table";
import type { ReviewAbilities } from "@/lib/changes/approval-progress";
import type { ChangeDetail } from "@/lib/changes/queries/get-change";
import { formatDateTime } from "@/lib/format";
import { reachSummary } from "@/lib/changes/approval-progress";
import { ReviewActions } from "./review-actions";

const decisionLabel: Record<string, { text: string; tone: "good" | "warn" | "bad" }> = {
  approve: { text: "approved", tone: "good" },
  request_changes: { text: "changes requested", tone: "warn" },
  reject: { text: "rejected", tone: "bad" },
};

const muted = "text-slate-600 dark:text-slate-400";

/** The approval requirement and progress, who decided what, the discussion, and the controls. */
export function ReviewPanel({ change, abilities }: { change: ChangeDetail; abilities: ReviewAbilities }) {
  const review = change.review;
  const progress = review?.progress;
  return (
    <section aria-labelledby="review" className="mb-8 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="review" className="mb-2 font-semibold">
        Review
      </h2>
      {review && progress ? (
        <div className="mb-4 text-sm">
          <p className="flex flex-wrap items-center gap-2">
            <span className="font-medium">{progress.text}</span>
            {progress.satisfied && !review.requirement.autoApply ? <Badge tone="good">requirement met</Badge> : null}
          </p>
          {!review.requirement.autoApply ? (
            <p className={`mt-1 ${muted}`}>
              Needs {review.requirement.approvals} approval{review.requirement.approvals === 1 ? "" : "s"} from approvers or admins other than the author
              {progress.ownerNeeded ? ", one of them an owner of an affected domain" : ""}, as the approval rules required for {change.risk} risk when it was
              opened.
            </p>
          ) : null}
          {change.status === "open" && progress.missing.length ? (
            <ul aria-label="Still needed" className="mt-2 space-y-1">
              {progress.missing.map((m) => (
                <li key={m.need} className="rounded-md bg-amber-50 px-2 py-1 text-amber-950 dark:bg-amber-950 dark:text-amber-100">
                  <span className="font-medium">Still needs {m.need}.</span>{" "}
                  {m.who.length ? `Who can give it: ${m.who.join(", ")}.` : "Nobody can give it yet: add an owner to the domain (Domains → Edit) or an approver in Settings."}
                </li>
              ))}
            </ul>
          ) : null}
          {review.domains.length ? (
            <ul aria-label="Affected domains and their owners" className={`mt-1 ${muted}`}>
              {review.domains.map((d) => (
                <li key={d.id}>
                  <span className="font-medium text-slate-700 dark:text-slate-300">{d.name}</span>: owned by{" "}
                  {d.owners.length ? d.owners.join(", ") : "nobody yet"}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : (
        <p className={`mb-4 text-sm ${muted}`}>This request went through the write path directly; no review was recorded.</p>
      )}

      <div className="mb-4">
        <Table caption={`Reviews of CR-${change.number}`}>
          <thead>
            <tr>
              <Th>Reviewer</Th>
              <Th>Decision</Th>
              <Th>Comment</Th>
              <Th>When</Th>
            </tr>
          </thead>
          <tbody>
            {change.approvals.length === 0 ? <EmptyRow colSpan={4}>No reviews yet.</EmptyRow> : null}
            {change.approvals.map((a) => {
              const d = decisionLabel[a.decision] ?? { text: a.decision, tone: "bad" as const };
              return (
                <tr key={a.userId}>
                  <Td>
                    {a.email}
                    {a.owner ? (
                      <>
                        {" "}
                        <Badge tone="info">domain owner</Badge>
                      </>
                    ) : null}
                  </Td>
                  <Td>
                    <Badge tone={d.tone}>{d.text}</Badge>
                  </Td>
                  <Td>{a.comment || <span className={muted}>—</span>}</Td>
                  <Td>{formatDateTime(a.at)}</Td>
                </tr>
              );
            })}
          </tbody>
        </Table>
      </div>

      {change.comments.length ? (
        <div className="mb-4">
          <h3 className="mb-2 text-sm font-medium">Discussion ({change.comments.length})</h3>
          <ol aria-label="Comments" className="flex flex-col gap-2 text-sm">
            {change.comments.map((c) => (
              <li key={c.id} className="rounded-md border border-slate-200 px-3 py-2 dark:border-slate-800">
                <p className={`text-xs ${muted}`}>
                  {c.author} · {formatDateTime(c.at)}
                </p>
                <p className="mt-0.5 whitespace-pre-wrap">{c.body}</p>
              </li>
            ))}
          </ol>
        </div>
      ) : null}

      <ReviewActions
        id={change.id}
        number={change.number}
        status={change.status}
        abilities={abilities}
        guard={{ risk: change.risk, reach: change.reach ? reachSummary(change.reach) : "not recorded for this request" }}
      />
    </section>
  );
}
