import type { Metadata } from "next";
import { CannotChange } from "@/components/catalog/cannot-change";
import { EntityForm } from "@/components/catalog/entity-form";
import { BackLink } from "@/components/catalog/page-parts";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { scopeFields } from "@/components/catalog/field-specs";
import { db } from "@/lib/db/client";

export const metadata: Metadata = { title: "New scope" };

type SP = Promise<Record<string, string | string[] | undefined>>;

export default async function NewScopesPage({ searchParams }: { searchParams: SP }) {
  const actor = await requireActor();
  const sp = await searchParams;
  const pre = (k: string) => (typeof sp[k] === "string" ? (sp[k] as string) : undefined);
  const resources = await db().resource.findMany({ orderBy: [{ name: "asc" }], take: 2000, select: { id: true, name: true, environment: { select: { name: true } } } });
  const options = resources.map((r) => ({ value: r.id, label: `${r.environment.name}/${r.name}` }));
  return (
    <>
      <BackLink href="/scopes">Back to the list</BackLink>
      <PageHeader title="New scope" description="One action on one resource, e.g. orders-db:read." />
      {can(actor, "change.create") ? (
        <EntityForm entity="scope" mode="create" fields={scopeFields("create", options, { resourceId: pre("resource") })} title="Create scope" detailBase="/scopes/" />
      ) : (
        <CannotChange role={actor.role} />
      )}
    </>
  );
}
