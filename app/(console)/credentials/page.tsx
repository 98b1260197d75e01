import type { Metadata } from "next";
import { CredentialsTable } from "@/components/catalog/columns/credentials";
import { FilterBar, valueOptions, type FilterOption } from "@/components/ui/filter-bar";
import { NewLink } from "@/components/catalog/page-parts";
import { PageHeader } from "@/components/ui/page-header";
import { credentialStatuses, listCredentials } from "@/lib/catalog/queries/list-credentials";
import { searchParamsObject } from "@/lib/catalog/queries/paging";
import { credentialKinds } from "@/lib/catalog/schemas";
import { db } from "@/lib/db/client";
import { toWire } from "@/lib/query/table-params";
import { requireActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Credentials" };

const sorts = [
  { value: "-createdAt", label: "Newest" },
  { value: "expiresAt", label: "Expiry" },
  { value: "-lastUsedAt", label: "Recently used" },
  { value: "prefix", label: "Prefix" },
];

const kindLabel = (k: string) => (k === "provisioning_key" ? "provisioning key" : k);
const kindOptions: FilterOption[] = credentialKinds.map((k) => ({ value: k, label: kindLabel(k) }));

type SP = Promise<Record<string, string | string[] | undefined>>;

export default async function CredentialsPage({ searchParams }: { searchParams: SP }) {
  const actor = await requireActor();
  const params = searchParamsObject(await searchParams);
  const page = await listCredentials(db(), params);
  return (
    <>
      <PageHeader
        actions={<NewLink actor={actor} href="/credentials/new">New credential</NewLink>}
        title="Credentials"
        description="Client secrets and provisioning keys. A secret is shown once when created and stored only as a hash; this lists metadata."
      />
      <FilterBar
        path="/credentials"
        params={params}
        searchLabel="Search credentials"
        placeholder="Search by prefix, label or client"
        selects={[
          { name: "status", label: "Status", options: valueOptions(credentialStatuses) },
          { name: "kind", label: "Kind", options: kindOptions },
        ]}
        sorts={sorts}
        keep={["client"]}
      />
      <CredentialsTable initialData={toWire(page)} params={params} />
    </>
  );
}
