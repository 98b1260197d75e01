import type { Metadata } from "next";
import { BindingsTable } from "@/components/catalog/columns/bindings";
import { FilterBar, refOptions, valueOptions } from "@/components/ui/filter-bar";
import { NewLink } from "@/components/catalog/page-parts";
import { PageHeader } from "@/components/ui/page-header";
import { listBindings } from "@/lib/catalog/queries/list-bindings";
import { searchParamsObject } from "@/lib/catalog/queries/paging";
import { catalogRefs } from "@/lib/catalog/queries/refs";
import { clientKinds } from "@/lib/catalog/schemas";
import { db } from "@/lib/db/client";
import { toWire } from "@/lib/query/table-params";
import { requireActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Bindings" };

const sorts = [
  { value: "client", label: "Client" },
  { value: "profile", label: "Profile" },
  { value: "expiresAt", label: "Expiry" },
  { value: "-createdAt", label: "Newest" },
];

const temporaryOptions = [
  { value: "true", label: "Only temporary" },
  { value: "false", label: "Only standing" },
];

type SP = Promise<Record<string, string | string[] | undefined>>;

export default async function BindingsPage({ searchParams }: { searchParams: SP }) {
  const actor = await requireActor();
  const params = searchParamsObject(await searchParams);
  const [page, refs] = await Promise.all([listBindings(db(), params), catalogRefs(db())]);
  return (
    <>
      <PageHeader
        actions={<NewLink actor={actor} href="/bindings/new">New binding</NewLink>} title="Bindings" description="Which client holds which profile. A binding with an expiry is a temporary grant." />
      <FilterBar
        path="/bindings"
        params={params}
        searchLabel="Search bindings"
        placeholder="Search by client, profile or reason"
        selects={[
          { name: "temporary", label: "Duration", options: temporaryOptions, allLabel: "Temporary and standing" },
          { name: "clientKind", label: "Client kind", options: valueOptions(clientKinds) },
          { name: "environment", label: "Environment", options: refOptions(refs.environments) },
        ]}
        sorts={sorts}
        keep={["client", "profile"]}
      />
      <BindingsTable initialData={toWire(page)} params={params} />
    </>
  );
}
