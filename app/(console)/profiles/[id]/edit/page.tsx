import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CannotChange } from "@/components/catalog/cannot-change";
import { ProfileEditForm } from "@/components/catalog/profile-edit-form";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requireActor } from "@/lib/auth/session";
import { getProfile } from "@/lib/catalog/queries/get-profile";
import { db } from "@/lib/db/client";

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  await requireActor();
  const p = await getProfile(db(), (await params).id);
  return { title: p ? `Edit ${p.name}` : "Profile not found" };
}

export default async function EditProfilePage({ params }: Props) {
  const actor = await requireActor();
  const p = await getProfile(db(), (await params).id);
  if (!p) notFound();
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={`/profiles/${p.id}`} className="text-sky-700 hover:underline dark:text-sky-400">
          ← {p.name}
        </Link>
      </p>
      <PageHeader
        title={`Edit ${p.name}`}
        description="Add or remove scopes and change the limits. The edit is proposed as a change request: widening access in a protected environment waits for review."
      />
      {can(actor, "change.create") ? (
        <ProfileEditForm
          profile={{
            id: p.id,
            name: p.name,
            environment: p.environment?.name ?? "",
            maxTokenLifetimeSeconds: p.maxTokenLifetimeSeconds,
            expiresAt: p.expiresAt?.toISOString() ?? null,
            scopes: p.scopes.map((s) => ({ id: s.id, name: s.name, environment: s.environment })),
          }}
        />
      ) : (
        <CannotChange role={actor?.role} />
      )}
    </>
  );
}
