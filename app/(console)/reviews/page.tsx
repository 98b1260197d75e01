import type { Metadata } from "next";
import Link from "next/link";
import { StartReviewForm } from "@/components/reviews/start-review-form";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyRow, Table, Td, Th } from "@/components/ui/table";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { catalogRefs } from "@/lib/catalog/queries/refs";
import { db } from "@/lib/db/client";
import { formatDateTime } from "@/lib/format";
import { listReviews } from "@/lib/reviews/queries";

export const metadata: Metadata = { title: "Access reviews" };

const link = "text-sky-700 hover:underline dark:text-sky-400";

export default async function ReviewsPage() {
  const actor = await requireActor();
  const [reviews, refs] = await Promise.all([listReviews(db()), catalogRefs(db())]);
  return (
    <>
      <PageHeader
        title="Access reviews"
        description="Campaigns over a domain's or an environment's bindings: reviewers confirm or revoke each, and completing one proposes every revocation in a single change request."
      />
      {can(actor, "review.manage") ? <StartReviewForm domains={refs.domains} environments={refs.environments} /> : null}
      <Table caption="Access reviews">
        <thead>
          <tr>
            <Th>Review</Th>
            <Th>Over</Th>
            <Th>Status</Th>
            <Th>Decided</Th>
            <Th>Started</Th>
            <Th>Change</Th>
          </tr>
        </thead>
        <tbody>
          {reviews.length === 0 ? <EmptyRow colSpan={6}>No access reviews yet.</EmptyRow> : null}
          {reviews.map((r) => (
            <tr key={r.id}>
              <Td>
                <Link href={`/reviews/${r.id}`} className={`font-medium ${link}`}>
                  {r.name}
                </Link>
              </Td>
              <Td>
                <span className="text-slate-600 dark:text-slate-400">{r.scopeKind}</span> <span className="font-mono text-[13px]">{r.scopeName}</span>
              </Td>
              <Td>
                <Badge tone={r.status === "completed" ? "good" : "info"}>{r.status}</Badge>
              </Td>
              <Td>
                {r.counts.total - r.counts.pending} of {r.counts.total}
                {r.counts.revoke ? <span className="text-rose-700 dark:text-rose-300"> · {r.counts.revoke} revoked</span> : null}
              </Td>
              <Td>
                {formatDateTime(r.createdAt)} <span className="text-slate-600 dark:text-slate-400">by {r.createdBy}</span>
              </Td>
              <Td mono>
                {r.changeRequest ? (
                  <Link href={`/changes/${r.changeRequest}`} className={link}>
                    CR-{r.changeRequest}
                  </Link>
                ) : null}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
    </>
  );
}
