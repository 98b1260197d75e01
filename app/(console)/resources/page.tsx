import type { Metadata } from "next";
import { ResourcesTable } from "@/components/catalog/columns/resources";
import { FilterBar, refOptions, valueOptions } from "@/components/ui/filter-bar";
import { NewLink } from "@/components/catalog/page-parts";
import { PageHeader } from "@/components/ui/page-header";
import { listResources } from "@/lib/catalog/queries/list-resources";
import { searchParamsObject } from "@/lib/catalog/queries/paging";
import { catalogRefs } from "@/lib/catalog/queries/refs";
import { criticalities, resourceKinds } from "@/lib/catalog/schemas";
import { db } from "@/lib/db/client";
import { toWire } from "@/lib/query/table-params";
import { requireActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Resources" };

const sorts = [
  { value: "name", label: "Name" },
  { value: "kind", label: "Kind" },
  { value: "criticality", label: "Criticality" },
  { value: "-updatedAt", label: "Recently changed" },
];

type SP = Promise<Record<string, string | string[] | undefined>>;

export default async function ResourcesPage({ searchParams }: { searchParams: SP }) {
  const actor = await requireActor();
  const params = searchParamsObject(await searchParams);
  const [page, refs] = await Promise.all([listResources(db(), params), catalogRefs(db())]);
  return (
    <>
      <PageHeader
        actions={<NewLink actor={actor} href="/resources/new">New resource</NewLink>} title="Resources" description="Infrastructure that scopes act on: compute, storage, network, clusters, ingress routes and databases." />
      <FilterBar
        path="/resources"
        params={params}
        searchLabel="Search resources"
        placeholder="Search by name, owner or description"
        selects={[
          { name: "environment", label: "Environment", options: refOptions(refs.environments) },
          { name: "domain", label: "Domain", options: refOptions(refs.domains) },
          { name: "kind", label: "Kind", options: valueOptions(resourceKinds) },
          { name: "criticality", label: "Criticality", options: valueOptions(criticalities) },
        ]}
        sorts={sorts}
      />
      <ResourcesTable initialData={toWire(page)} params={params} />
    </>
  );
}
