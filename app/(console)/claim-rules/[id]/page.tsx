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
import { getClaimRule } from "@/lib/catalog/queries/get-claim-rule";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ done?: string }> };

export const metadata: Metadata = { title: "Claim rule" };

const link = "text-sky-700 hover:underline dark:text-sky-400";

export default async function ClaimRulePage({ params, searchParams }: Props) {
  const actor = await requireActor();
  const x = await getClaimRule(db(), (await params).id);
  if (!x) notFound();
  const name = x.name;
  const fields: DetailField[] = [
    ["Issuer", <code key="i" className="break-all text-xs">{x.issuer}</code>],
    ["Profile", <Link key="p" href={`/profiles/${x.profile.id}`} className={link}>{`${x.profile.name} v${x.profile.version}`}</Link>],
    ["Acts as client", x.client ? <Link key="c" href={`/clients/${x.client.id}`} className={link}>{x.client.name}</Link> : "—"],
    ["Conditions", Object.keys(x.conditions).length ? <span key="c" className="font-mono text-xs">{Object.entries(x.conditions).map(([k, v]) => `${k}=${v}`).join(", ")}</span> : <Badge key="c" tone="bad">none: matches every token of the issuer</Badge>],
    ["Description", x.description || "—"],
    ["Last changed", formatDateTime(x.updatedAt)],
  ];
  return (
    <>
      <BackLink href="/claim-rules">Claim rules</BackLink>
      <PageHeader
        title={name}
        actions={
          <DetailActions actor={actor} entity="claimRule" id={x.id} label={`claim rule ${x.name}`} editHref={`/claim-rules/${x.id}/edit`} listHref="/claim-rules"></DetailActions>
        }
      />
      <AppliedNotice done={(await searchParams).done} />
      <DetailFields fields={fields} />

    </>
  );
}
