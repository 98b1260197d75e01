import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CannotChange } from "@/components/catalog/cannot-change";
import { EntityForm } from "@/components/catalog/entity-form";
import { BackLink } from "@/components/catalog/page-parts";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { getResource } from "@/lib/catalog/queries/get-resource";
import { db } from "@/lib/db/client";
import { resourceEditFields } from "@/components/catalog/field-specs";
import { catalogRefs } from "@/lib/catalog/queries/refs";

export const metadata: Metadata = { title: "Edit resource" };

export default async function EditResourcesPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const x = await getResource(db(), (await params).id);
  if (!x) notFound();
  const name = x.name;
  const refs = await catalogRefs(db());
  const options = { environments: refs.environments.map((e) => ({ value: e.id, label: e.name })), domains: refs.domains.map((d) => ({ value: d.id, label: d.name })) };
  return (
    <>
      <BackLink href={`/resources/${x.id}`}>{name}</BackLink>
      <PageHeader title={`Edit resource ${name}`} />
      {can(actor, "change.create") ? (
        <EntityForm entity="resource" mode="update" id={x.id} fields={resourceEditFields(options, { ...x, domainId: x.domain.id })} title={`Update resource ${name}`} detailBase="/resources/" />
      ) : (
        <CannotChange role={actor.role} />
      )}
    </>
  );
}
