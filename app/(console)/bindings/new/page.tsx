import type { Metadata } from "next";
import { BindingForm } from "@/components/catalog/binding-form";
import { CannotChange } from "@/components/catalog/cannot-change";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { clientRef } from "@/lib/catalog/queries/client-ref";
import { db } from "@/lib/db/client";

export const metadata: Metadata = { title: "New binding" };

export default async function NewBindingPage({ searchParams }: { searchParams: Promise<{ client?: string }> }) {
  const actor = await requireActor();
  const { client: clientId } = await searchParams;
  const client = clientId ? await clientRef(db(), clientId) : null;
  return (
    <>
      <PageHeader title="New binding" description="Gives a client a profile, for good or until an expiry (a temporary grant)." />
      {can(actor, "change.create") ? (
        <BindingForm initialClient={client ? { id: client.id, name: client.name, detail: `${client.kind} · ${client.status}` } : null} />
      ) : (
        <CannotChange role={actor?.role} />
      )}
    </>
  );
}
