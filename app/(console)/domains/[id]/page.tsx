import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AppliedNotice, BackLink, DetailActions } from "@/components/catalog/page-parts";
import { DetailFields, type DetailField } from "@/components/ui/detail-fields";
import { PageHeader } from "@/components/ui/page-header";
import { requireActor } from "@/lib/auth/session";
import { getDomain } from "@/lib/catalog/queries/get-domain";
import { db } from "@/lib/db/client";
import { formatDateTime } from "@/lib/format";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ done?: string }> };

export const metadata: Metadata = { title: "Domain" };

const link = "text-sky-700 hover:underline dark:text-sky-400";

export default async function DomainPage({ params, searchParams }: Props) {
  const actor = await requireActor();
  const d = await getDomain(db(), (await params).id);
  if (!d) notFound();
  const count = (list: "resources" | "clients" | "profiles", n: number) => (
    <Link href={`/${list}?domain=${encodeURIComponent(d.name)}`} className={link}>
      {n}
    </Link>
  );
  const fields: DetailField[] = [
    ["Display name", d.displayName || "—"],
    ["Owners", d.ownerEmails.length ? d.ownerEmails.join(", ") : "nobody yet"],
    ["Resources", count("resources", d.resources)],
    ["Clients", count("clients", d.clients)],
    ["Profiles", count("profiles", d.profiles)],
    ["Last changed", formatDateTime(d.updatedAt)],
  ];
  return (
    <>
      <BackLink href="/domains">Domains</BackLink>
      <PageHeader
        title={d.name}
        description={d.description || undefined}
        actions={<DetailActions actor={actor} entity="domain" id={d.id} label={`domain ${d.name}`} editHref={`/domains/${d.id}/edit`} listHref="/domains" />}
      />
      <AppliedNotice done={(await searchParams).done} />
      <DetailFields fields={fields} />
    </>
  );
}
