import type { Metadata } from "next";
import { CannotChange } from "@/components/catalog/cannot-change";
import { CredentialForm } from "@/components/catalog/credential-form";
import { BackLink } from "@/components/catalog/page-parts";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { loadDriftPolicy } from "@/lib/drift/settings";

export const metadata: Metadata = { title: "New credential" };

type SP = Promise<Record<string, string | string[] | undefined>>;

export default async function NewCredentialPage({ searchParams }: { searchParams: SP }) {
  const actor = await requireActor();
  const sp = await searchParams;
  const [clients, policy] = await Promise.all([
    db().client.findMany({ orderBy: { name: "asc" }, take: 2000, select: { id: true, name: true, kind: true } }),
    loadDriftPolicy(db()),
  ]);
  return (
    <>
      <BackLink href="/credentials">Credentials</BackLink>
      <PageHeader title="New credential" description="Issues a client secret through a change request. The secret is shown once and stored hashed." />
      {can(actor, "change.create") ? (
        <CredentialForm
          clients={clients.map((c) => ({ value: c.id, label: `${c.name} (${c.kind})` }))}
          clientId={typeof sp.client === "string" ? sp.client : undefined}
          defaultDays={policy.credentialRotationDays}
        />
      ) : (
        <CannotChange role={actor.role} />
      )}
    </>
  );
}
