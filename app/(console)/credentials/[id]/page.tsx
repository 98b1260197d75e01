import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AppliedNotice, BackLink, DetailActions } from "@/components/catalog/page-parts";
import { Badge, statusTone } from "@/components/ui/badge";
import { DetailFields, type DetailField } from "@/components/ui/detail-fields";
import { PageHeader } from "@/components/ui/page-header";
import { requireActor } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { formatDateTime } from "@/lib/format";
import { getCredential } from "@/lib/catalog/queries/get-credential";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ done?: string }> };

export const metadata: Metadata = { title: "Credential" };

const link = "text-sky-700 hover:underline dark:text-sky-400";

export default async function CredentialPage({ params, searchParams }: Props) {
  const actor = await requireActor();
  const x = await getCredential(db(), (await params).id);
  if (!x) notFound();
  const name = x.label || x.prefix;
  const fields: DetailField[] = [
    ["Client", <Link key="c" href={`/clients/${x.client.id}`} className={link}>{x.client.name}</Link>],
    ["Kind", x.kind],
    ["Prefix", <code key="p">{x.prefix}</code>],
    ["Status", <Badge key="s" tone={statusTone[x.status] ?? "neutral"}>{x.status}</Badge>],
    ["Created", formatDateTime(x.createdAt)],
    ["Expires", x.expiresAt ? formatDateTime(x.expiresAt) : <Badge key="e" tone="warn">never</Badge>],
    ["Revoked", x.revokedAt ? formatDateTime(x.revokedAt) : "—"],
    ["Last used", x.lastUsedAt ? formatDateTime(x.lastUsedAt) : "never"],
  ];
  return (
    <>
      <BackLink href="/credentials">Credentials</BackLink>
      <PageHeader
        title={name}
        actions={
          <DetailActions actor={actor} entity="credential" id={x.id} label={`credential ${name}`} editHref={`/credentials/${x.id}/edit`} listHref="/credentials"></DetailActions>
        }
      />
      <AppliedNotice done={(await searchParams).done} />
      <DetailFields fields={fields} />

    </>
  );
}
