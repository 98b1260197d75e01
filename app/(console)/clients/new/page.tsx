import type { Metadata } from "next";
import { CannotChange } from "@/components/catalog/cannot-change";
import { ClientForm } from "@/components/catalog/client-form";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { catalogRefs } from "@/lib/catalog/queries/refs";
import { db } from "@/lib/db/client";

export const metadata: Metadata = { title: "New client" };

export default async function NewClientPage() {
  const actor = await requireActor();
  const { domains } = await catalogRefs(db());
  return (
    <>
      <PageHeader title="New client" description="A person, pipeline, job, service or key that receives profiles through bindings or claim rules." />
      {can(actor, "change.create") ? <ClientForm domains={domains.map((d) => ({ value: d.id, label: d.name }))} /> : <CannotChange role={actor?.role} />}
    </>
  );
}
