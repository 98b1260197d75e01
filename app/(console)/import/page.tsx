import type { Metadata } from "next";
import { CannotChange } from "@/components/catalog/cannot-change";
import { IngressImportForm } from "@/components/import/ingress-import-form";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { catalogRefs } from "@/lib/catalog/queries/refs";
import { db } from "@/lib/db/client";

export const metadata: Metadata = { title: "Import" };

export default async function ImportPage() {
  const actor = await requireActor();
  const refs = await catalogRefs(db());
  return (
    <>
      <PageHeader
        title="Import"
        description="Turns Kubernetes Ingress manifests into ingress resources with read, write and admin scopes, in one change request."
      />
      {can(actor, "change.create") ? (
        <IngressImportForm
          environments={refs.environments.map((e) => ({ value: e.id, label: `${e.name}${e.protection === "protected" ? " (protected)" : ""}` }))}
          domains={refs.domains.map((d) => ({ value: d.id, label: d.name }))}
        />
      ) : (
        <CannotChange role={actor?.role} />
      )}
    </>
  );
}
