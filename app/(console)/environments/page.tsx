import type { Metadata } from "next";
import { EnvironmentsTable } from "@/components/catalog/columns/environments";
import { FilterBar, valueOptions } from "@/components/ui/filter-bar";
import { NewLink } from "@/components/catalog/page-parts";
import { PageHeader } from "@/components/ui/page-header";
import { listEnvironments } from "@/lib/catalog/queries/list-environments";
import { searchParamsObject } from "@/lib/catalog/queries/paging";
import { protections } from "@/lib/catalog/schemas";
import { db } from "@/lib/db/client";
import { toWire } from "@/lib/query/table-params";
import { requireActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Environments" };

const sorts = [
  { value: "rank", label: "Rank" },
  { value: "name", label: "Name" },
  { value: "-resources", label: "Most resources" },
  { value: "-updatedAt", label: "Recently changed" },
];

type SP = Promise<Record<string, string | string[] | undefined>>;

export default async function EnvironmentsPage({ searchParams }: { searchParams: SP }) {
  const actor = await requireActor();
  const params = searchParamsObject(await searchParams);
  const page = await listEnvironments(db(), params);
  return (
    <>
      <PageHeader
        actions={<NewLink actor={actor} href="/environments/new">New environment</NewLink>}
        title="Environments"
        description="Where resources run. Protected environments need review, and can make policy checks block a change."
      />
      <FilterBar
        path="/environments"
        params={params}
        searchLabel="Search environments"
        placeholder="Search by name"
        selects={[{ name: "protection", label: "Protection", options: valueOptions(protections) }]}
        sorts={sorts}
      />
      <EnvironmentsTable initialData={toWire(page)} params={params} />
    </>
  );
}
