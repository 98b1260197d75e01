import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CannotChange } from "@/components/catalog/cannot-change";
import { EntityForm } from "@/components/catalog/entity-form";
import { BackLink } from "@/components/catalog/page-parts";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { getScope } from "@/lib/catalog/queries/get-scope";
import { db } from "@/lib/db/client";
import { scopeFields } from "@/components/catalog/field-specs";

export const metadata: Metadata = { title: "Edit scope" };

export default async function EditScopesPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const x = await getScope(db(), (await params).id);
  if (!x) notFound();
  const name = x.name;

  return (
    <>
      <BackLink href={`/scopes/${x.id}`}>{name}</BackLink>
      <PageHeader title={`Edit scope ${name}`} />
      {can(actor, "change.create") ? (
        <EntityForm entity="scope" mode="update" id={x.id} fields={scopeFields("update", [], x)} title={`Update scope ${name}`} detailBase="/scopes/" />
      ) : (
        <CannotChange role={actor.role} />
      )}
    </>
  );
}
