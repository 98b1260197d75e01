import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EventTable } from "@/components/audit/event-table";
import { EmergencyReview } from "@/components/changes/emergency-review";
import { ChangeSummary } from "@/components/changes/change-summary";
import { FindingsList } from "@/components/changes/findings-list";
import { OperationCard } from "@/components/changes/operation-card";
import { ReachDelta } from "@/components/changes/reach-delta";
import { ReviewPanel } from "@/components/changes/review-panel";
import { SecretPickup } from "@/components/changes/secret-pickup";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { reviewAbilities } from "@/lib/changes/approval-progress";
import { getChange } from "@/lib/changes/queries/get-change";
import { pendingSecrets } from "@/lib/changes/workflow/secret-delivery";
import { db } from "@/lib/db/client";

type Params = Promise<{ number: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  await requireActor();
  return { title: `CR-${(await params).number}` };
}

const link = "text-sm text-sky-700 underline dark:text-sky-400";

export default async function ChangePage({ params }: { params: Params }) {
  const actor = await requireActor();
  const change = await getChange(db(), (await params).number);
  if (!change) notFound();
  const waiting = await pendingSecrets(db(), change.id, actor?.kind === "user" ? actor.id : null);
  const abilities = reviewAbilities({
    viewer: actor?.kind === "user" ? { id: actor.id, role: actor.role } : null,
    status: change.status,
    authorId: change.authorId,
    decisions: change.approvals,
  });
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/changes" className={link}>
          ← Changes
        </Link>
      </p>
      <PageHeader title={`CR-${change.number}: ${change.title}`} />
      <ChangeSummary change={change} />
      <SecretPickup changeRequestId={change.id} waiting={waiting.map((w) => ({ ...w, expiresAt: w.expiresAt.toISOString() }))} />
      {change.emergency && (change.reviewDue || change.postReview) ? (
        <EmergencyReview
          id={change.id}
          number={change.number}
          reviewDue={change.reviewDue}
          postReview={change.postReview ? { ...change.postReview, at: change.postReview.at?.toISOString() ?? null } : null}
          canReview={can(actor, "change.approve") && actor.id !== change.authorId}
          isAuthor={actor.id !== null && actor.id === change.authorId}
        />
      ) : null}
      <ReachDelta reach={change.reach} number={change.number} />
      <section aria-labelledby="operations" className="mb-8">
        <h2 id="operations" className="mb-3 font-semibold">
          What it changes: {change.operations.length} operation{change.operations.length === 1 ? "" : "s"}
        </h2>
        <ol className="flex flex-col gap-3">
          {change.operations.map((op) => (
            <OperationCard key={op.seq} op={op} />
          ))}
        </ol>
      </section>
      <FindingsList findings={change.findings} />
      <ReviewPanel change={change} abilities={abilities} />
      <section aria-labelledby="audit-events">
        <div className="mb-3 flex items-baseline justify-between">
          <h2 id="audit-events" className="font-semibold">
            Audit events
          </h2>
          <Link href={`/audit?cr=${change.number}`} className={link}>
            Open in the audit log
          </Link>
        </div>
        <EventTable events={change.events} caption={`Audit events of CR-${change.number}`} showChange={false} />
      </section>
    </>
  );
}
