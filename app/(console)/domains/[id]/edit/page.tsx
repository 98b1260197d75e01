import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CannotChange } from "@/components/catalog/cannot-change";
import { EntityForm } from "@/components/catalog/entity-form";
import { domainFields } from "@/components/catalog/field-specs";
import { BackLink } from "@/components/catalog/page-parts";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { getDomain } from "@/lib/catalog/queries/get-domain";
import { db } from "@/lib/db/client";

export const metadata: Metadata = { title: "Edit domain" };

export default async function EditDomainPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const d = await getDomain(db(), (await params).id);
  if (!d) notFound();
  return (
    <>
      <BackLink href={`/domains/${d.id}`}>{d.name}</BackLink>
      <PageHeader title={`Edit domain ${d.name}`} />
      {can(actor, "change.create") ? (
        <EntityForm entity="domain" mode="update" id={d.id} fields={domainFields("update", d)} title={`Update domain ${d.name}`} detailBase="/domains/" />
      ) : (
        <CannotChange role={actor.role} />
      )}
    </>
  );
}
