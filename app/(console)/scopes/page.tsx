import type { Metadata } from "next";
import { ScopesTable } from "@/components/catalog/columns/scopes";
import { FilterBar, refOptions, valueOptions } from "@/components/ui/filter-bar";
import { NewLink } from "@/components/catalog/page-parts";
import { PageHeader } from "@/components/ui/page-header";
import { listScopes, scopeActions } from "@/lib/catalog/queries/list-scopes";
import { searchParamsObject } from "@/lib/catalog/queries/paging";
import { catalogRefs } from "@/lib/catalog/queries/refs";
import { db } from "@/lib/db/client";
import { toWire } from "@/lib/query/table-params";
import { requireActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Scopes" };

const sorts = [
  { value: "name", label: "Name" },
  { value: "action", label: "Action" },
  { value: "criticality", label: "Criticality" },
  { value: "-profiles", label: "Most held" },
  { value: "-updatedAt", label: "Recently changed" },
];

type SP = Promise<Record<string, string | string[] | undefined>>;

export default async function ScopesPage({ searchParams }: { searchParams: SP }) {
  const actor = await requireActor();
  const params = searchParamsObject(await searchParams);
  const [page, refs, actions] = await Promise.all([listScopes(db(), params), catalogRefs(db()), scopeActions(db())]);
  const onResource = params.resource ? (page.items[0]?.resource.name ?? "one resource") : null;
  return (
    <>
      <PageHeader
        actions={<NewLink actor={actor} href="/scopes/new">New scope</NewLink>}
        title="Scopes"
        description={onResource ? `Scopes on ${onResource}.` : "One action on one resource, written resource:action. Profiles bundle them."}
      />
      <FilterBar
        path="/scopes"
        params={params}
        searchLabel="Search scopes"
        placeholder="Search by resource, action or description"
        selects={[
          { name: "environment", label: "Environment", options: refOptions(refs.environments) },
          { name: "domain", label: "Domain", options: refOptions(refs.domains) },
          { name: "action", label: "Action", options: valueOptions(actions) },
        ]}
        sorts={sorts}
        keep={["resource"]}
      />
      <ScopesTable initialData={toWire(page)} params={params} />
    </>
  );
}
