import type { Metadata } from "next";
import { ResourceForm } from "@/components/catalog/resource-form";
import { CannotChange } from "@/components/catalog/cannot-change";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { catalogRefs } from "@/lib/catalog/queries/refs";
import { db } from "@/lib/db/client";

export const metadata: Metadata = { title: "New resource" };

export default async function NewResourcePage() {
  const actor = await requireActor();
  const refs = await catalogRefs(db());
  return (
    <>
      <PageHeader title="New resource" description="Registers a piece of infrastructure and its standard scopes in one change request." />
      {can(actor, "change.create") ? (
        <ResourceForm
          environments={refs.environments.map((e) => ({ value: e.id, label: `${e.name}${e.protection === "protected" ? " (protected)" : ""}` }))}
          domains={refs.domains.map((d) => ({ value: d.id, label: d.name }))}
        />
      ) : (
        <CannotChange role={actor?.role} />
      )}
    </>
  );
}
