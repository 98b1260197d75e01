import type { Metadata } from "next";
import { CannotChange } from "@/components/catalog/cannot-change";
import { EntityForm } from "@/components/catalog/entity-form";
import { BackLink } from "@/components/catalog/page-parts";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { environmentFields } from "@/components/catalog/field-specs";

export const metadata: Metadata = { title: "New environment" };

export default async function NewEnvironmentsPage() {
  const actor = await requireActor();
  return (
    <>
      <BackLink href="/environments">Back to the list</BackLink>
      <PageHeader title="New environment" description="Where resources run; a protected environment makes every change in it need review." />
      {can(actor, "change.create") ? (
        <EntityForm entity="environment" mode="create" fields={environmentFields("create")} title="Create environment" detailBase="/environments/" />
      ) : (
        <CannotChange role={actor.role} />
      )}
    </>
  );
}
