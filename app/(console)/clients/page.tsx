import type { Metadata } from "next";
import { ClientsTable } from "@/components/catalog/columns/clients";
import { FilterBar, refOptions, valueOptions } from "@/components/ui/filter-bar";
import { NewLink } from "@/components/catalog/page-parts";
import { PageHeader } from "@/components/ui/page-header";
import { listClients } from "@/lib/catalog/queries/list-clients";
import { searchParamsObject } from "@/lib/catalog/queries/paging";
import { catalogRefs } from "@/lib/catalog/queries/refs";
import { clientKinds, clientStatuses } from "@/lib/catalog/schemas";
import { db } from "@/lib/db/client";
import { toWire } from "@/lib/query/table-params";
import { requireActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Clients" };

const sorts = [
  { value: "name", label: "Name" },
  { value: "kind", label: "Kind" },
  { value: "status", label: "Status" },
  { value: "-updatedAt", label: "Recently changed" },
];

type SP = Promise<Record<string, string | string[] | undefined>>;

export default async function ClientsPage({ searchParams }: { searchParams: SP }) {
  const actor = await requireActor();
  const params = searchParamsObject(await searchParams);
  const [page, refs] = await Promise.all([listClients(db(), params), catalogRefs(db())]);
  return (
    <>
      <PageHeader
        actions={<NewLink actor={actor} href="/clients/new">New client</NewLink>} title="Clients" description="Who acts: people, pipelines, jobs, services and provisioning keys, and the profiles they are bound to." />
      <FilterBar
        path="/clients"
        params={params}
        searchLabel="Search clients"
        placeholder="Search by name, owner or description"
        selects={[
          { name: "kind", label: "Kind", options: valueOptions(clientKinds) },
          { name: "status", label: "Status", options: valueOptions(clientStatuses) },
          { name: "domain", label: "Domain", options: refOptions(refs.domains) },
        ]}
        sorts={sorts}
      />
      <ClientsTable initialData={toWire(page)} params={params} />
    </>
  );
}
