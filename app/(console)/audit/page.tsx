import type { Metadata } from "next";
import { AuditFilters } from "@/components/audit/audit-filters";
import { AuditPager } from "@/components/audit/audit-pager";
import { ChainStatus } from "@/components/audit/chain-status";
import { ExportButtons } from "@/components/audit/export-button";
import { EventTable } from "@/components/audit/event-table";
import { FilterError } from "@/components/forms/filter-fields";
import { PageHeader } from "@/components/ui/page-header";
import { listEvents } from "@/lib/audit/queries/list-events";
import { verifyAuditChain } from "@/lib/audit/verify";
import { searchParamsObject } from "@/lib/catalog/queries/paging";
import { db } from "@/lib/db/client";
import { catchValidation } from "@/lib/validation-result";
import { requireActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Audit" };

type SP = Promise<Record<string, string | string[] | undefined>>;

export default async function AuditPage({ searchParams }: { searchParams: SP }) {
  await requireActor();
  const params = searchParamsObject(await searchParams);
  const verify = params.verify === "1";
  const [result, chain] = await Promise.all([catchValidation(listEvents(db(), params)), verify ? verifyAuditChain(db()) : null]);
  const page = result.ok ? result.value : { items: [], nextBefore: null };
  const verifyHref = `/audit?${new URLSearchParams(Object.entries({ ...params, verify: "1" }).filter((e): e is [string, string] => !!e[1]))}`;
  return (
    <>
      <PageHeader
        title="Audit"
        description="Append-only, hash-chained record of every change and sign-in, newest first."
        actions={<ExportButtons params={params} />}
      />
      <ChainStatus result={chain} verifyHref={verifyHref} />
      <AuditFilters params={params} />
      {result.ok ? null : <FilterError message={result.message} />}
      <EventTable events={page.items} caption="Audit events" />
      <AuditPager params={params} shown={page.items.length} nextBefore={page.nextBefore} searchedFrom={"searchedFrom" in page ? page.searchedFrom : undefined} />
    </>
  );
}
