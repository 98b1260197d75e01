import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CannotChange } from "@/components/catalog/cannot-change";
import { EntityForm } from "@/components/catalog/entity-form";
import { BackLink } from "@/components/catalog/page-parts";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { getClient } from "@/lib/catalog/queries/get-client";
import { db } from "@/lib/db/client";
import { clientEditFields } from "@/components/catalog/field-specs";
import { catalogRefs } from "@/lib/catalog/queries/refs";

export const metadata: Metadata = { title: "Edit client" };

export default async function EditClientsPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const x = await getClient(db(), (await params).id);
  if (!x) notFound();
  const name = x.name;
  const refs = await catalogRefs(db());
  const options = { environments: [], domains: refs.domains.map((d) => ({ value: d.id, label: d.name })) };
  return (
    <>
      <BackLink href={`/clients/${x.id}`}>{name}</BackLink>
      <PageHeader title={`Edit client ${name}`} />
      {can(actor, "change.create") ? (
        <EntityForm entity="client" mode="update" id={x.id} fields={clientEditFields(options, { ...x, domainId: x.domain?.id ?? "" })} title={`Update client ${name}`} detailBase="/clients/" />
      ) : (
        <CannotChange role={actor.role} />
      )}
    </>
  );
}
