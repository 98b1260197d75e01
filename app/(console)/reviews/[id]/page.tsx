import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CompleteButton } from "@/components/reviews/complete-button";
import { DecisionButtons } from "@/components/reviews/decision-buttons";
import { Badge } from "@/components/ui/badge";
import { PageHeader } from "@/components/ui/page-header";
import { Table, Td, Th } from "@/components/ui/table";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { getReview, type ReviewDetail } from "@/lib/reviews/queries";

export const metadata: Metadata = { title: "Access review" };

const link = "text-sky-700 hover:underline dark:text-sky-400";
const decisionTone = { pending: "neutral", confirm: "good", revoke: "bad" } as const;

async function load(id: string): Promise<ReviewDetail> {
  try {
    return await getReview(db(), id);
  } catch (e) {
    if (e instanceof AppError && e.code === "not_found") notFound();
    throw e;
  }
}

export default async function ReviewPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const { id } = await params;
  const review = await load(id);
  const open = review.status === "open";
  const canDecide = open && can(actor, "review.decide");
  const { counts } = review;
  return (
    <>
      <PageHeader
        title={review.name}
        description={`Access review of the bindings in ${review.scopeKind} ${review.scopeName}, started ${formatDateTime(review.createdAt)} by ${review.createdBy}.`}
      />
      <p className="mb-4 flex flex-wrap items-center gap-3 text-sm">
        <Badge tone={open ? "info" : "good"}>{review.status}</Badge>
        <span>
          {counts.total - counts.pending} of {counts.total} decided: {counts.confirm} confirmed, {counts.revoke} to revoke
        </span>
        {review.completedAt ? (
          <span className="text-slate-600 dark:text-slate-400">
            Completed {formatDateTime(review.completedAt)} by {review.completedBy}
          </span>
        ) : null}
        {review.changeRequest ? (
          <span>
            Revocations:{" "}
            <Link href={`/changes/${review.changeRequest}`} className={`font-medium ${link}`}>
              CR-{review.changeRequest}
            </Link>
          </span>
        ) : null}
        <Link href={`/audit?type=accessReview&q=${encodeURIComponent(review.name)}`} className={link}>
          Audit trail
        </Link>
      </p>
      {open && can(actor, "review.manage") ? (
        <div className="mb-4">
          <CompleteButton id={review.id} pending={counts.pending} revoke={counts.revoke} />
        </div>
      ) : null}
      <Table caption="Bindings under review">
        <thead>
          <tr>
            <Th>Client</Th>
            <Th>Profile</Th>
            <Th>Expires</Th>
            <Th>Reason</Th>
            <Th>Decision</Th>
            <Th>Reviewer</Th>
            {canDecide ? <Th>Review</Th> : null}
          </tr>
        </thead>
        <tbody>
          {review.items.map((i) => {
            const binding = `${i.clientName} → ${i.profileName}`;
            return (
              <tr key={i.id}>
                <Td>
                  <Link href={`/clients/${i.clientId}`} className={`font-mono text-[13px] ${link}`}>
                    {i.clientName}
                  </Link>{" "}
                  <span className="text-xs text-slate-600 dark:text-slate-400">{i.clientKind}</span>
                </Td>
                <Td>
                  <Link href={`/profiles/${i.profileId}`} className={`font-mono text-[13px] ${link}`}>
                    {i.profileName}
                  </Link>
                </Td>
                <Td>{i.expiresAt ? formatDateTime(i.expiresAt) : "never"}</Td>
                <Td>{i.reason}</Td>
                <Td>
                  <Badge tone={decisionTone[i.decision as keyof typeof decisionTone] ?? "neutral"}>{i.decision}</Badge>
                  {i.comment ? <span className="ml-2 text-xs text-slate-600 dark:text-slate-400">{i.comment}</span> : null}
                </Td>
                <Td>{i.reviewer ? `${i.reviewer}, ${formatDateTime(i.decidedAt)}` : ""}</Td>
                {canDecide ? (
                  <Td>
                    <DecisionButtons reviewId={review.id} itemId={i.id} binding={binding} decision={i.decision} />
                  </Td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </Table>
    </>
  );
}
