import type { Metadata } from "next";
import Link from "next/link";
import { ChangeFilters } from "@/components/changes/change-filters";
import { InboxTabs } from "@/components/changes/inbox-tabs";
import { FilterError } from "@/components/forms/filter-fields";
import { Badge, criticalityTone, statusTone } from "@/components/ui/badge";
import { PageFooter } from "@/components/ui/next-page-link";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyRow, Table, Td, Th } from "@/components/ui/table";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { searchParamsObject } from "@/lib/catalog/queries/paging";
import { listChanges } from "@/lib/changes/queries/list-changes";
import { inboxCounts, inboxView, inboxWhere } from "@/lib/changes/queries/review-count";
import { db } from "@/lib/db/client";
import { formatDateTime } from "@/lib/format";
import { catchValidation } from "@/lib/validation-result";

export const metadata: Metadata = { title: "Changes" };

type SP = Promise<Record<string, string | string[] | undefined>>;

export default async function ChangesPage({ searchParams }: { searchParams: SP }) {
  const actor = await requireActor();
  const params = searchParamsObject(await searchParams);
  const canReview = can(actor, "change.approve");
  const requested = inboxView(params.view);
  // "Needs my review" is for those who approve; others asking for it see all
  const view = requested === "review" && !canReview ? "all" : requested;
  const [result, counts] = await Promise.all([catchValidation(listChanges(db(), params, inboxWhere(view, actor))), inboxCounts(db(), actor)]);
  const page = result.ok ? result.value : { items: [], total: 0, nextCursor: null };
  const empty = { review: "Nothing needs your review.", emergency: "No emergency change waits for its after-the-fact review.", mine: "You have not opened any change request that matches.", all: "No change requests match." }[view];
  return (
    <>
      <PageHeader title="Changes" description="Every change to the catalog is a change request: reviewed, applied atomically and recorded in the audit log." />
      <InboxTabs current={view} counts={counts} canReview={canReview} />
      <ChangeFilters params={params} />
      {result.ok ? null : <FilterError message={result.message} />}
      {view === "emergency" ? (
        <p className="mb-3 text-sm text-slate-700 dark:text-slate-300">
          Emergency changes applied first, under the emergency rule. An approver or admin other than the author confirms each one, or reverts it (the revert is an
          ordinary change request).
        </p>
      ) : null}
      <Table
        caption={
          view === "review" ? "Change requests that need my review" : view === "emergency" ? "Emergency changes waiting for review after the fact" : view === "mine" ? "My change requests" : "Change requests"
        }
      >
        <thead>
          <tr>
            <Th>Change</Th>
            <Th>Title</Th>
            <Th>Status</Th>
            <Th>Risk</Th>
            <Th>Author</Th>
            <Th>Operations</Th>
            <Th>Created</Th>
            <Th>Applied</Th>
          </tr>
        </thead>
        <tbody>
          {page.items.length === 0 ? <EmptyRow colSpan={8}>{empty}</EmptyRow> : null}
          {page.items.map((c) => (
            <tr key={c.id}>
              <Td mono>
                <Link href={`/changes/${c.number}`} className="text-sky-700 hover:underline dark:text-sky-400">
                  CR-{c.number}
                </Link>
              </Td>
              <Td>{c.title}</Td>
              <Td>
                <Badge tone={statusTone[c.status]}>{c.status}</Badge>
              </Td>
              <Td>
                <Badge tone={criticalityTone[c.risk]}>{c.risk}</Badge>
              </Td>
              <Td>{c.author}</Td>
              <Td>{c.operations}</Td>
              <Td>{formatDateTime(c.createdAt)}</Td>
              <Td>{formatDateTime(c.appliedAt)}</Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <PageFooter shown={page.items.length} total={page.total} nextCursor={page.nextCursor} params={params} noun="change requests" />
    </>
  );
}
