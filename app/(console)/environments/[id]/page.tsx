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
import { getEnvironment } from "@/lib/catalog/queries/get-environment";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ done?: string }> };

export const metadata: Metadata = { title: "Environment" };

const link = "text-sky-700 hover:underline dark:text-sky-400";

export default async function EnvironmentPage({ params, searchParams }: Props) {
  const actor = await requireActor();
  const x = await getEnvironment(db(), (await params).id);
  if (!x) notFound();
  const name = x.name;
  const fields: DetailField[] = [
    ["Display name", x.displayName || "—"],
    ["Protection", <Badge key="p" tone={x.protection === "protected" ? "warn" : "neutral"}>{x.protection}</Badge>],
    ["Rank", x.rank],
    ["Blocking checks", x.blockingChecks.length ? x.blockingChecks.join(", ") : "none"],
    ["Resources", <Link key="r" href={`/resources?environment=${encodeURIComponent(x.name)}`} className={link}>{x.resources}</Link>],
    ["Profiles", <Link key="p" href={`/profiles?environment=${encodeURIComponent(x.name)}`} className={link}>{x.profiles}</Link>],
    ["Last changed", formatDateTime(x.updatedAt)],
  ];
  return (
    <>
      <BackLink href="/environments">Environments</BackLink>
      <PageHeader
        title={name}
        actions={
          <DetailActions actor={actor} entity="environment" id={x.id} label={`environment ${x.name}`} editHref={`/environments/${x.id}/edit`} listHref="/environments"></DetailActions>
        }
      />
      <AppliedNotice done={(await searchParams).done} />
      <DetailFields fields={fields} />

    </>
  );
}
