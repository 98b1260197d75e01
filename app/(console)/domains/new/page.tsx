import type { Metadata } from "next";
import { CannotChange } from "@/components/catalog/cannot-change";
import { EntityForm } from "@/components/catalog/entity-form";
import { domainFields } from "@/components/catalog/field-specs";
import { BackLink } from "@/components/catalog/page-parts";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";

export const metadata: Metadata = { title: "New domain" };

export default async function NewDomainPage() {
  const actor = await requireActor();
  return (
    <>
      <BackLink href="/domains">Domains</BackLink>
      <PageHeader title="New domain" description="A segment of the infrastructure; its owners approve the changes within it." />
      {can(actor, "change.create") ? (
        <EntityForm entity="domain" mode="create" fields={domainFields("create")} title="Create domain" detailBase="/domains/" />
      ) : (
        <CannotChange role={actor.role} />
      )}
    </>
  );
}
