import type { Metadata } from "next";
import { ClaimRulesTable } from "@/components/catalog/columns/claim-rules";
import { FilterBar, valueOptions } from "@/components/ui/filter-bar";
import { NewLink } from "@/components/catalog/page-parts";
import { PageHeader } from "@/components/ui/page-header";
import { claimRuleIssuers, listClaimRules } from "@/lib/catalog/queries/list-claim-rules";
import { searchParamsObject } from "@/lib/catalog/queries/paging";
import { db } from "@/lib/db/client";
import { toWire } from "@/lib/query/table-params";
import { requireActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Claim rules" };

const sorts = [
  { value: "name", label: "Name" },
  { value: "issuer", label: "Issuer" },
  { value: "-updatedAt", label: "Recently changed" },
];

type SP = Promise<Record<string, string | string[] | undefined>>;

export default async function ClaimRulesPage({ searchParams }: { searchParams: SP }) {
  const actor = await requireActor();
  const params = searchParamsObject(await searchParams);
  const [page, issuers] = await Promise.all([listClaimRules(db(), params), claimRuleIssuers(db())]);
  return (
    <>
      <PageHeader
        actions={<NewLink actor={actor} href="/claim-rules/new">New claim rule</NewLink>}
        title="Claim rules"
        description="OIDC issuer and claim conditions that give a token a profile, such as a CI pipeline's repository and ref."
      />
      <FilterBar
        path="/claim-rules"
        params={params}
        searchLabel="Search claim rules"
        placeholder="Search by name, issuer or claim value"
        selects={[{ name: "issuer", label: "Issuer", options: valueOptions(issuers) }]}
        sorts={sorts}
        keep={["profile", "client"]}
      />
      <ClaimRulesTable initialData={toWire(page)} params={params} />
    </>
  );
}
