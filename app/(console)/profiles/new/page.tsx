import type { Metadata } from "next";
import { CannotChange } from "@/components/catalog/cannot-change";
import { ProfileForm } from "@/components/catalog/profile-form";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { catalogRefs } from "@/lib/catalog/queries/refs";
import { db } from "@/lib/db/client";

export const metadata: Metadata = { title: "New profile" };

export default async function NewProfilePage() {
  const actor = await requireActor();
  const refs = await catalogRefs(db());
  return (
    <>
      <PageHeader title="New profile" description="A named bundle of scopes with limits. Tokens are issued under exactly one profile version." />
      {can(actor, "change.create") ? <ProfileForm environments={refs.environments} domains={refs.domains} /> : <CannotChange role={actor?.role} />}
    </>
  );
}
