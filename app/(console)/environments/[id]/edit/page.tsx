import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CannotChange } from "@/components/catalog/cannot-change";
import { EntityForm } from "@/components/catalog/entity-form";
import { BackLink } from "@/components/catalog/page-parts";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { getEnvironment } from "@/lib/catalog/queries/get-environment";
import { db } from "@/lib/db/client";
import { environmentFields } from "@/components/catalog/field-specs";

export const metadata: Metadata = { title: "Edit environment" };

export default async function EditEnvironmentsPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const x = await getEnvironment(db(), (await params).id);
  if (!x) notFound();
  const name = x.name;

  return (
    <>
      <BackLink href={`/environments/${x.id}`}>{name}</BackLink>
      <PageHeader title={`Edit environment ${name}`} />
      {can(actor, "change.create") ? (
        <EntityForm entity="environment" mode="update" id={x.id} fields={environmentFields("update", x)} title={`Update environment ${name}`} detailBase="/environments/" />
      ) : (
        <CannotChange role={actor.role} />
      )}
    </>
  );
}
