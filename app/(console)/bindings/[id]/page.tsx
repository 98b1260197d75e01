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
import { getBinding } from "@/lib/catalog/queries/get-binding";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ done?: string }> };

export const metadata: Metadata = { title: "Binding" };

const link = "text-sky-700 hover:underline dark:text-sky-400";

export default async function BindingPage({ params, searchParams }: Props) {
  const actor = await requireActor();
  const x = await getBinding(db(), (await params).id);
  if (!x) notFound();
  const name = `${x.client.name} → ${x.profile.name}`;
  const fields: DetailField[] = [
    ["Client", <Link key="c" href={`/clients/${x.client.id}`} className={link}>{x.client.name}</Link>],
    ["Client status", <Badge key="s" tone={statusTone[x.client.status]}>{x.client.status}</Badge>],
    ["Profile", <Link key="p" href={`/profiles/${x.profile.id}`} className={link}>{`${x.profile.name} v${x.profile.version}`}</Link>],
    ["Environment", x.profile.environment?.name ?? "any"],
    ["Expires", x.expiresAt ? <Badge key="e" tone={x.expired ? "bad" : "warn"}>{`${x.expired ? "expired " : ""}${formatDateTime(x.expiresAt)}`}</Badge> : "never (standing grant)"],
    ["Reason", x.reason || "—"],
    ["Last changed", formatDateTime(x.updatedAt)],
  ];
  return (
    <>
      <BackLink href="/bindings">Bindings</BackLink>
      <PageHeader
        title={name}
        actions={
          <DetailActions actor={actor} entity="binding" id={x.id} label={`binding ${name}`} editHref={`/bindings/${x.id}/edit`} listHref="/bindings"></DetailActions>
        }
      />
      <AppliedNotice done={(await searchParams).done} />
      <DetailFields fields={fields} />

    </>
  );
}
