import type { Metadata } from "next";
import { CannotChange } from "@/components/catalog/cannot-change";
import { EntityForm } from "@/components/catalog/entity-form";
import { BackLink } from "@/components/catalog/page-parts";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { claimRuleFields } from "@/components/catalog/field-specs";
import { db } from "@/lib/db/client";

export const metadata: Metadata = { title: "New claim rule" };

type SP = Promise<Record<string, string | string[] | undefined>>;

export default async function NewClaimRulesPage({ searchParams }: { searchParams: SP }) {
  const actor = await requireActor();
  const sp = await searchParams;
  const pre = (k: string) => (typeof sp[k] === "string" ? (sp[k] as string) : undefined);
  const [profiles, clients] = await Promise.all([
    db().profile.findMany({ orderBy: { name: "asc" }, take: 2000, select: { id: true, name: true } }),
    db().client.findMany({ orderBy: { name: "asc" }, take: 2000, select: { id: true, name: true } }),
  ]);
  const asOptions = (rows: { id: string; name: string }[]) => rows.map((r) => ({ value: r.id, label: r.name }));
  return (
    <>
      <BackLink href="/claim-rules">Back to the list</BackLink>
      <PageHeader title="New claim rule" description="Tokens from an OIDC issuer whose claims match these conditions get a profile (e.g. a CI pipeline’s repository and ref)." />
      {can(actor, "change.create") ? (
        <EntityForm entity="claimRule" mode="create" fields={claimRuleFields("create", asOptions(profiles), asOptions(clients), { profileId: pre("profile") })} title="Create claim rule" detailBase="/claim-rules/" />
      ) : (
        <CannotChange role={actor.role} />
      )}
    </>
  );
}
