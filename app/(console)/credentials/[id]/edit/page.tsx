import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { CannotChange } from "@/components/catalog/cannot-change";
import { EntityForm } from "@/components/catalog/entity-form";
import { BackLink } from "@/components/catalog/page-parts";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { getCredential } from "@/lib/catalog/queries/get-credential";
import { db } from "@/lib/db/client";
import { credentialEditFields } from "@/components/catalog/field-specs";

export const metadata: Metadata = { title: "Edit credential" };

export default async function EditCredentialsPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor();
  const x = await getCredential(db(), (await params).id);
  if (!x) notFound();
  const name = x.label || x.prefix;

  return (
    <>
      <BackLink href={`/credentials/${x.id}`}>{name}</BackLink>
      <PageHeader title={`Edit credential ${name}`} />
      {can(actor, "change.create") ? (
        <EntityForm entity="credential" mode="update" id={x.id} fields={credentialEditFields(x)} title={`Update credential ${name}`} detailBase="/credentials/" />
      ) : (
        <CannotChange role={actor.role} />
      )}
    </>
  );
}
