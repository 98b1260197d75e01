import type { Metadata } from "next";
import { DomainsTable } from "@/components/catalog/columns/domains";
import { FilterBar } from "@/components/ui/filter-bar";
import { NewLink } from "@/components/catalog/page-parts";
import { PageHeader } from "@/components/ui/page-header";
import { listDomains } from "@/lib/catalog/queries/list-domains";
import { searchParamsObject } from "@/lib/catalog/queries/paging";
import { db } from "@/lib/db/client";
import { toWire } from "@/lib/query/table-params";
import { requireActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Domains" };

const sorts = [
  { value: "name", label: "Name" },
  { value: "-resources", label: "Most resources" },
  { value: "-updatedAt", label: "Recently changed" },
];

type SP = Promise<Record<string, string | string[] | undefined>>;

export default async function DomainsPage({ searchParams }: { searchParams: SP }) {
  const actor = await requireActor();
  const params = searchParamsObject(await searchParams);
  const page = await listDomains(db(), params);
  return (
    <>
      <PageHeader
        actions={<NewLink actor={actor} href="/domains/new">New domain</NewLink>} title="Domains" description="Segments of the infrastructure and their owners, who approve changes within them." />
      <FilterBar path="/domains" params={params} searchLabel="Search domains" placeholder="Search by name or description" sorts={sorts} />
      <DomainsTable initialData={toWire(page)} params={params} />
    </>
  );
}
