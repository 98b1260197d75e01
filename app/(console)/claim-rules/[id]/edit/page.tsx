import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CannotChange } from "@/components/catalog/cannot-change";
import { EntityForm } from "@/components/catalog/entity-form";
import { BackLink } from "@/components/catalog/page-parts";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { getClaimRule } from "@/lib/catalog/queries/get-claim-rule";
import { db } from "@/lib/db/client";
import { claimRuleFields } from "@/components/catalog/field-specs";

export const metadata: Metadata = { title: "Edit claim rule" };

export default async function EditClaimRulesPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const x = await getClaimRule(db(), (await params).id);
  if (!x) notFound();
  const name = x.name;
  const [profiles, clients] = await Promise.all([
    db().profile.findMany({ orderBy: { name: "asc" }, take: 2000, select: { id: true, name: true } }),
    db().client.findMany({ orderBy: { name: "asc" }, take: 2000, select: { id: true, name: true } }),
  ]);
  const asOptions = (rows: { id: string; name: string }[]) => rows.map((r) => ({ value: r.id, label: r.name }));
  return (
    <>
      <BackLink href={`/claim-rules/${x.id}`}>{name}</BackLink>
      <PageHeader title={`Edit claim rule ${name}`} />
      {can(actor, "change.create") ? (
        <EntityForm entity="claimRule" mode="update" id={x.id} fields={claimRuleFields("update", asOptions(profiles), asOptions(clients), { ...x, profileId: x.profile.id, clientId: x.client?.id ?? "" })} title={`Update claim rule ${name}`} detailBase="/claim-rules/" />
      ) : (
        <CannotChange role={actor.role} />
      )}
    </>
  );
}
