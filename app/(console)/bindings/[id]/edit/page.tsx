import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CannotChange } from "@/components/catalog/cannot-change";
import { EntityForm } from "@/components/catalog/entity-form";
import { BackLink } from "@/components/catalog/page-parts";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { getBinding } from "@/lib/catalog/queries/get-binding";
import { db } from "@/lib/db/client";
import { bindingEditFields } from "@/components/catalog/field-specs";

export const metadata: Metadata = { title: "Edit binding" };

export default async function EditBindingsPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const x = await getBinding(db(), (await params).id);
  if (!x) notFound();
  const name = `${x.client.name} → ${x.profile.name}`;

  return (
    <>
      <BackLink href={`/bindings/${x.id}`}>{name}</BackLink>
      <PageHeader title={`Edit binding ${name}`} />
      {can(actor, "change.create") ? (
        <EntityForm entity="binding" mode="update" id={x.id} fields={bindingEditFields(x)} title={`Update binding ${name}`} detailBase="/bindings/" />
      ) : (
        <CannotChange role={actor.role} />
      )}
    </>
  );
}
