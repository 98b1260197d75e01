import type { Metadata } from "next";
import { ProfilesTable } from "@/components/catalog/columns/profiles";
import { FilterBar, refOptions } from "@/components/ui/filter-bar";
import { NewLink } from "@/components/catalog/page-parts";
import { PageHeader } from "@/components/ui/page-header";
import { listProfiles } from "@/lib/catalog/queries/list-profiles";
import { searchParamsObject } from "@/lib/catalog/queries/paging";
import { catalogRefs } from "@/lib/catalog/queries/refs";
import { db } from "@/lib/db/client";
import { toWire } from "@/lib/query/table-params";
import { requireActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Profiles" };

const sorts = [
  { value: "name", label: "Name" },
  { value: "-version", label: "Version" },
  { value: "-lifetime", label: "Longest token lifetime" },
  { value: "-updatedAt", label: "Recently changed" },
];

type SP = Promise<Record<string, string | string[] | undefined>>;

export default async function ProfilesPage({ searchParams }: { searchParams: SP }) {
  const actor = await requireActor();
  const params = searchParamsObject(await searchParams);
  const [page, refs] = await Promise.all([listProfiles(db(), params), catalogRefs(db())]);
  return (
    <>
      <PageHeader
        actions={<NewLink actor={actor} href="/profiles/new">New profile</NewLink>} title="Profiles" description="Named bundles of scopes with limits: token lifetime, expiry and environment. Every change makes a new version." />
      <FilterBar
        path="/profiles"
        params={params}
        searchLabel="Search profiles"
        placeholder="Search by name, owner or description"
        selects={[
          { name: "environment", label: "Environment", options: refOptions(refs.environments) },
          { name: "domain", label: "Domain", options: refOptions(refs.domains) },
        ]}
        sorts={sorts}
      />
      <ProfilesTable initialData={toWire(page)} params={params} />
    </>
  );
}
